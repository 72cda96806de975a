import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { importSheet } from '../support/imports';
import { idNumberOf, withBadCheckDigit } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'people-import');

const ROWS = 10_000;
/** data-row indexes (0-based) that are bad, and how */
const bad = new Map<number, 'checkDigit' | 'noName' | 'registration'>();
const kinds = ['checkDigit', 'noName', 'registration'] as const;
for (let k = 0; k < 37; k++) bad.set(13 + k * 269, kinds[k % 3] ?? 'checkDigit');

const regions = ['120116', '120101', '130102', '410102', '510104', '370102'];
const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

/** The 10,000-row workbook, made with the same library a clerk's Excel would open. */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('人口');
  sheet.addRow(['姓名', '身份证号', '户籍类型', '手机号', '性别', '籍贯', '来本地日期', '网格编码', '标签']);
  for (let i = 0; i < ROWS; i++) {
    const birth = `${1950 + (i % 60)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    let id = idNumberOf(regions[i % regions.length] as string, birth, i % 1000);
    const kind = bad.get(i);
    if (kind === 'checkDigit') id = withBadCheckDigit(id);
    const floating = i % 4 === 0;
    sheet.addRow([
      kind === 'noName' ? '' : `${surnames[i % 10]}${i}`,
      id,
      kind === 'registration' ? '外星' : floating ? '流动' : '户籍',
      `139${String(i).padStart(8, '0')}`,
      '',
      floating ? '河南郑州' : '',
      floating ? '2026-03-01' : '',
      i % 2 === 0 ? s.gridCode : '120116001001002',
      i % 50 === 0 ? '独居老人' : '',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Upload through the presigned URL and start the import, as the console does. */
const importFile = (bytes: Buffer, name: string, contentType: string) =>
  importSheet(p, s.tokens.admin, 'people', { bytes, name, contentType });

describe('importing people from a spreadsheet (off the request path)', () => {
  let bytes: Buffer;

  it('keeps 9,963 of 10,000 rows and reports the 37 bad ones with their row numbers', {
    timeout: 600_000,
  }, async () => {
    bytes = await workbook();
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const job = await importFile(bytes, '人口台账.xlsx', xlsx);
    expect(job).toMatchObject({ status: 'done', total: ROWS, done: ROWS, failed: 37, added: 9963, skipped: 0 });
    const expectedRows = [...bad.keys()].map((i) => i + 2).sort((a, b) => a - b); // header is row 1
    expect([...new Set(job.errors.map((e: { row: number }) => e.row))]).toEqual(expectedRows);
    const fields = new Map(job.errors.map((e: { row: number; field: string }) => [e.row, e.field]));
    for (const [i, kind] of bad) {
      expect(fields.get(i + 2)).toBe({ checkDigit: 'idNumber', noName: 'name', registration: 'registration' }[kind]);
    }
    const stats = await p.call('GET', '/api/stats/population?groupBy=tenant', undefined, s.tokens.admin);
    expect(stats.body.items[0].total).toBe(9963);
  });

  it('finds one person among them by ID number with one indexed Query that reads one item', async () => {
    const target = idNumberOf(
      regions[5000 % regions.length] as string,
      `${1950 + (5000 % 60)}${String(1 + (5000 % 12)).padStart(2, '0')}${String(1 + (5000 % 28)).padStart(2, '0')}`,
      5000 % 1000,
    );
    const send = vi.spyOn(p.deps.store.doc, 'send');
    const res = await p.call('GET', `/api/people?q=${target}`, undefined, s.tokens.admin);
    const queries = send.mock.calls.filter(([command]) => command instanceof QueryCommand);
    const results = await Promise.all(
      send.mock.results.filter((_, i) => send.mock.calls[i]?.[0] instanceof QueryCommand).map((r) => r.value),
    );
    send.mockRestore();
    expect(res.body.items.map((x: { name: string }) => x.name)).toEqual(['王5000']);
    expect(queries).toHaveLength(1);
    const query = queries[0]?.[0] as QueryCommand | undefined;
    expect(String(query?.input.ExpressionAttributeValues?.[':pk'])).toContain('PERSON#IX#idn#');
    expect(results[0]).toMatchObject({ Count: 1, ScannedCount: 1 });
    expect(send.mock.calls.some(([command]) => command.constructor.name === 'ScanCommand')).toBe(false);
  });

  it('adds nobody when the same file is imported again', { timeout: 600_000 }, async () => {
    const job = await importFile(
      bytes,
      '人口台账.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(job).toMatchObject({ status: 'done', total: ROWS, failed: 37, added: 0, skipped: 9963 });
    const stats = await p.call('GET', '/api/stats/population?groupBy=tenant', undefined, s.tokens.admin);
    expect(stats.body.items[0].total).toBe(9963);
  });

  it('reads a CSV with the English field names too, and refuses a file without the required columns', async () => {
    const csv = `name,idNumber,registration,phone\n赵一,${idNumberOf('120116', '19900101', 991)},resident,13800000001\n钱二,${idNumberOf('120116', '19900102', 992)},流动,\n`;
    const job = await importFile(Buffer.from(csv), 'people.csv', 'text/csv');
    expect(job).toMatchObject({ status: 'done', total: 2, added: 2, failed: 0 });
    const noHeader = await importFile(Buffer.from('foo,bar\n1,2\n'), 'bad.csv', 'text/csv');
    expect(noHeader.status).toBe('failed');
    expect(noHeader.errors[0]).toMatchObject({ row: 0, field: 'name' });
  });

  it('refuses foreign file keys, unknown entities and non-spreadsheets at the edge', async () => {
    const foreign = await p.call(
      'POST',
      '/api/imports',
      { entity: 'people', fileKey: 's999/imports/x.xlsx' },
      s.tokens.admin,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('fileKey');
    const unknown = await p.call(
      'POST',
      '/api/imports',
      { entity: 'aliens', fileKey: `${s.path}imports/x.xlsx` },
      s.tokens.admin,
    );
    expect(unknown.status).toBe(404);
    const pdf = await p.call(
      'POST',
      '/api/imports/upload-url',
      { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 },
      s.tokens.admin,
    );
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.details[0].path).toBe('contentType');
    expect((await p.call('POST', '/api/imports', { entity: 'people', fileKey: 'x' }, s.tokens.dispatcher)).status).toBe(
      403,
    );
  });

  it('exports masked for the centre and in the clear (logged) for the admin', async () => {
    const read = async (token: string) => {
      const res = await p.app.request('/api/exports/people?format=xlsx', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const sheet = wb.worksheets[0];
      return {
        header: sheet?.getRow(1).values,
        second: sheet?.getRow(2).getCell(2).text ?? '',
        rows: sheet?.rowCount ?? 0,
      };
    };
    const masked = await read(s.tokens.dispatcher);
    expect((masked.header as string[]).slice(1, 4)).toEqual(['姓名*', '身份证号*', '户籍类型*']);
    expect(masked.second).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);
    expect(masked.rows).toBe(9965 + 1);
    const before = (await p.call('GET', '/api/access-log', undefined, s.tokens.admin)).body.items.length;
    const clear = await read(s.tokens.admin);
    expect(clear.second).toMatch(/^\d{17}[\dX]$/);
    const after = await p.call('GET', '/api/access-log', undefined, s.tokens.admin);
    expect(after.body.items.length).toBe(before + 1);
    expect(after.body.items[0]).toMatchObject({ action: 'export', subjectKind: 'people' });
    const template = await p.app.request('/api/import-templates/people?format=csv', {
      headers: { authorization: `Bearer ${s.tokens.admin}` },
    });
    expect((await template.text()).replace(/^\uFEFF/, '').split('\n')[0]).toContain('姓名*,身份证号*,户籍类型*,手机号');
  });
});
