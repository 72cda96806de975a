import { Alert, Button, Card, Select, Space, Table, type TableProps } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { asList } from '../../shared/api-error';
import { get } from '../api';
import { download, toCsv } from '../components/csv';
import { DateRange, lastDays } from '../components/DateRange';
import { errorText } from '../components/errors';
import { PageLoading } from '../components/PageLoading';
import { useLoad } from '../components/useLoad';
import { categoryName, departmentName, gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { KpiRow, Tenant } from '../types';

const EChart = lazy(() => import('../components/EChart'));

type GroupBy = 'tenant' | 'department' | 'category' | 'grid';
const COUNTS = ['reported', 'registered', 'closed', 'closedOnTime', 'reworked'] as const;
const RATES = ['closeRate', 'onTimeCloseRate', 'reworkRate'] as const;

/** Rates arrive as fractions (0.9372); shown as percentages with two decimals. */
export const percent = (v?: number) => (v === undefined || v === null ? '' : `${(v * 100).toFixed(2)}%`);

/** KPIs (GB/T 30428.4 lineage) by office, department, category or grid, as a table, a chart and a CSV. */
export default function DashboardPage() {
  const t = useT();
  const reference = useReference();
  const [range, setRange] = useState(lastDays(30));
  const [groupBy, setGroupBy] = useState<GroupBy>('tenant');
  const { data, error, loading } = useLoad(
    () => get('/api/stats/kpis', { ...range, groupBy }).then(asList<KpiRow>),
    [range, groupBy],
  );
  // tenant rows are keyed by tenant id: show the office's name (the caller's subtree)
  const { data: tenants } = useLoad(() => get('/api/tenants').then(asList<Tenant>, () => []), []);
  const rows = data ?? [];
  const label = useCallback(
    (key: string) =>
      groupBy === 'department'
        ? departmentName(reference, key)
        : groupBy === 'category'
          ? categoryName(reference, key)
          : groupBy === 'grid'
            ? gridName(reference, key)
            : (tenants?.find((x) => x.id === key)?.name ?? key),
    [groupBy, reference, tenants],
  );

  const columns: TableProps<KpiRow>['columns'] = [
    {
      title: t('kpi.key'),
      dataIndex: 'key',
      fixed: 'left',
      render: (k: string) => <span data-testid={`kpi-key-${k}`}>{label(k)}</span>,
    },
    ...COUNTS.map((c) => ({
      title: t(`kpi.${c}`),
      dataIndex: c,
      align: 'right' as const,
      onCell: () => ({ 'data-col': c }) as React.HTMLAttributes<HTMLElement>,
    })),
    ...RATES.map((r) => ({ title: t(`kpi.${r}`), dataIndex: r, align: 'right' as const, render: percent })),
    {
      title: t('kpi.satisfaction'),
      dataIndex: 'satisfaction',
      align: 'right',
      render: (v?: number) => (v === undefined || v === null ? '—' : v.toFixed(2)),
    },
  ];

  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, bottom: 48, top: 40 },
      xAxis: { type: 'category', data: rows.map((r) => label(r.key)), axisLabel: { rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', min: 0, max: 5, splitLine: { show: false } },
      ],
      series: [
        ...RATES.map((r) => ({
          name: t(`kpi.${r}`),
          type: 'bar',
          data: rows.map((row) => Number(((row[r] ?? 0) * 100).toFixed(2))),
        })),
        { name: t('kpi.satisfaction'), type: 'line', yAxisIndex: 1, data: rows.map((row) => row.satisfaction ?? null) },
      ],
    }),
    [rows, t, label],
  );

  function exportCsv() {
    const headers = [
      t('kpi.key'),
      ...COUNTS.map((c) => t(`kpi.${c}`)),
      ...RATES.map((r) => t(`kpi.${r}`)),
      t('kpi.satisfaction'),
    ];
    const body = rows.map((r) => [
      label(r.key),
      ...COUNTS.map((c) => r[c]),
      ...RATES.map((x) => percent(r[x])),
      r.satisfaction ?? '',
    ]);
    download(`kpis-${groupBy}-${range.from}-${range.to}.csv`, toCsv(headers, body));
  }

  return (
    <Card
      title={t('nav.dashboard')}
      extra={
        <Button onClick={exportCsv} disabled={!rows.length} data-testid="kpi-export-csv">
          {t('common.exportCsv')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <DateRange value={range} onChange={setRange} />
        <Select<GroupBy>
          value={groupBy}
          onChange={setGroupBy}
          style={{ width: 140 }}
          data-testid="kpi-groupby"
          options={(['tenant', 'department', 'category', 'grid'] as const).map((g) => ({
            value: g,
            label: t(`kpi.group.${g}`),
          }))}
        />
      </Space>
      {error ? <Alert type="error" title={errorText(error, t)} style={{ marginBottom: 16 }} /> : null}
      <Suspense fallback={<PageLoading />}>
        <EChart option={option} testId="kpi-chart" />
      </Suspense>
      <Table<KpiRow>
        rowKey="key"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="kpi-table"
        onRow={(r) => ({ 'data-testid': `kpi-row-${r.key}` }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
