/**
 * What the demo's cases say: how often each leaf category is reported, and the Chinese text of
 * reports, results and reasons. `{b}` is a building, `{r}` a road, `{n}` a small number.
 */

// Street appearance and street order dominate real 12345/grid reports; disputes and hazards are rarer.
// biome-ignore format: one table, one row per category
export const CATEGORY_WEIGHTS: Record<string, number> = {
  exposed_garbage: 10, overflowing_bin: 7, illegal_ad: 7, road_dirt: 6, construction_waste: 3,
  manhole_cover: 2, street_light: 4, hydrant: 1, road_damage: 3, water_leak: 1.5,
  street_vending: 7, occupying_road: 8, illegal_parking: 8, illegal_building: 2,
  neighbour_dispute: 2, property_dispute: 2, wage_arrears: 0.8, family_dispute: 0.8,
  fire_hazard: 1.2, blocked_exit: 2, gas_hazard: 0.6, ebike_charging: 2.5, building_danger: 0.5,
  elderly_care: 1.5, medical_service: 0.8, food_safety: 1.2, noise: 4, greenery: 2.5,
};

// biome-ignore format: one list per category
export const DESCRIPTIONS: Record<string, string[]> = {
  exposed_garbage: ['{b}楼下垃圾堆放未清运', '{r}路边有生活垃圾散落，已有异味', '{b}旁绿化带内被倾倒装修垃圾和生活垃圾', '{r}人行道上有暴露垃圾约{n}袋，无人清理', '{b}后侧空地长期堆放杂物垃圾，滋生蚊虫'],
  overflowing_bin: ['{b}门口垃圾桶已满溢，垃圾散落地面', '{r}垃圾收集点垃圾满溢未及时清运', '{b}分类垃圾桶满溢，周边污水横流', '{r}公交站旁果皮箱满溢'],
  illegal_ad: ['{b}单元门口及楼道张贴大量小广告', '{r}电线杆上张贴办证、开锁类小广告', '{b}外墙被喷涂电话号码广告', '{r}沿街{n}处路灯杆被贴满小广告'],
  road_dirt: ['{r}路面有大量泥浆，行人难以通行', '{r}路段油污严重，已有电动车滑倒', '{b}门前路面长期不洁，落叶垃圾未清扫', '{r}下水口周边污泥淤积'],
  construction_waste: ['{r}有渣土车沿途遗撒，路面泥土堆积', '{b}附近工地渣土未覆盖，扬尘严重', '{r}路边被偷倒建筑垃圾约{n}车', '{b}旁有装修渣土遗撒未清理'],
  manhole_cover: ['{r}人行道井盖缺失，存在安全隐患', '{b}门前井盖破损下陷', '{r}机动车道井盖松动，车辆经过异响', '{b}小区出入口雨水箅子丢失'],
  street_light: ['{r}路段{n}盏路灯不亮，夜间漆黑', '{b}旁路灯白天常亮', '{r}路灯灯杆倾斜，灯罩脱落', '{b}楼前庭院灯损坏多日未修'],
  hydrant: ['{b}旁消防栓漏水', '{r}消防栓被车辆撞歪', '{b}楼下消防栓被杂物遮挡且阀门锈死', '{r}消防栓箱门损坏，水带缺失'],
  road_damage: ['{r}路面出现坑洞，车辆绕行', '{b}门前人行道地砖松动翘起', '{r}路段塌陷约{n}平方米', '{r}盲道破损中断'],
  water_leak: ['{r}地下供水管道爆裂，路面冒水', '{b}楼前供水管漏水，水流成河', '{b}地下室水管漏水，已淹没部分车位', '{r}路边阀门井持续渗水'],
  street_vending: ['{r}路口有流动摊贩占道经营', '{b}附近早晚有游商卖水果，堵塞通道', '{r}学校门口无照摊点聚集', '{r}夜间烧烤摊占道经营，油烟扰民'],
  occupying_road: ['{b}底商店外摆卖占用人行道', '{r}餐馆在门前摆放桌椅经营', '{r}汽修店在人行道上修车', '{b}门店货物堆放至店外'],
  illegal_parking: ['{b}楼下消防通道有车辆违停', '{r}路段车辆乱停，占用盲道', '{r}公交站台前长期停放私家车', '{b}出入口被车辆堵塞，居民无法通行'],
  illegal_building: ['{b}顶楼有住户私搭乱建', '{b}一楼住户违规扩建院墙', '{r}路边新搭建铁皮房', '{b}楼顶加建彩钢棚'],
  neighbour_dispute: ['{b}楼上楼下因漏水问题发生纠纷', '{b}住户因楼道堆物与邻居发生争吵', '{b}两户居民因停车位归属发生矛盾', '{b}住户饲养宠物扰邻，双方多次争执'],
  property_dispute: ['{b}居民与物业因收费问题发生纠纷', '{b}电梯长期故障，居民对物业不满', '{b}物业撤场后小区管理无人负责', '{b}业主反映公共收益去向不明'],
  wage_arrears: ['{r}工地{n}名工人反映被拖欠工资', '{b}附近餐馆员工反映老板拖欠工资', '{r}装修公司拖欠工人工资约{n}万元', '{b}保洁人员反映被克扣工资'],
  family_dispute: ['{b}一住户夫妻争吵激烈，邻居报告', '{b}老人反映子女不尽赡养义务', '{b}住户因房产分割发生家庭矛盾', '{b}一家庭因离婚抚养问题发生冲突'],
  fire_hazard: ['{b}楼道内堆放大量易燃杂物', '{b}底商违规住人，存在消防隐患', '{r}餐馆后厨燃气管线老化', '{b}楼内灭火器过期'],
  blocked_exit: ['{b}消防通道被杂物堵塞', '{b}安全出口被上锁', '{r}小区消防车道被车辆占用', '{b}楼梯间被住户堆放家具'],
  gas_hazard: ['{b}楼道内闻到燃气味', '{r}餐馆违规使用液化气瓶', '{b}燃气管道外露锈蚀', '{b}住户私改燃气管道'],
  ebike_charging: ['{b}有住户从楼上拉线给电动车充电', '{b}楼道内电动车违规停放充电', '{b}一楼大堂有电动车充电', '{b}电动车电池被带入电梯上楼充电'],
  building_danger: ['{b}外墙瓷砖脱落，危及行人', '{b}阳台出现裂缝，住户担心安全', '{b}老旧楼房墙体开裂', '{r}废弃房屋存在倒塌风险'],
  elderly_care: ['{b}独居老人多日未出门，邻居担心', '{b}高龄老人申请居家养老服务', '{b}老人反映助餐点饭菜不合口', '{b}失能老人家属申请上门照护'],
  medical_service: ['{b}居民反映社区卫生站排队时间长', '{b}慢病老人申请家庭医生签约', '{r}诊所疑似无证行医', '{b}居民反映疫苗接种预约困难'],
  food_safety: ['{r}小吃店后厨卫生条件差', '{b}附近便利店销售过期食品', '{r}早餐摊无健康证经营', '{r}餐馆使用来源不明食材'],
  noise: ['{b}附近工地夜间施工噪声扰民', '{b}楼下广场舞音响声音过大', '{r}酒吧深夜噪声扰民', '{b}楼上住户装修噪声持续到夜间'],
  greenery: ['{b}前绿化带被踩踏破坏', '{r}行道树倒伏，压住路边车辆', '{b}住户私自砍伐楼前树木', '{r}绿地被改作菜地'],
};

