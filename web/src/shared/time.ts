/**
 * China time whatever the browser's zone: deadlines, working hours and every timestamp the offices read are
 * Beijing's (+08:00). One formatter for the console, the citizen pages and the phone app.
 */
const ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function parts(format: Intl.DateTimeFormat, d: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(d).map((p) => [p.type, p.value]));
}

/** `2026-12-02 14:05` in +08:00; '' for nothing, the input itself when it is not a date. */
export function formatDateTime(iso?: string | number | Date): string {
  if (iso === undefined || iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = parts(dateTime, d);
  // some engines write midnight as 24
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** `2026-12-02` in +08:00. */
export function formatDate(iso?: string | number | Date): string {
  if (iso === undefined || iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = parts(dateOnly, d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The `datetime-local` input value (`2026-12-02T14:05`) of an instant, in +08:00. */
export function toShanghaiInput(d: Date): string {
  return formatDateTime(d).replace(' ', 'T');
}

/** The instant a `datetime-local` value means when read as +08:00 (ISO with offset). */
export function fromShanghaiInput(value: string): string {
  return new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`).toISOString();
}
