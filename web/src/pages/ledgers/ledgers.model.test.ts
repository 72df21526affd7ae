import { describe, expect, it } from 'vitest';
import {
  duplicateFields,
  formatDuration,
  importActions,
  initialMapping,
  type LedgerField,
  type LedgerType,
  mappedPreview,
  mappingColumns,
  missingRequired,
  progressOf,
  typeOptions,
  type Upload,
  withHeaderRow,
} from './ledgers.model';

const sheet = {
  name: '',
  headerRow: 2,
  headers: ['姓名', '身份证号', '电话', '备注'],
  preview: [
    ['张三', '110101199003074514', '13800000000', ''],
    ['李四', '11010119900307451', '', '末位丢失'],
  ],
};

const upload: Upload = {
  fileId: 'f'.repeat(64),
  size: 120,
  format: 'csv',
  encoding: 'utf-8',
  sheets: [sheet],
  proposals: [
    {
      ledgerType: 'ps',
      matched: 2,
      columns: [
        { header: '姓名', field: 'name' },
        { header: '身份证号', field: 'idNumber' },
        { header: '电话', field: 'phone' },
        // A saved column the file does not have is not offered.
        { header: '现住址', field: 'address' },
      ],
    },
  ],
};

const field = (key: string, required = false): LedgerField => ({ key, name: key, required, headers: [] });

describe('ledger mapping model', () => {
  it('starts from the proposal for the type, covering every header of the sheet', () => {
    expect(initialMapping(upload, 'ps', sheet.headers)).toEqual({
      姓名: 'name',
      身份证号: 'idNumber',
      电话: 'phone',
      备注: '',
    });
    expect(initialMapping(upload, 'other', sheet.headers)).toEqual({
      姓名: '',
      身份证号: '',
      电话: '',
      备注: '',
    });
  });

  it('sends only mapped headers, each field once, and names fields mapped twice', () => {
    const mapping = { 姓名: 'name', 身份证号: 'idNumber', 电话: 'name', 备注: '' };
    expect(mappingColumns(mapping)).toEqual([
      { header: '姓名', field: 'name' },
      { header: '身份证号', field: 'idNumber' },
    ]);
    expect(duplicateFields(mapping)).toEqual(['name']);
  });

  it('lists required fields with neither a column nor a default', () => {
    const fields = [field('name', true), field('idNumber', true), field('address', true), field('phone')];
    const mapping = { 姓名: 'name', 电话: 'phone' };
    expect(missingRequired(fields, mapping).map((f) => f.key)).toEqual(['idNumber', 'address']);
    expect(missingRequired(fields, mapping, { address: 'x' }).map((f) => f.key)).toEqual(['idNumber']);
  });

  it('shows the preview under field names, numbered as spreadsheet rows', () => {
    expect(mappedPreview(sheet, { 姓名: 'name', 身份证号: 'idNumber', 电话: '', 备注: '' })).toEqual([
      { row: 3, name: '张三', idNumber: '110101199003074514' },
      { row: 4, name: '李四', idNumber: '11010119900307451' },
    ]);
  });

  it('reads a later header row from the preview, and cannot read an earlier one', () => {
    expect(withHeaderRow(sheet, 2)).toBe(sheet);
    expect(withHeaderRow(sheet, 3)).toEqual({
      name: '',
      headerRow: 3,
      headers: ['张三', '110101199003074514', '13800000000', '#4'],
      preview: [sheet.preview[1]],
    });
    expect(withHeaderRow(sheet, 1)).toBeNull();
    expect(withHeaderRow(sheet, 5)).toBeNull();
  });
});

describe('ledger import model', () => {
  const counts = { valid: 10, rejected: 1, new: 5, updated: 3, unchanged: 2, committedRows: 0 };

  it('offers the actions the server allows in each state', () => {
    expect(importActions({ state: 'validated', counts, validatedAt: 'x' })).toEqual(['commit', 'cancel']);
    expect(importActions({ state: 'validated', counts: { ...counts, valid: 0 }, validatedAt: 'x' })).toEqual([
      'cancel',
    ]);
    expect(importActions({ state: 'importing', counts, validatedAt: 'x' })).toEqual(['resume']);
    expect(importActions({ state: 'failed', counts, validatedAt: 'x' })).toEqual(['resume']);
    expect(importActions({ state: 'failed', counts, validatedAt: null })).toEqual(['cancel']);
    expect(importActions({ state: 'done', counts, validatedAt: 'x' })).toEqual(['rollback']);
    expect(importActions({ state: 'rolled_back', counts, validatedAt: 'x' })).toEqual([]);
  });

  it('measures progress by bytes while validating and by committed rows while importing', () => {
    const progress = { rowsRead: 100, bytesRead: 250, totalBytes: 1000 };
    expect(progressOf({ state: 'validating', progress, counts })).toBe(0.25);
    expect(progressOf({ state: 'validating', progress: { ...progress, totalBytes: 0 }, counts })).toBe(0);
    expect(progressOf({ state: 'importing', progress, counts: { ...counts, committedRows: 5 } })).toBe(0.5);
    expect(progressOf({ state: 'done', progress, counts })).toBe(1);
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
  });

  it('groups ledger types by department in their order', () => {
    const type = (code: string, departmentCode: string, departmentName: string) =>
      ({ code, departmentCode, departmentName, name: code }) as LedgerType;
    expect(
      typeOptions([type('a', 'police', '公安'), type('b', 'police', '公安'), type('c', 'civil', '民政')]),
    ).toEqual([
      {
        label: '公安',
        options: [
          { value: 'a', label: 'a' },
          { value: 'b', label: 'b' },
        ],
      },
      { label: '民政', options: [{ value: 'c', label: 'c' }] },
    ]);
  });
});
