import { excel } from '../../platform/exceljs.ts';

/**
 * The ownership ledger's template (房屋产权台账模板): sheet "产权台账" with the header row the import
 * reads (its cells formatted as text, so Excel keeps an 18-digit ID number whole), and sheet "说明"
 * saying what goes in each column. The import passes over the "说明" sheet (it lacks the columns).
 */
const COLUMNS = [
  ['楼栋', 14, '是', '楼栋名称或编号：3栋、3号楼、3幢、3 均可（可带小区名）'],
  ['单元', 8, '否', '单元号：1 或 1单元；房号已写成 1单元502 或 1-502 时可不填'],
  ['房号', 10, '是', '房号或室号：502、502室、1单元502、1-502'],
  [
    '专有部分面积（㎡）',
    18,
    '是',
    '平方米，大于 0，最多两位小数（如 89.50），不超过 10000；也可用列名“建筑面积”',
  ],
  ['产权人姓名', 14, '是', '与人口库登记的姓名一致（不一致时提示核对）'],
  ['产权人身份证号', 22, '是', '18 位身份证号，按身份证号在人口库中查找在册人员（请设为文本格式）'],
  ['共有人姓名', 18, '否', '多位共有人用顿号或分号分隔：李四、王五'],
  ['共有人身份证号', 42, '否', '与共有人姓名一一对应，同样用顿号或分号分隔'],
] as const;

export async function ownershipTemplate(): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  workbook.creator = 'CivicGrid';
  const sheet = workbook.addWorksheet('产权台账');
  sheet.columns = COLUMNS.map(([header, width]) => ({ header, width, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const about = workbook.addWorksheet('说明');
  about.columns = [
    { header: '列名', key: 'name', width: 20 },
    { header: '必填', key: 'required', width: 8 },
    { header: '填写说明', key: 'note', width: 80 },
  ];
  about.getRow(1).font = { bold: true };
  for (const [name, , required, note] of COLUMNS) about.addRow({ name, required, note });
  about.addRow({});
  about.addRow({
    name: '导入规则',
    note: '每行一户。先试导入（只检查，不写入），逐行列出匹配结果和问题；确认导入时，只要有一行有问题，整个文件都不导入。',
  });
  about.addRow({ note: '导入后，该户的专有部分面积和产权人（含共有人）以台账为准，替换原有记录。' });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
