import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// The platform's clock, set by the test: records fall into the China month they were opened in.
let now = new Date('2026-10-20T02:00:00Z');
const p = await createTestPlatform({ clock: () => now });
const s = await setUpStreet(p, 'period-street');
const parties = [
  { name: '张三', role: 'applicant' },
  { name: '李四', role: 'respondent' },
];

/*
 * GOLDEN: dispute KPIs of a period are those of the files opened (intake) in its months, as they stand now.
 * October: D1 (grid g1) mediated and agreed; D2 (grid g2) mediated and failed.  November: D3 (grid g1) mediated,
 * agreed. October: 排查 2, 调处 2, 成功 1 → 0.5; g1 1 of 1. Oct–Nov: 排查 3, 调处 3, 成功 2 → 2/3;
 * g1 2 of 2. November alone: 1 of 1. All time equals Oct–Nov.
 */
describe('dispute and petition KPIs over a period of intake months', () => {
  it('sums the months of the period, by tenant and by grid; a half or reversed period is a 400', {
    timeout: 90_000,
  }, async () => {
    const act = async (id: string, action: string, body: unknown) => {
      const res = await p.call('POST', `/api/disputes/${id}/actions/${action}`, body, s.tokens.dispatcher);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    };
    const session = {
      at: '2026-10-20T10:00:00+08:00',
      mediator: '王调解',
      committee: '人民调解委员会',
      record: '调解',
    };
    const mediated = async (grid: string, outcome: 'agree' | 'fail') => {
      const d = (
        await p.call(
          'POST',
          '/api/disputes',
          { kind: 'neighbourhood', summary: '邻里纠纷', source: 'visit', parties, gridCode: grid },
          s.tokens.dispatcher,
        )
      ).body;
      await act(d.id, 'accept', {});
      await act(d.id, 'mediate', session);
      if (outcome === 'agree') await act(d.id, 'agree', { terms: '赔偿500元', confirmedBy: ['张三', '李四'] });
      else await act(d.id, 'fail', { reason: '分歧大' });
      return d.id as string;
    };
    const g2 = '120116001001002';
    await mediated(s.gridCode, 'agree');
    await mediated(g2, 'fail');
    now = new Date('2026-11-05T02:00:00Z');
    await mediated(s.gridCode, 'agree');

    const stats = async (query: string) => {
      const res = await p.call('GET', `/api/stats/disputes${query}`, undefined, s.tokens.dispatcher);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const grid = (body: { rows: { grid: { key: string; mediated: number; agreed: number }[] } }, code: string) =>
      body.rows.grid.find((r) => r.key === code);
    const october = await stats('?from=2026-10&to=2026-10');
    expect(october).toMatchObject({ found: 2, mediated: 2, agreed: 1, successRate: 0.5 });
    expect(grid(october, s.gridCode)).toMatchObject({ mediated: 1, agreed: 1, successRate: 1 });
    expect(grid(october, g2)).toMatchObject({ mediated: 1, agreed: 0, successRate: 0 });
    const both = await stats('?from=2026-10&to=2026-11');
    expect(both).toMatchObject({ found: 3, mediated: 3, agreed: 2 });
    expect(both.successRate).toBeCloseTo(2 / 3, 10);
    expect(grid(both, s.gridCode)).toMatchObject({ mediated: 2, agreed: 2, successRate: 1 });
    expect(await stats('?from=2026-11&to=2026-11')).toMatchObject({ found: 1, mediated: 1, agreed: 1 });
    const all = await stats('');
    expect(all).toMatchObject({ found: 3, mediated: 3, agreed: 2 });
    expect(await stats('?from=2026-09&to=2026-09')).toMatchObject({ found: 0, mediated: 0, successRate: null });

    const half = await p.call('GET', '/api/stats/disputes?from=2026-10', undefined, s.tokens.dispatcher);
    expect(half.status).toBe(400);
    expect(half.body.error.details[0].path).toBe('to');
    const reversed = await p.call('GET', '/api/stats/disputes?from=2026-11&to=2026-10', undefined, s.tokens.dispatcher);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].path).toBe('to');
    const badMonth = await p.call(
      'GET',
      '/api/stats/petitions?from=2026-13&to=2026-12',
      undefined,
      s.tokens.dispatcher,
    );
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.error.details[0].path).toBe('from');
    // every kind's KPI route is the same one: a period works (and is checked) for 稳评, 预警, 12348 and 法律援助 too
    for (const kind of ['risk-assessments', 'early-warnings', 'legal-calls', 'legal-aid']) {
      const ok = await p.call('GET', `/api/stats/${kind}?from=2026-10&to=2026-11`, undefined, s.tokens.admin);
      expect(ok.status, kind).toBe(200);
      const half = await p.call('GET', `/api/stats/${kind}?to=2026-11`, undefined, s.tokens.admin);
      expect(half.status, kind).toBe(400);
      expect(half.body.error.details[0].path).toBe('from');
    }
  });
});
