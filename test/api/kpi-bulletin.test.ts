import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

let now = new Date('2026-04-01T02:00:00Z');
const p = await createTestPlatform({ clock: () => now });
const at = (local: string) => {
  now = new Date(`${local.replace(' ', 'T')}:00+08:00`);
};

async function download(url: string, token: string) {
  const res = await p.app.request(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Every text run of every page of a PDF, as pdf.js extracts it (what a reader shows and searches). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join('');
}

describe('ranking, score weights and the monthly bulletin', () => {
  it('ranks departments by the weighted score, shows the change from last month, and prints the bulletin in Chinese', async () => {
    at('2026-04-01 10:00'); // Wednesday
    const s = await setUpStreet(p, 'kpi-bulletin', { limit: { value: 2, unit: 'workingDays' } });
    const t = s.tokens;
    const act = async (id: string, action: string, body: unknown, token: string) => {
      const res = await p.call('POST', `/api/cases/${id}/actions/${action}`, body, token);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body;
    };
    const caseTo = async (departmentId: string, description: string) => {
      const id = (await p.call('POST', '/api/cases', { description, gridCode: s.gridCode }, t.grid)).body.id as string;
      await act(id, 'register', { categoryCode: 'garbage' }, t.dispatcher);
      await act(id, 'dispatch', { departmentId }, t.dispatcher);
      return id;
    };
    const finish = async (id: string, token: string, when: string) => {
      at(when);
      await act(id, 'handle', { note: '已处理' }, token);
      await act(id, 'verify', {}, t.grid);
      await act(id, 'close', {}, t.dispatcher);
    };
    // April: 城市管理局 closes its one case on time (ranked 1st); 物业办 has nothing (no score)
    const april = await caseTo(s.dept.id, '四月垃圾');
    await finish(april, t.department, '2026-04-02 10:00');
    // May: 城市管理局 closes one late and leaves one overdue; 物业办 closes its case on time
    at('2026-05-11 10:00');
    const late = await caseTo(s.dept.id, '五月垃圾（超期结案）');
    const open = await caseTo(s.dept.id, '五月垃圾（超期未结）');
    const other = await caseTo(s.otherDept.id, '五月物业问题');
    await finish(other, t.otherDepartment, '2026-05-12 10:00');
    await finish(late, t.department, '2026-05-20 10:00');
    at('2026-06-02 10:00');

    // default weights: closeRate 30, onTimeCloseRate 30, handleOnTimeRate 15, 1 − reworkRate 5, dispatchAccuracy 5,
    // satisfactionRate 15 (no follow-up here: left out). 城市管理局 in May: closeRate 1/2, on time 0, handled on
    // time 0/2, rework 0 → 1, accuracy 1 → (15 + 0 + 0 + 5 + 5) / 85 = 29.41; 物业办: every rate 1 → 100.
    const ranking = await p.call(
      'GET',
      '/api/stats/ranking?from=2026-05-01&to=2026-05-31&groupBy=department',
      undefined,
      t.leader,
    );
    expect(ranking.status).toBe(200);
    expect(
      ranking.body.rows.map((r: { key: string; rank: number; score: number }) => [r.key, r.rank, r.score]),
    ).toEqual([
      [s.otherDept.id, 1, 100],
      [s.dept.id, 2, 29.41],
    ]);
    expect(ranking.body.rows[1]).toMatchObject({ dueForClose: 2, closed: 1, closeRate: 0.5, overdueOpen: 1 });

    // the tenant's own weights: only 结案率 counts → 城市管理局 50, 物业办 100
    expect((await p.call('PUT', '/api/stats/weights', { closeRate: 100 }, t.leader)).status).toBe(403);
    const bad = await p.call('PUT', '/api/stats/weights', { closeRate: -1 }, t.admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('closeRate');
    expect((await p.call('PUT', '/api/stats/weights', { nope: 1 }, t.admin)).status).toBe(400);
    expect((await p.call('PUT', '/api/stats/weights', { closeRate: 100 }, t.admin)).status).toBe(200);
    const reweighted = await p.call(
      'GET',
      '/api/stats/ranking?from=2026-05-01&to=2026-05-31&groupBy=department',
      undefined,
      t.leader,
    );
    expect(reweighted.body.rows.map((r: { score: number }) => r.score)).toEqual([100, 50]);
    expect((await p.call('GET', '/api/stats/weights', undefined, t.leader)).body.weights).toMatchObject({
      closeRate: 100,
      onTimeCloseRate: 0,
    });
    await p.call(
      'PUT',
      '/api/stats/weights',
      {
        closeRate: 30,
        onTimeCloseRate: 30,
        handleOnTimeRate: 15,
        reworkRate: 5,
        dispatchAccuracy: 5,
        satisfactionRate: 15,
      },
      t.admin,
    );

    const bulletin = await p.call('GET', '/api/bulletins/2026-05', undefined, t.leader);
    expect(bulletin.status).toBe(200);
    expect(bulletin.body).toMatchObject({
      month: '2026-05',
      from: '2026-05-01',
      to: '2026-05-31',
      previousMonth: '2026-04',
    });
    expect(bulletin.body.totals).toMatchObject({ dueForClose: 3, closed: 2, closedOnTime: 1, overdueOpen: 1 });
    const departments = bulletin.body.rankings.departments;
    expect(
      departments.map((r: { key: string; rank: number; previousRank: number | null; rankChange: number | null }) => [
        r.key,
        r.rank,
        r.previousRank,
        r.rankChange,
      ]),
    ).toEqual([
      [s.otherDept.id, 1, null, null],
      [s.dept.id, 2, 1, -1],
    ]);
    expect(bulletin.body.overdueCases).toEqual([
      expect.objectContaining({
        id: open,
        departmentId: s.dept.id,
        departmentName: '城市管理局',
        closeDeadline: '2026-05-13T09:30:00.000Z',
      }),
    ]);
    expect(bulletin.body.supervision).toEqual({ escalated: expect.any(Number), previous: expect.any(Number) });

    const pdf = await download('/api/bulletins/2026-05?format=pdf', t.leader);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const raw = Buffer.from(pdf.bytes).toString('latin1');
    expect(raw).toMatch(/\/FontFile[23]?/); // the CJK font is embedded, not referenced
    expect(raw).toContain('NotoSansCJK');
    const text = await pdfText(pdf.bytes);
    expect(text).toContain('月度通报');
    expect(text).toContain('职能部门排名');
    expect(text).toContain('排名');
    expect(text).toContain('物业办');
    expect(text).toContain('城市管理局');
    expect(text).toContain('超期未结案件');

    const csv = await download('/api/bulletins/2026-05?format=csv', t.leader);
    expect(csv.type).toContain('text/csv');
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
    expect(csvText.startsWith('\ufeff')).toBe(true);
    expect(csvText).toContain('排名,单位,综合得分');
    expect(csvText).toContain('1,物业办,100');
    const xlsx = await download('/api/bulletins/2026-05?format=xlsx', t.leader);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    expect(Buffer.from(xlsx.bytes.subarray(0, 2)).toString()).toBe('PK');

    const badMonth = await p.call('GET', '/api/bulletins/2026-13', undefined, t.leader);
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.error.details[0].path).toBe('month');
    expect((await p.call('GET', '/api/bulletins/2026-05?format=doc', undefined, t.leader)).status).toBe(400);
  }, 180_000);
});
