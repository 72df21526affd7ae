/** The audit page's messages (`audit.*`), spread into the app's zh-CN messages. */
const auditZh = {
  title: '审计日志',
  filter: {
    actor: '操作人（用户名）',
    action: '操作（如 registry 或 registry.update）',
    targetId: '对象 ID',
    period: '时间范围',
    search: '查询',
    reset: '重置',
  },
  field: {
    at: '时间',
    actorName: '操作人',
    role: '角色',
    ip: '来源地址',
    action: '操作',
    target: '对象',
    result: '结果',
    detail: '详情',
    hash: '哈希',
  },
  unsealed: '尚未封存入哈希链（约一秒内完成）',
  result: {
    ok: '成功',
    denied: '拒绝',
    failed: '失败',
  },
  system: '系统',
  total: '共 {{count}} 条',
};

export default auditZh;
