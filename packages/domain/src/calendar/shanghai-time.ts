/**
 * China has one civil time, UTC+08:00, with no daylight saving since 1991. Working-time arithmetic therefore uses a
 * fixed offset instead of the machine's zone, so results are the same on a laptop in New York and on Lambda (UTC).
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of the +08:00 calendar day that contains `instant`. */
export function shanghaiDayIndex(instant: Date): number {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The UTC instant at which +08:00 day `dayIndex` starts (00:00 local). */
export function dayStartMs(dayIndex: number): number {
  return dayIndex * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** `YYYY-MM-DD` of a day index. */
export function dayIndexToDate(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** Day index of a `YYYY-MM-DD` string; undefined when it is not a real calendar date (2026-02-30). */
export function dateToDayIndex(date: string): number | undefined {
  const m = DAY.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return ms / DAY_MS;
}

/** True when `date` is a real `YYYY-MM-DD` calendar date. */
export function isCalendarDate(date: string): boolean {
  return dateToDayIndex(date) !== undefined;
}

/** 0 = Sunday … 6 = Saturday (JavaScript's convention) of a day index. */
export function weekdayOf(dayIndex: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayIndex + 4) % 7) + 7) % 7;
}

/** The +08:00 calendar date (`YYYY-MM-DD`) of an instant — the day a KPI counter or a holiday rule refers to. */
export function shanghaiDate(instant: Date): string {
  return dayIndexToDate(shanghaiDayIndex(instant));
}

/** ISO 8601 with an explicit `+08:00` offset (Open311 wants dates with a zone; citizens read local time). */
export function toShanghaiIso(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

/** Minutes after midnight of an `HH:mm` string (`24:00` allowed as an end of day). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
