import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  type TableProps,
} from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { asList } from '../../shared/api-error';
import { get, getFile } from '../api';
import { download, downloadBlob, toCsv } from '../components/csv';
import { shanghaiToday } from '../components/DateRange';
import { errorText } from '../components/errors';
import { PageLoading } from '../components/PageLoading';
import { useLoad } from '../components/useLoad';
import { categoryName, departmentName, gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { KpiRow, RankedRow, Tenant } from '../types';

const EChart = lazy(() => import('../components/EChart'));

type GroupBy = 'tenant' | 'department' | 'category' | 'grid' | 'user';
type RateKey = 'closeRate' | 'onTimeCloseRate' | 'handleOnTimeRate' | 'reworkRate' | 'satisfactionRate';
const COUNTS = [
  'dueForClose',
  'closed',
  'closedOnTime',
  'overdueOpen',
  'dueForHandle',
  'handled',
  'reworked',
  'supervised',
] as const;
const RATES = [
  'closeRate',
  'onTimeCloseRate',
  'handleOnTimeRate',
  'reworkRate',
  'satisfactionRate',
  'supervisionCloseRate',
] as const;
/** KPI cards: the field, and whether a rise is good (返工率 and 超期未结 are better when lower). */
const CARDS: { key: keyof KpiRow; rate: boolean; higherIsBetter: boolean }[] = [
  { key: 'dueForClose', rate: false, higherIsBetter: true },
  { key: 'closeRate', rate: true, higherIsBetter: true },
  { key: 'onTimeCloseRate', rate: true, higherIsBetter: true },
  { key: 'handleOnTimeRate', rate: true, higherIsBetter: true },
  { key: 'reworkRate', rate: true, higherIsBetter: false },
  { key: 'satisfactionRate', rate: true, higherIsBetter: true },
  { key: 'overdueOpen', rate: false, higherIsBetter: false },
];

/** Rates arrive as fractions (0.9372) or null (no denominator): shown as 93.72 % or "—", never 0 %. */
export const percent = (v?: number | null) => (v === undefined || v === null ? '—' : `${(v * 100).toFixed(2)}%`);

/** `YYYY-MM` `n` months before `month`. */
function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
}
function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: `${month}-01`, to: `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}` };
}

