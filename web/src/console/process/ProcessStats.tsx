import { Card, DatePicker, Space, Statistic } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { get } from '../api';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import type { KindConfig } from './types';

const rateText = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—');

/** A kind's KPIs for a period of intake months (this year so far by default): counts and rates, one line. */
export function ProcessStats({ stats }: { stats: NonNullable<KindConfig['stats']> }) {
  const t = useT();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const data = useLoad(
    () =>
      get<Record<string, unknown>>(stats.path, {
        from: range[0].format('YYYY-MM'),
        to: range[1].format('YYYY-MM'),
      }),
    [range[0].format('YYYY-MM'), range[1].format('YYYY-MM')],
  );
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={t('proc.stats')}
      extra={
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={range}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange([v[0], v[1]]);
          }}
        />
      }
      data-testid="process-stats"
    >
      <Space wrap size="large">
        {stats.counts.map((c) => (
          <Statistic key={c} title={t(`proc.stat.${c}` as never)} value={Number(data.data?.[c] ?? 0)} />
        ))}
        {stats.rates.map((r) => (
          <Statistic key={r} title={t(`proc.stat.${r}` as never)} value={rateText(data.data?.[r])} />
        ))}
      </Space>
    </Card>
  );
}