/** Openings that say how the report came in. */
export const SOURCE_OPENINGS: Record<string, string[]> = {
  grid_worker: ['', '', '巡查发现：'],
  hotline: ['市民来电反映：', '12345转办：', '来电人称：'],
  resident: ['', '居民反映：'],
  department: ['部门移交：'],
  camera: ['视频监控发现：', '智能分析告警：'],
};

export const EXTRAS = ['', '', '', '，请尽快处理', '，已持续多日', '，居民意见较大', '，多次反映未解决'];

/** Results by top-level category. */
// biome-ignore format: one list per category
export const RESULTS: Record<string, string[]> = {
  appearance: ['已安排环卫人员清运完毕', '已清理干净并加强巡查', '已清除并约谈相关商户', '已清扫冲洗路面'],
  facilities: ['已更换新件，恢复正常', '已维修完毕', '已设置警示并完成修复', '已通知权属单位修复完成'],
  street_order: ['已劝离并教育', '已责令整改，现场恢复正常', '已依法处罚并清理现场', '已张贴告知书，限期整改到位'],
  disputes: ['经调解双方达成一致', '已组织双方协商，签订调解协议', '已引导当事人通过法律途径解决', '已上门调解，矛盾化解'],
  safety: ['隐患已消除', '已责令整改并复查合格', '已清理杂物，通道畅通', '已暂停使用并完成整改'],
  public_services: ['已上门服务并登记需求', '已协调相关单位解决', '已答复居民并跟进处理', '已核实处理，居民认可'],
};

export const REJECT_REASONS = [
  '经核实不属于受理范围',
  '信息不全，无法核实',
  '属于个人私事，建议通过司法途径解决',
  '现场核实无此问题',
];
export const SEND_BACK_REASONS = [
  '不属于本单位职责范围，请重新派遣',
  '权属不清，需其他部门处理',
  '问题涉及多部门，请协调派遣',
];
export const REOPEN_REASONS = [
  '现场核查问题仍未解决',
  '处理不彻底，问题反复',
  '居民反映问题依旧存在',
  '整改不到位',
];
export const SUPERVISE_NOTES = [
  '请加快处置，尽快反馈结果',
  '该问题群众反映强烈，限期办结',
  '超时未办结，请说明原因并加快办理',
];
export const VERIFY_NOTES = ['现场核查已处理完毕', '经核查已整改到位', '核查属实，处置完成'];

/** Hotline callers' mobile number prefixes. */
export const MOBILE_PREFIXES = [
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '158',
  '159',
  '186',
  '188',
  '189',
];
