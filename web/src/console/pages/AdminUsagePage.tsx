import { Alert, Button, Card, Space, Table, type TableProps } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { asList } from '../../shared/api-error';
import { get } from '../api';
import { formatBytes } from '../components/bytes';
import { download, toCsv } from '../components/csv';
import { DateRange, lastDays } from '../components/DateRange';
import { errorText } from '../components/errors';
import { PageLoading } from '../components/PageLoading';
import { planLabel } from '../components/plan';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import type { UsageRow } from '../types';

const USAGE_COLUMNS = [
  'tenantId',
  'slug',
  'name',
  'plan',
  'requests',
  'apiRequests',
  'publicRequests',
  'open311Requests',
  'reports',
  'cases',
  'casesClosed',
  'users',
  'activeUsers',
  'storageBytes',
] as const satisfies readonly (keyof UsageRow)[];

const EChart = lazy(() => import('../components/EChart'));

const col = (name: string) => ({ 'data-col': name }) as React.HTMLAttributes<HTMLElement>;

/** The platform operator's view of every tenant's usage over a period. */
export default function AdminUsagePage() {
  const t = useT();
  const [range, setRange] = useState(lastDays(30));
  const { data, error, loading } = useLoad(() => get('/api/admin/usage', { ...range }).then(asList<UsageRow>), [range]);
  const rows = data ?? [];

  const columns: TableProps<UsageRow>['columns'] = [
    { title: t('tenant.slug'), dataIndex: 'slug', fixed: 'left' },
    { title: t('usage.name'), dataIndex: 'name', ellipsis: true },
    { title: t('usage.plan'), dataIndex: 'plan', render: (p?: string) => planLabel(p, t) },
    {
      title: t('usage.requests'),
      dataIndex: 'requests',
      align: 'right',
      sorter: (a, b) => a.requests - b.requests,
      onCell: () => col('requests'),
    },
    {
      title: t('usage.reports'),
      dataIndex: 'reports',
      align: 'right',
      sorter: (a, b) => a.reports - b.reports,
      onCell: () => col('reports'),
    },
    {
      title: t('usage.cases'),
      dataIndex: 'cases',
      align: 'right',
      sorter: (a, b) => a.cases - b.cases,
      onCell: () => col('cases'),
    },
    { title: t('usage.casesClosed'), dataIndex: 'casesClosed', align: 'right', onCell: () => col('casesClosed') },
    { title: t('usage.users'), dataIndex: 'users', align: 'right' },
    { title: t('usage.activeUsers'), dataIndex: 'activeUsers', align: 'right' },
    { title: t('usage.storage'), dataIndex: 'storageBytes', align: 'right', render: formatBytes },
  ];

  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 24, bottom: 48, top: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r.slug) },
      yAxis: { type: 'value' },
      series: (['requests', 'reports', 'cases'] as const).map((k) => ({
        name: t(`usage.${k}`),
        type: 'bar',
        data: rows.map((r) => r[k] ?? 0),
      })),
    }),
    [rows, t],
  );

  return (
    <Card
      title={t('nav.adminUsage')}
      extra={
        <Button
          disabled={!rows.length}
          data-testid="usage-export-csv"
          onClick={() =>
            download(
              `usage-${range.from}-${range.to}.csv`,
              toCsv(
                [...USAGE_COLUMNS],
                rows.map((r) => USAGE_COLUMNS.map((c) => r[c] ?? '')),
              ),
            )
          }
        >
          {t('common.exportCsv')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <DateRange value={range} onChange={setRange} />
      </Space>
      {error ? <Alert type="error" title={errorText(error, t)} style={{ marginBottom: 16 }} /> : null}
      <Suspense fallback={<PageLoading />}>
        <EChart option={option} testId="usage-chart" />
      </Suspense>
      <Table<UsageRow>
        rowKey={(r) => r.tenantId ?? r.slug}
        size="small"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 700 }}
        data-testid="usage-table"
        onRow={(r) => ({ 'data-testid': `usage-row-${r.slug}` }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
