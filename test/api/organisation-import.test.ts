import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { enterpriseCode, socialCode, withBadCheckChar } from '../support/codes';
import { importSheet, XLSX } from '../support/imports';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'org-import');
const grids = [s.gridCode, '120116001001002'];

const ROWS = 120;
type Kind = 'enterprise' | 'social' | 'institution';
type Status = 'active' | 'suspended' | 'closed';
type Stage = 'incubating' | 'registered' | 'rated';
interface Row {
  name: string;
  code: string;
  kind: Kind;
  grid: string;
  status: Status;
  stage?: Stage;
}
/** data-row indexes (0-based) that are bad, and how */
const bad = new Map<number, 'checkChar' | 'noName' | 'kind' | 'grid' | 'stage'>([
  [7, 'checkChar'],
  [19, 'noName'],
  [33, 'kind'],
  [58, 'grid'],
  [92, 'stage'],
]);
const kindLabel: Record<Kind, string> = { enterprise: '企业', social: '社会组织', institution: '机关事业单位' };
const statusLabel: Record<Status, string> = { active: '正常', suspended: '停业', closed: '注销' };
const stageLabel: Record<Stage, string> = { incubating: '孵化', registered: '登记', rated: '评估等级' };

/** The rows as written (the good ones are what the counters must describe). */
function rows(): Row[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const kind: Kind = i % 5 === 0 ? 'social' : i % 7 === 0 ? 'institution' : 'enterprise';
    const status: Status = i % 11 === 0 ? 'closed' : i % 13 === 0 ? 'suspended' : 'active';
    const stage: Stage | undefined = kind === 'social' ? (['incubating', 'registered'] as const)[i % 2] : undefined;
    return {
      name: `滨海${i}号${kind === 'social' ? '协会' : '有限公司'}`,
      code: kind === 'social' ? socialCode(i) : enterpriseCode(1000 + i),
      kind,
      grid: grids[i % 3 === 0 ? 1 : 0] as string,
      status,
      stage,
    };
  });
}

async function workbook(written: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('组织');
  sheet.addRow(['单位名称', '统一社会信用代码', '单位类型', '地址', '网格编码', '状态', '培育阶段']);
  written.forEach((r, i) => {
    const how = bad.get(i);
    sheet.addRow([
      how === 'noName' ? '' : r.name,
      how === 'checkChar' ? withBadCheckChar(r.code) : r.code,
      how === 'kind' ? '外星组织' : kindLabel[r.kind],
      `天津市滨海新区第${i + 1}大街`,
      how === 'grid' ? '120116009009009' : r.grid,
      statusLabel[r.status],
      how === 'stage' && r.kind !== 'social' ? '孵化' : r.stage ? stageLabel[r.stage] : '',
    ]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const importFile = (bytes: Buffer) =>
  importSheet(p, s.tokens.admin, 'organisations', { bytes, name: '组织台账.xlsx', contentType: XLSX });

/** Independent expectation: count the good rows the way a clerk would, per grid and for the street. */
function expected(good: Row[]) {
  const structure = (list: Row[]) => {
    const alive = list.filter((r) => r.status !== 'closed');
    const count = (values: (string | undefined)[]) => {
      const out: Record<string, number> = {};
      for (const v of values) if (v !== undefined) out[v] = (out[v] ?? 0) + 1;
      return out;
    };
    return {
      total: alive.length,
      kind: { enterprise: 0, social: 0, institution: 0, ...count(alive.map((r) => r.kind)) },
      status: count(list.map((r) => r.status)),
      stage: count(alive.map((r) => r.stage)),
    };
  };
  return {
    total: structure(good),
    items: grids
      .map((g) => ({ key: g, ...structure(good.filter((r) => r.grid === g)) }))
      .filter((item) => Object.keys(item.status).length > 0),
  };
}

async function stats() {
  const res = await p.call('GET', '/api/stats/organisations', undefined, s.tokens.leader);
  expect(res.status).toBe(200);
  return { total: res.body.total, items: [...res.body.items].sort((a, b) => a.key.localeCompare(b.key)) };
}

describe('organisations from a spreadsheet, and their statistics by kind and grid (golden)', () => {
  const written = rows();
  const good = written.filter((_, i) => !bad.has(i));
  let bytes: Buffer;

  it('keeps the good rows and reports each bad one with its row and field', { timeout: 120_000 }, async () => {
    bytes = await workbook(written);
    const job = await importFile(bytes);
    expect(job).toMatchObject({ status: 'done', total: ROWS, done: ROWS, failed: 5, added: ROWS - 5, skipped: 0 });
    const fields = job.errors.map((e: { row: number; field: string }) => [e.row, e.field]);
    expect(fields).toEqual([
      [9, 'creditCode'],
      [21, 'name'],
      [35, 'kind'],
      [60, 'gridCode'],
      [94, 'stage'],
    ]);
  });

  it('counts them by kind, status and stage per grid and for the street', async () => {
    expect(good).toHaveLength(ROWS - 5);
    expect(await stats()).toEqual(expected(good));
  });

  it('moves the counters with a change: a closure and a stage step', async () => {
    const target = good.find((r) => r.kind === 'social' && r.status === 'active' && r.stage === 'incubating') as Row;
    const closing = good.find((r) => r.kind === 'enterprise' && r.status === 'active') as Row;
    for (const [row, change] of [
      [target, { stage: 'rated', rating: '4A' }],
      [closing, { status: 'closed' }],
    ] as const) {
      const found = await p.call('GET', `/api/organisations?q=${row.code}`, undefined, s.tokens.admin);
      const org = found.body.items[0];
      const res = await p.call(
        'PATCH',
        `/api/organisations/${org.id}`,
        { version: org.version, ...change },
        s.tokens.admin,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    target.stage = 'rated';
    closing.status = 'closed';
    expect(await stats()).toEqual(expected(good));
  });

  it('adds nobody when the same file is imported again', { timeout: 120_000 }, async () => {
    const job = await importFile(bytes);
    expect(job).toMatchObject({ status: 'done', total: ROWS, failed: 5, added: 0, skipped: ROWS - 5 });
    expect((await stats()).total.status).toEqual(expected(good).total.status);
  });

  it('exports them with Chinese headers and labels', async () => {
    const res = await p.app.request('/api/exports/organisations?format=xlsx', {
      headers: { authorization: `Bearer ${s.tokens.dispatcher}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0];
    if (!sheet) throw new Error('no sheet in the export');
    expect((sheet.getRow(1).values as string[]).slice(1, 6)).toEqual([
      '单位名称*',
      '统一社会信用代码*',
      '单位类型*',
      '地址*',
      '网格编码*',
    ]);
    expect(sheet?.rowCount).toBe(ROWS - 5 + 1);
    const codes = new Set<string>();
    sheet?.eachRow((row, n) => {
      if (n > 1) codes.add(row.getCell(2).text);
    });
    expect(codes).toEqual(new Set(good.map((r) => r.code)));
    const template = await p.app.request('/api/import-templates/organisations?format=csv', {
      headers: { authorization: `Bearer ${s.tokens.admin}` },
    });
    expect((await template.text()).replace(/^\uFEFF/, '').split('\n')[0]).toContain('单位名称*,统一社会信用代码*');
  });
});
