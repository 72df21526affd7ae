import { parse } from 'csv-parse/sync';
import { excel } from '../../platform/exceljs.ts';

/**
 * A video platform's camera list (XLSX or CSV, first sheet, a header row): the columns are found
 * by their Chinese or English header, so platforms' own exports import without editing.
 */
const HEADERS: Record<string, string[]> = {
  deviceId: ['设备编码', '设备国标编码', '设备ID', 'DeviceID', 'device_id'],
  channelId: ['通道编码', '通道国标编码', 'ChannelID', 'channel_id'],
  name: ['名称', '点位名称', '设备名称', 'Name', 'name'],
  lon: ['经度', 'Longitude', 'lon'],
  lat: ['纬度', 'Latitude', 'lat'],
  direction: ['方向', '朝向', 'Direction', 'direction'],
  ownerDepartment: ['权属单位', '管理单位', 'Owner', 'owner_department'],
  intelligent: ['智能分析', '是否智能', 'Intelligent', 'intelligent'],
  analysisTypes: ['分析类型', '算法', 'AnalysisTypes', 'analysis_types'],
};

export type ImportedCell = Record<keyof typeof HEADERS, string>;

async function rowsOf(fileName: string, bytes: Buffer): Promise<string[][]> {
  if (/\.xlsx$/i.test(fileName)) {
    const workbook = new (excel().Workbook)();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows: string[][] = [];
    sheet?.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let i = 1; i <= row.cellCount; i++) cells.push(row.getCell(i).text?.trim() ?? '');
      rows.push(cells);
    });
    return rows;
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
}

/** The list's rows as named cells, with their row numbers; the missing columns named. */
export async function readCameraList(fileName: string, bytes: Buffer) {
  const rows = await rowsOf(fileName, bytes);
  const header = rows[0] ?? [];
  const index: Partial<Record<string, number>> = {};
  for (const [field, names] of Object.entries(HEADERS)) {
    const at = header.findIndex((h) => names.some((n) => n.toLowerCase() === h.toLowerCase()));
    if (at >= 0) index[field] = at;
  }
  const missing = ['deviceId', 'name', 'lon', 'lat'].filter((f) => index[f] === undefined);
  const records = rows.slice(1).map((cells, i) => {
    const record = {} as ImportedCell;
    for (const field of Object.keys(HEADERS)) {
      const at = index[field];
      record[field as keyof ImportedCell] = at === undefined ? '' : (cells[at] ?? '').trim();
    }
    return { row: i + 2, record };
  });
  return { missing, records };
}
