import { defaultCalendar } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { format } from '../../i18n';
import { zhConsole } from '../../i18n/console-zh';
import type { ConsoleT } from '../i18n';
import { countdownView } from './countdown-view';

const t = ((key: keyof typeof zhConsole, params?: Record<string, string | number>) =>
  format(zhConsole[key] ?? key, params)) as ConsoleT;
const calendar = defaultCalendar(); // 09:00–12:00 and 13:30–17:30 (+08:00), weekends off, 2026 holidays

describe('the worklist countdown', () => {
  it('counts working time only: a Friday 16:30 view of a Monday 10:00 deadline has 2 working hours left', () => {
    // Fri 2026-11-27 16:30 +08:00 → Mon 2026-11-30 10:00 +08:00: 1 h on Friday, 1 h on Monday
    const view = countdownView(
      t,
      { step: 'dispatched', deadline: '2026-11-30T02:00:00.000Z' },
      calendar,
      Date.parse('2026-11-27T08:30:00.000Z'),
    );
    expect(view).toEqual({ text: '剩余工作时间 2小时0分', color: 'orange', title: '剩余 2天17小时' });
  });

  it('is green with a working day or more left, red with the wall-clock span once passed', () => {
    const now = Date.parse('2026-12-01T01:00:00.000Z'); // Tue 09:00
    const twoDays = countdownView(t, { step: 'registered', deadline: '2026-12-03T01:00:00.000Z' }, calendar, now);
    expect(twoDays).toMatchObject({ text: '剩余工作时间 14小时0分', color: 'green' });
    const late = countdownView(t, { step: 'dispatched', deadline: '2026-11-30T01:00:00.000Z' }, calendar, now);
    expect(late).toEqual({ text: '已超期 1天0小时', color: 'red' });
  });

  it('falls back to the wall clock without a calendar, and shows nothing for closed or parked cases', () => {
    const now = Date.parse('2026-12-01T01:00:00.000Z');
    expect(countdownView(t, { step: 'dispatched', deadline: '2026-12-01T13:00:00.000Z' }, undefined, now)).toEqual({
      text: '剩余 12小时0分',
      color: 'orange',
    });
    expect(countdownView(t, { step: 'closed', deadline: '2026-12-02T01:00:00.000Z' }, calendar, now)).toBeUndefined();
    expect(
      countdownView(t, { step: 'dispatched', deadline: '2026-12-02T01:00:00.000Z', parked: true }, calendar, now),
    ).toBeUndefined();
  });
});
