import { describe, expect, it } from 'vitest';
import { ADMIN, createTestPlatform } from '../support/platform';

// 2 November 2026 in Beijing: next year's holidays are due
const offsetMs = Date.parse('2026-11-02T10:00:00+08:00') - Date.now();
const p = await createTestPlatform({ clock: () => new Date(Date.now() + offsetMs) });

const y2027 = {
  holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
  makeupWorkdays: ['2027-02-14'],
};

describe('calendar upkeep', () => {
  it('the platform operator publishes next year for every tenant; tenants keep their overrides; the banner goes', async () => {
    const a = await p.signup('cal-a', 'street');
    const b = await p.signup('cal-b', 'street');
    const platform = await p.login(ADMIN.email, ADMIN.password);
    const before = await p.call('GET', '/api/calendar', undefined, a.token);
    expect(before.body.nextYearMissing).toBe(true);

    // tenant B sets its own 2027 table first: the national one must not overwrite it
    const own = { ...before.body, holidays: [...before.body.holidays, '2027-01-01', '2027-01-02'] };
    delete own.nextYearMissing;
    expect((await p.call('PUT', '/api/calendar', own, b.token)).status).toBe(200);

    // only the platform admin publishes, and only dates of the year named
    expect((await p.call('PUT', '/api/admin/calendar/2027', y2027, a.token)).status).toBe(403);
    const wrong = await p.call(
      'PUT',
      '/api/admin/calendar/2027',
      { holidays: ['2026-12-31'], makeupWorkdays: [] },
      platform,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('holidays.0');
    expect((await p.call('PUT', '/api/admin/calendar/2027', y2027, platform)).status).toBe(200);
    const listed = await p.call('GET', '/api/admin/calendar', undefined, platform);
    expect(listed.body.items).toEqual([{ year: 2027, ...y2027 }]);

    const after = await p.call('GET', '/api/calendar', undefined, a.token);
    expect(after.body.nextYearMissing).toBe(false);
    expect(after.body.holidays).toEqual(expect.arrayContaining(y2027.holidays));
    expect(after.body.makeupWorkdays).toContain('2027-02-14');
    const kept = await p.call('GET', '/api/calendar', undefined, b.token);
    expect(kept.body.holidays).toContain('2027-01-02');
    expect(kept.body.holidays).not.toContain('2027-02-05');
  });
});
