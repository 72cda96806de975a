import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// The platform's "now" is 2026-11-03 10:00 China time (and runs on from there): deadlines are exact dates.
const offsetMs = Date.parse('2026-11-03T02:00:00Z') - Date.now();
const p = await createTestPlatform({ clock: () => new Date(Date.now() + offsetMs) });
const s = await setUpStreet(p, 'ptn-street');

const petitioners = [{ name: '陈某', phone: '13800002222' }];

describe('petitions on statutory clocks in natural days', () => {
  it('accept 15 days from receipt, conclude 60 from acceptance, +30 extension, review and conclude', {
    timeout: 60_000,
  }, async () => {
    const created = await p.call(
      'POST',
      '/api/petitions',
      {
        channel: 'visit',
        subject: '反映小区违建长期未拆除',
        petitioners,
        receivedAt: '2026-11-02T09:30:00+08:00',
        ownerName: '刘科长',
      },
      s.tokens.dispatcher,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    // received on 2 November: decide acceptance by the end of 17 November (China time)
    expect(created.body).toMatchObject({
      step: 'received',
      clockLabel: '受理告知',
      deadline: '2026-11-17T16:00:00.000Z',
    });
    const act = (action: string, body: unknown, token = s.tokens.dispatcher) =>
      p.call('POST', `/api/petitions/${id}/actions/${action}`, body, token);

    const accepted = await act('accept', {});
    // accepted on 3 November: 60 days to conclude, by the end of 2 January
    expect(accepted.body).toMatchObject({
      step: 'accepted',
      deadline: '2027-01-02T16:00:00.000Z',
      acceptedOnTime: true,
    });
    // the centre may not approve its own extension: leaders do
    expect((await act('extend', { reason: '案情复杂', days: 30 })).status).toBe(403);
    const extended = await act('extend', { reason: '案情复杂，需多部门会商', days: 30 }, s.tokens.leader);
    expect(extended.body).toMatchObject({ step: 'accepted', deadline: '2027-02-01T16:00:00.000Z', extendedDays: 30 });
    const tooMuch = await act('extend', { reason: '再延', days: 1 }, s.tokens.leader);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.details[0].path).toBe('days');
    expect((await act('extend', { reason: 'x', days: 31 }, s.tokens.leader)).status).toBe(400);

    expect((await act('assign', { departmentId: s.dept.id, departmentName: '城市管理局' })).body.step).toBe('assigned');
    const replied = await act('reply', { text: '经核查，违建已列入拆除计划，将于12月底前拆除。' }, s.tokens.department);
    expect(replied.body).toMatchObject({ step: 'replied', clockLabel: '复查申请期' });
    const review = await act('requestReview', { reason: '对拆除时间不满意' });
    expect(review.body).toMatchObject({ step: 'reviewRequested', clockLabel: '复查时限' });
    const reviewed = await act('review', { decision: 'upheld', text: '维持原处理意见。' }, s.tokens.leader);
    expect(reviewed.body.step).toBe('reviewed');
    const concluded = await act('conclude', { satisfaction: 'basically_satisfied' });
    expect(concluded.body).toMatchObject({ step: 'concluded', finishedOnTime: true });

    const file = (await p.call('GET', `/api/petitions/${id}`, undefined, s.tokens.leader)).body;
    expect(file.events.map((e: { type: string }) => e.type)).toEqual([
      'create',
      'accept',
      'extend',
      'assign',
      'reply',
      'requestReview',
      'review',
      'conclude',
    ]);

    const pdf = await p.app.request(`/api/petitions/${id}/reply.pdf`, {
      headers: { authorization: `Bearer ${s.tokens.leader}` },
    });
    expect(pdf.status).toBe(200);
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('信访事项处理意见书');
    expect(text).toContain('违建已列入拆除计划');
    expect(text).toContain('维持原处理意见');
  });

  it('routes law-related petitions out of the clock, flags collective ones, and counts the KPIs', {
    timeout: 60_000,
  }, async () => {
    const legal = await p.call(
      'POST',
      '/api/petitions',
      { channel: 'letter', subject: '不服法院判决', petitioners, lawRelated: true },
      s.tokens.dispatcher,
    );
    expect(legal.body).toMatchObject({ step: 'legal', stepLabel: '诉访分离' });
    expect(legal.body.deadline).toBeUndefined();
    const many = Array.from({ length: 6 }, (_, i) => ({ name: `村民${i + 1}` }));
    const collective = await p.call(
      'POST',
      '/api/petitions',
      { channel: 'visit', subject: '征地补偿', petitioners: many, repeated: true },
      s.tokens.dispatcher,
    );
    expect(collective.body).toMatchObject({ collective: true, repeated: true });
    await p.call(
      'POST',
      `/api/petitions/${collective.body.id}/actions/decline`,
      { reason: '已依法处理' },
      s.tokens.dispatcher,
    );

    // the reception log of the centre's window: visits, newest first
    const visits = await p.call('GET', '/api/petitions?channel=visit', undefined, s.tokens.dispatcher);
    expect(visits.body.items.every((i: { channel: string }) => i.channel === 'visit')).toBe(true);

    const stats = (await p.call('GET', '/api/stats/petitions', undefined, s.tokens.leader)).body;
    expect(stats).toMatchObject({
      received: 3,
      decided: 2,
      acceptedOnTime: 2,
      lawRelated: 1,
      repeated: 1,
      collective: 1,
    });
    expect(stats.timelyAcceptanceRate).toBe(1);
    expect(stats.satisfactionRate).toBe(1);
    expect(stats.repeatRate).toBeCloseTo(1 / 3);
    expect(stats.rows.channel.map((r: { key: string }) => r.key).sort()).toEqual(['letter', 'visit']);
  });

  it('lets a tenant configure its clocks', { timeout: 60_000 }, async () => {
    const put = await p.call('PUT', '/api/process-settings/petition', { clocks: { acceptance: 10 } }, s.tokens.admin);
    expect(put.status).toBe(200);
    expect(put.body.clocks).toContainEqual(expect.objectContaining({ name: 'acceptance', default: 15, value: 10 }));
    expect((await p.call('PUT', '/api/process-settings/petition', { clocks: { nap: 3 } }, s.tokens.admin)).status).toBe(
      400,
    );
    expect(
      (await p.call('PUT', '/api/process-settings/petition', { clocks: { acceptance: 3 } }, s.tokens.dispatcher))
        .status,
    ).toBe(403);
    const created = await p.call(
      'POST',
      '/api/petitions',
      { channel: 'online', subject: '噪音', petitioners, receivedAt: '2026-11-02T09:30:00+08:00' },
      s.tokens.dispatcher,
    );
    expect(created.body.deadline).toBe('2026-11-12T16:00:00.000Z');
    await p.call('PUT', '/api/process-settings/petition', { clocks: {} }, s.tokens.admin);
  });
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    out += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  return out;
}
