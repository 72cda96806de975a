import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

export interface Range {
  from: string;
  to: string;
}

/** Today in China (+08:00, no DST): the day the server buckets counters and usage by, whatever the browser's zone. */
export function shanghaiToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The last `days` days up to today (+08:00) as `YYYY-MM-DD` strings. */
export function lastDays(days: number, now = Date.now()): Range {
  const to = shanghaiToday(now);
  return { from: dayjs(to).subtract(days, 'day').format('YYYY-MM-DD'), to };
}

/** A from/to picker working in `YYYY-MM-DD` strings (what the stats endpoints take). */
export function DateRange({ value, onChange }: { value: Range; onChange: (r: Range) => void }) {
  return (
    <DatePicker.RangePicker
      allowClear={false}
      value={[dayjs(value.from), dayjs(value.to)]}
      onChange={(v) => {
        const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
        if (a && b) onChange({ from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') });
      }}
      data-testid="date-range"
    />
  );
}
