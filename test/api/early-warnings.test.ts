import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// The platform's "now" is Tuesday 2026-11-03 10:00 China time (and runs on from there).
const offsetMs = Date.parse('2026-11-03T02:00:00Z') - Date.now();
const p = await createTestPlatform({ clock: () => new Date(Date.now() + offsetMs) });
const s = await setUpStreet(p, 'ew-street');

async function outbox(tenantPathValue: string) {
  const res = await p.deps.store.doc.send(
    new QueryCommand({
      TableName: p.deps.store.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `${tenantPathValue}OUTBOX` },
    }),
  );
  return res.Items ?? [];
}

const warning = (subject: string, extra: Record<string, unknown> = {}) => ({
  subject,
  peopleCount: 30,
  expectedAt: '2026-11-04T09:00:00+08:00',
  place: '街道办事处门前广场',
  demands: '要求开发商退还购房定金',
  level: 'yellow',
  source: 'patrol',
  gridCode: '120116001001001',
  ...extra,
});

describe('early warnings (预警) and emergency mode', () => {
  it('an emergency warning is first on the dispatcher’s and the leader’s worklists, on a natural-hour clock, and the leaders are told', {
    timeout: 90_000,
  }, async () => {
    // this street answers ordinary warnings within 1 working hour and emergencies within 3 natural hours: an
    // ordinary warning's deadline is then earlier than an emergency's, and the emergency still comes first
    const clocks = await p.call(
      'PUT',
      '/api/process-settings/warning',
      { clocks: { response: 1, emergencyResponse: 3 } },
      s.tokens.admin,
    );
    expect(clocks.status).toBe(200);
    const ordinary = [];
    for (const subject of ['业主聚集维权苗头', '出租车司机拟集体停运']) {
      const r = await p.call('POST', '/api/early-warnings', warning(subject), s.tokens.grid);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ step: 'reported', clockLabel: '响应时限', emergency: false });
      ordinary.push(r.body);
    }

    const emergency = await p.call(
      'POST',
      '/api/early-warnings',
      warning('百余名工人聚集讨薪，情绪激动', { peopleCount: 120, level: 'red', emergency: true }),
      s.tokens.dispatcher,
    );
    expect(emergency.status, JSON.stringify(emergency.body)).toBe(201);
    expect(emergency.body).toMatchObject({ step: 'reported', emergency: true, clockLabel: '紧急响应时限' });
    // natural hours: three hours from now, whatever the working calendar says
    const createdAt = Date.parse(emergency.body.createdAt);
    expect(Date.parse(emergency.body.deadline) - createdAt).toBe(3 * 3_600_000);
    // the ordinary warning's working-hour deadline comes first: only urgency puts the emergency on top
    expect(Date.parse(ordinary[0].deadline)).toBeLessThan(Date.parse(emergency.body.deadline));
    expect(emergency.body.clock).toMatchObject({ name: 'emergencyResponse' });

    // a warning declared an emergency later jumps the queue too (leaders may; grid workers may not)
    const later = ordinary[1];
    expect(
      (
        await p.call(
          'POST',
          `/api/early-warnings/${later.id}/actions/emergency`,
          { reason: '已有人员聚集' },
          s.tokens.grid,
        )
      ).status,
    ).toBe(403);
    const raised = await p.call(
      'POST',
      `/api/early-warnings/${later.id}/actions/emergency`,
      { reason: '已有二十余辆出租车在广场聚集' },
      s.tokens.leader,
    );
    expect(raised.body).toMatchObject({ emergency: true, clockLabel: '紧急响应时限' });
    expect(Date.parse(raised.body.deadline) - Date.parse(raised.body.updatedAt)).toBe(3 * 3_600_000);
    const again = await p.call(
      'POST',
      `/api/early-warnings/${later.id}/actions/emergency`,
      { reason: '再次' },
      s.tokens.leader,
    );
    expect(again.status).toBe(422);

    for (const token of [s.tokens.dispatcher, s.tokens.leader]) {
      const list = await p.call('GET', '/api/early-warnings?due=open', undefined, token);
      expect(list.status).toBe(200);
      const ids = list.body.items.map((i: { id: string }) => i.id);
      // both emergencies first (by their natural-hour deadlines), then the ordinary one
      expect(ids).toEqual([emergency.body.id, later.id, ordinary[0].id]);
      // paging keeps the order: one per page
      const first = await p.call('GET', '/api/early-warnings?due=open&limit=1', undefined, token);
      expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([emergency.body.id]);
      const second = await p.call(
        'GET',
        `/api/early-warnings?due=open&limit=1&cursor=${encodeURIComponent(first.body.cursor)}`,
        undefined,
        token,
      );
      expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([later.id]);
      const third = await p.call(
        'GET',
        `/api/early-warnings?due=open&limit=1&cursor=${encodeURIComponent(second.body.cursor)}`,
        undefined,
        token,
      );
      expect(third.body.items.map((i: { id: string }) => i.id)).toEqual([ordinary[0].id]);
    }
    // not overdue yet: the overdue list does not show the emergencies
    const overdue = await p.call('GET', '/api/early-warnings?due=overdue', undefined, s.tokens.leader);
    expect(overdue.body.items).toEqual([]);

    // the leaders are told, here and at the level above when there is one
    const notices = (await outbox(s.path)).filter((m) => m.kind === 'warning.emergency.parent');
    expect(notices.map((m) => m.caseId).sort()).toEqual([emergency.body.id, later.id].sort());
    expect(notices[0]).toMatchObject({ audience: 'leader', channel: 'inbox' });
    expect(String(notices.find((m) => m.caseId === emergency.body.id)?.text)).toContain('约120人');

    // respond (natural-hour disposal clock), analyse, resolve; the KPIs count the time to response
    const responded = await p.call(
      'POST',
      `/api/early-warnings/${emergency.body.id}/actions/respond`,
      { lead: '街道党工委书记', measures: '劳动监察、派出所到场，约谈施工方' },
      s.tokens.dispatcher,
    );
    expect(responded.body).toMatchObject({ step: 'responding', clockLabel: '紧急处置时限' });
    expect(Date.parse(responded.body.deadline) - Date.parse(responded.body.updatedAt)).toBe(24 * 3_600_000);
    await p.call(
      'POST',
      `/api/early-warnings/${emergency.body.id}/actions/analyse`,
      { notes: '诉求合理，系总包拖欠分包工程款所致' },
      s.tokens.dispatcher,
    );
    const resolved = await p.call(
      'POST',
      `/api/early-warnings/${emergency.body.id}/actions/resolve`,
      { outcome: 'defused', summary: '施工方承诺三日内支付工资，人员已散去' },
      s.tokens.dispatcher,
    );
    expect(resolved.body).toMatchObject({ step: 'resolved', finishedOnTime: true });
    expect(resolved.body.analyses).toHaveLength(1);

    const stats = (await p.call('GET', '/api/stats/early-warnings', undefined, s.tokens.leader)).body;
    expect(stats).toMatchObject({ warnings: 3, emergencies: 2, responded: 1, defused: 1, defusedRate: 1 });
    expect(stats.averageResponseMinutes).toBe(stats.responseMinutes);
    expect(stats.rows.level.map((r: { key: string }) => r.key).sort()).toEqual(['red', 'yellow']);
  });

  it('refuses bad warnings naming the field', { timeout: 30_000 }, async () => {
    const bad = await p.call('POST', '/api/early-warnings', warning('x', { peopleCount: 0 }), s.tokens.grid);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('peopleCount');
    const level = await p.call('POST', '/api/early-warnings', warning('x', { level: 'purple' }), s.tokens.grid);
    expect(level.status).toBe(400);
    expect(level.body.error.details[0].path).toBe('level');
    // a grid worker raises warnings in their own grids only
    const foreign = await p.call(
      'POST',
      '/api/early-warnings',
      warning('x', { gridCode: '120116001001099' }),
      s.tokens.grid,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('gridCode');
    // a department has no business with warnings
    expect((await p.call('GET', '/api/early-warnings', undefined, s.tokens.department)).status).toBe(403);
  });
});