/** Month-on-month change of a card: the arrow, its colour (green = better) and the difference. */
function Change({
  now,
  before,
  rate,
  higherIsBetter,
}: {
  now: unknown;
  before: unknown;
  rate: boolean;
  higherIsBetter: boolean;
}) {
  if (typeof now !== 'number' || typeof before !== 'number') return <span data-testid="kpi-change">—</span>;
  const diff = now - before;
  if (Math.abs(diff) < 1e-9) {
    return (
      <span data-testid="kpi-change" data-direction="flat">
        <MinusOutlined /> 0
      </span>
    );
  }
  const better = diff > 0 === higherIsBetter;
  const text = rate ? `${(Math.abs(diff) * 100).toFixed(2)}%` : String(Math.abs(diff));
  return (
    <span
      data-testid="kpi-change"
      data-direction={diff > 0 ? 'up' : 'down'}
      style={{ color: better ? '#389e0d' : '#cf1322' }}
    >
      {diff > 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {text}
    </span>
  );
}

/**
 * The leader's dashboard (考核评价): KPI cards of the month with month-on-month arrows, a 12-month trend, the
 * ranking with drill-down (district → street → department → the case list of that cohort), the monthly
 * bulletin download, and the detail table by any grouping.
 */
export default function DashboardPage() {
  const t = useT();
  const navigate = useNavigate();
  const reference = useReference();
  const thisMonth = shanghaiToday().slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const [scope, setScope] = useState<{ id: string; name: string }[]>([]);
  const [rankBy, setRankBy] = useState<'tenant' | 'department' | undefined>(undefined);
  const [groupBy, setGroupBy] = useState<GroupBy>('tenant');
  const { data: tenants } = useLoad(() => get('/api/tenants').then(asList<Tenant>, () => []), []);
  const scopeId = scope.at(-1)?.id;
  const scopeQuery = scopeId ? { tenantId: scopeId } : {};
  const period = monthBounds(month);

  // the scope's own tenant and whether it has tenants below it (then the ranking starts with them)
  const own = tenants?.[0];
  const current = scopeId ?? own?.id;
  // a district ranks its streets first; a street (or a district without streets) its departments
  const level = (tenants ?? []).find((x) => x.id === current)?.level;
  const hasChildren = (tenants ?? []).some((x) => x.parentId === current);
  const ranking = rankBy ?? (level === 'district' && hasChildren ? 'tenant' : 'department');

  const series = useLoad(
    () =>
      get('/api/stats/kpis', {
        from: monthBounds(shiftMonth(month, 11)).from,
        to: period.to,
        groupBy: 'month',
        ...scopeQuery,
      }).then(asList<KpiRow>),
    [month, scopeId],
  );
  const ranked = useLoad(
    () => get('/api/stats/ranking', { ...period, groupBy: ranking, ...scopeQuery }).then(asList<RankedRow>),
    [month, scopeId, ranking],
  );
  const detail = useLoad(
    () => get('/api/stats/kpis', { ...period, groupBy, ...scopeQuery }).then(asList<KpiRow>),
    [month, scopeId, groupBy],
  );
  const months = series.data ?? [];
  const now = months.at(-1);
  const before = months.at(-2);
  const rows = detail.data ?? [];

  const label = useCallback(
    (row: KpiRow) =>
      row.name ??
      (groupBy === 'department'
        ? departmentName(reference, row.key)
        : groupBy === 'category'
          ? categoryName(reference, row.key)
          : groupBy === 'grid'
            ? gridName(reference, row.key)
            : (tenants?.find((x) => x.id === row.key)?.name ?? row.key)),
    [groupBy, reference, tenants],
  );

  function drill(row: RankedRow) {
    if (ranking === 'tenant') {
      if (row.key === current) {
        setRankBy('department');
        return;
      }
      setScope((s) => [...s, { id: row.key, name: row.name ?? row.key }]);
      setRankBy(undefined);
      return;
    }
    // a department: the case list of exactly this cohort
    const params = new URLSearchParams({ departmentId: row.key, dueFrom: period.from, dueTo: period.to });
    if (row.name) params.set('unit', row.name);
    const tenantId = row.tenantId ?? current;
    if (tenantId && tenantId !== own?.id) params.set('tenantId', tenantId);
    navigate(`/cases?${params.toString()}`);
  }

  async function bulletin(format: 'pdf' | 'xlsx' | 'csv') {
    const { blob, fileName } = await getFile(`/api/bulletins/${month}`, { format, ...scopeQuery });
    downloadBlob(fileName ?? `bulletin-${month}.${format}`, blob);
  }

  const trendOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: months.map((r) => r.key) },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        { name: t('kpi.dueForClose'), type: 'bar', yAxisIndex: 1, data: months.map((r) => r.dueForClose) },
        ...(['closeRate', 'onTimeCloseRate', 'handleOnTimeRate', 'satisfactionRate'] as RateKey[]).map((r) => ({
          name: t(`kpi.${r}`),
          type: 'line',
          connectNulls: false,
          data: months.map((row) => (row[r] === null ? null : Number(((row[r] ?? 0) * 100).toFixed(2)))),
        })),
      ],
    }),
    [months, t],
  );

  const rankColumns: TableProps<RankedRow>['columns'] = [
    { title: t('kpi.rank'), dataIndex: 'rank', width: 64, render: (v: number | null) => v ?? '—' },
    {
      title: t('kpi.unit'),
      dataIndex: 'key',
      render: (_k: string, r) => (
        <Button type="link" size="small" onClick={() => drill(r)} data-testid={`drill-${r.key}`}>
          {r.name ?? r.key}
        </Button>
      ),
    },
    {
      title: t('kpi.score'),
      dataIndex: 'score',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
    },
    ...(['dueForClose', 'closed', 'overdueOpen'] as const).map((c) => ({
      title: t(`kpi.${c}`),
      dataIndex: c,
      align: 'right' as const,
      onCell: () => ({ 'data-col': c }) as React.HTMLAttributes<HTMLElement>,
    })),
    ...RATES.map((r) => ({ title: t(`kpi.${r}`), dataIndex: r, align: 'right' as const, render: percent })),
  ];

  const columns: TableProps<KpiRow>['columns'] = [
    {
      title: t('kpi.key'),
      dataIndex: 'key',
      fixed: 'left',
      render: (k: string, r) => <span data-testid={`kpi-key-${k}`}>{label(r)}</span>,
    },
    ...(['reported', 'registered', ...COUNTS] as const).map((c) => ({
      title: t(`kpi.${c}`),
      dataIndex: c,
      align: 'right' as const,
      onCell: () => ({ 'data-col': c }) as React.HTMLAttributes<HTMLElement>,
    })),
    ...RATES.map((r) => ({ title: t(`kpi.${r}`), dataIndex: r, align: 'right' as const, render: percent })),
  ];

  function exportCsv() {
    const headers = [
      t('kpi.key'),
      ...(['reported', 'registered', ...COUNTS] as const).map((c) => t(`kpi.${c}`)),
      ...RATES.map((r) => t(`kpi.${r}`)),
    ];
    const body = rows.map((r) => [
      label(r),
      r.reported,
      r.registered,
      ...COUNTS.map((c) => r[c]),
      ...RATES.map((x) => percent(r[x])),
    ]);
    download(`kpis-${groupBy}-${period.from}-${period.to}.csv`, toCsv(headers, body));
  }

  const monthOptions = Array.from({ length: 24 }, (_, i) => shiftMonth(thisMonth, i)).map((m) => ({
    value: m,
    label: m,
  }));
  const crumbs = [{ id: undefined as string | undefined, name: own?.name ?? '' }, ...scope];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('nav.dashboard')}
        extra={
          <Space wrap>
            <span>{t('kpi.bulletin')}</span>
            <Button onClick={() => bulletin('pdf')} data-testid="bulletin-pdf">
              {t('kpi.bulletin.pdf')}
            </Button>
            <Button onClick={() => bulletin('xlsx')} data-testid="bulletin-xlsx">
              {t('kpi.bulletin.xlsx')}
            </Button>
            <Button onClick={() => bulletin('csv')} data-testid="bulletin-csv">
              {t('kpi.bulletin.csv')}
            </Button>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <span>{t('kpi.month')}</span>
          <Select
            value={month}
            onChange={setMonth}
            options={monthOptions}
            style={{ width: 120 }}
            data-testid="kpi-month"
          />
          <span>{t('kpi.scope')}</span>
          <Breadcrumb
            data-testid="kpi-scope"
            items={crumbs.map((c, i) => ({
              title:
                i === crumbs.length - 1 ? (
                  <span data-testid={`scope-${i}`}>{c.name}</span>
                ) : (
                  <Button
                    type="link"
                    size="small"
                    data-testid={`scope-${i}`}
                    onClick={() => {
                      setScope((s) => s.slice(0, i));
                      setRankBy(undefined);
                    }}
                  >
                    {c.name}
                  </Button>
                ),
            }))}
          />
        </Space>
        {series.error ? <Alert type="error" title={errorText(series.error, t)} style={{ marginBottom: 16 }} /> : null}
        <Row gutter={[16, 16]} data-testid="kpi-cards">
          {CARDS.map((c) => (
            <Col key={c.key} xs={12} sm={8} md={6} lg={3} style={{ minWidth: 150 }}>
              <Card size="small" data-testid={`kpi-card-${c.key}`}>
                <Statistic
                  title={t(`kpi.${c.key}` as 'kpi.closeRate')}
                  value={c.rate ? percent(now?.[c.key] as number | null) : String(now?.[c.key] ?? '—')}
                />
                <div style={{ fontSize: 12 }}>
                  {t('kpi.vsLastMonth')}{' '}
                  <Change now={now?.[c.key]} before={before?.[c.key]} rate={c.rate} higherIsBetter={c.higherIsBetter} />
                </div>
              </Card>
            </Col>
          ))}
        </Row>
      </Card>

      <Card title={t('kpi.trend')} size="small">
        <Suspense fallback={<PageLoading />}>
          <EChart option={trendOption} testId="kpi-trend" />
        </Suspense>
      </Card>

      <Card
        title={t('kpi.ranking')}
        size="small"
        extra={
          <Segmented<'tenant' | 'department'>
            value={ranking}
            onChange={setRankBy}
            options={[
              { value: 'tenant', label: t('kpi.ranking.tenant') },
              { value: 'department', label: t('kpi.ranking.department') },
            ]}
            data-testid="ranking-by"
          />
        }
      >
        {ranked.error ? <Alert type="error" title={errorText(ranked.error, t)} style={{ marginBottom: 16 }} /> : null}
        <Table<RankedRow>
          rowKey="key"
          size="small"
          loading={ranked.loading}
          columns={rankColumns}
          dataSource={ranked.data ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="ranking-table"
          onRow={(r) => ({ 'data-testid': `ranking-row-${r.key}` }) as React.HTMLAttributes<HTMLElement>}
        />
      </Card>

      <Card
        title={t('kpi.details')}
        size="small"
        extra={
          <Button onClick={exportCsv} disabled={!rows.length} data-testid="kpi-export-csv">
            {t('common.exportCsv')}
          </Button>
        }
      >
        <Select<GroupBy>
          value={groupBy}
          onChange={setGroupBy}
          style={{ width: 140, marginBottom: 16 }}
          data-testid="kpi-groupby"
          options={(['tenant', 'department', 'category', 'grid', 'user'] as const).map((g) => ({
            value: g,
            label: t(`kpi.group.${g}`),
          }))}
        />
        {detail.error ? <Alert type="error" title={errorText(detail.error, t)} style={{ marginBottom: 16 }} /> : null}
        <Table<KpiRow>
          rowKey="key"
          size="small"
          loading={detail.loading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1200 }}
          data-testid="kpi-table"
          onRow={(r) => ({ 'data-testid': `kpi-row-${r.key}` }) as React.HTMLAttributes<HTMLElement>}
        />
      </Card>
    </Space>
  );
}
