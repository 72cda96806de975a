import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

export interface Range {
  from: string;
  to: string;
}

/** The last `days` days as `YYYY-MM-DD` strings. */
export function lastDays(days: number): Range {
  return { from: dayjs().subtract(days, 'day').format('YYYY-MM-DD'), to: dayjs().format('YYYY-MM-DD') };
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
