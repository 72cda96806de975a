import type { WorkingCalendar } from '@civicgrid/domain';
import { workingTimeBetween } from '@civicgrid/domain/working-time';
import { TERMINAL_STEPS } from '../../shared/steps';
import type { ConsoleT } from '../i18n';
import type { CaseItem } from '../types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span of time as days and hours (or hours and minutes under a day). */
export function spanText(t: ConsoleT, ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return t('time.daysHours', { days: Math.floor(abs / DAY), hours: Math.floor((abs % DAY) / HOUR) });
  return t('time.hoursMinutes', { hours: Math.floor(abs / HOUR), minutes: Math.floor((abs % HOUR) / MINUTE) });
}

/** Working hours and minutes (a working day is the calendar's, not 24 h: never shown as days). */
export function workingText(t: ConsoleT, ms: number): string {
  return t('time.hoursMinutes', { hours: Math.floor(ms / HOUR), minutes: Math.floor((ms % HOUR) / MINUTE) });
}

/** What the countdown tag shows: its text, colour and (for working time) the wall-clock span as its title. */
export interface CountdownView {
  text: string;
  color: 'red' | 'orange' | 'green';
  title?: string;
}

/**
 * The working time left to an open case's deadline, counted on the tenant's calendar (nights, weekends and holidays
 * do not count down; the wall-clock span is the title); without the calendar, or once passed, the wall-clock span.
 * Red once passed, orange under one working day (8 h) — or one day on the wall clock.
 */
export function countdownView(
  t: ConsoleT,
  item: Pick<CaseItem, 'deadline' | 'step' | 'parked'>,
  calendar: WorkingCalendar | undefined,
  now: number,
): CountdownView | undefined {
  if (!item.deadline || TERMINAL_STEPS.includes(item.step) || item.parked) return undefined;
  const deadline = Date.parse(item.deadline);
  const ms = deadline - now;
  if (ms < 0) return { text: t('worklist.overdueBy', { time: spanText(t, ms) }), color: 'red' };
  const wall = t('worklist.remaining', { time: spanText(t, ms) });
  if (!calendar) return { text: wall, color: ms < DAY ? 'orange' : 'green' };
  const working = workingTimeBetween(new Date(now), new Date(deadline), calendar);
  return {
    text: t('worklist.remainingWorking', { time: workingText(t, working) }),
    color: working < 8 * HOUR ? 'orange' : 'green',
    title: wall,
  };
}
