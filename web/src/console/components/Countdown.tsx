import { Tag } from 'antd';
import { TERMINAL_STEPS } from '../../shared/steps';
import { type ConsoleT, useT } from '../i18n';
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

/**
 * The time left to an open case's deadline (the deadline itself is computed in working time by the server, so the
 * countdown reaches zero exactly when the working-time limit runs out); red once passed, orange within a day.
 */
export function Countdown({ item, now = Date.now() }: { item: CaseItem; now?: number }) {
  const t = useT();
  if (!item.deadline || TERMINAL_STEPS.includes(item.step) || item.parked) return null;
  const ms = Date.parse(item.deadline) - now;
  const color = ms < 0 ? 'red' : ms < DAY ? 'orange' : 'green';
  return (
    <Tag color={color} data-testid={`countdown-${item.id}`}>
      {ms < 0 ? t('worklist.overdueBy', { time: spanText(t, ms) }) : t('worklist.remaining', { time: spanText(t, ms) })}
    </Tag>
  );
}
