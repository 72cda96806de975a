import { Button, Card, Descriptions, Empty, Select, Space, Table, Tabs, Tag } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { asList } from '../../shared/api-error';
import { formatDate, formatDateTime } from '../../shared/time';
import { get, post } from '../api';
import { useSession } from '../auth';
import { errorText } from '../components/errors';
import { PageLoading } from '../components/PageLoading';
import { useLoad } from '../components/useLoad';
import { gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';

const PatrolMap = lazy(() => import('./PatrolMap'));

interface PatrolRow {
  id: string;
  userId: string;
  userName?: string;
  status: 'open' | 'ended';
  startedAt: string;
  endedAt?: string;
  durationSeconds: number;
  distanceMeters: number;
  pointCount: number;
}

interface PatrolDetail extends PatrolRow {
  grids: { gridCode: string; name: string; seconds: number }[];
  trace: { lat: number; lng: number; at: string }[];
  caseIds: string[];
  visitIds: string[];
}

interface VisitRow {
  id: string;
  userName?: string;
  target: { kind: string; id?: string; address?: string; label?: string };
  purpose: string;
  note: string;
  followUp: boolean;
  visitedAt: string;
  gridCode?: string;
}

interface ProposalRow {
  id: string;
  version: number;
  target: { kind: string; id: string; label?: string };
  field: string;
  value: string;
  reason?: string;
  proposedByName?: string;
  createdAt: string;
}

interface UserKpiRow {
  key: string;
  name?: string;
  field: {
    reported: number;
    validReportRate: number | null;
    verified: number;
    verifyOnTimeRate: number | null;
    patrolHours: number;
    visits: number;
    tasksDone: number;
    taskOnTimeRate: number | null;
  };
}

const time = (iso?: string) => (iso ? formatDateTime(iso) : '—');
const minutes = (s: number) => Math.round(s / 60);
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function Patrols() {
  const t = useT();
  const reference = useReference();
  const list = useLoad(() => get('/api/patrols', { limit: '50' }).then(asList<PatrolRow>), []);
  const [selected, setSelected] = useState<string>();
  const detail = useLoad(
    () => (selected ? get<PatrolDetail>(`/api/patrols/${selected}`) : Promise.resolve(undefined)),
    [selected],
  );
  const labels = useMemo(() => ({ start: t('field.patrol.start'), end: t('field.patrol.end') }), [t]);
  if (list.error) return <Empty description={errorText(list.error, t)} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<PatrolRow>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        scroll={{ x: true }}
        onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
        rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('field.col.worker'), dataIndex: 'userName', render: (v, r) => v ?? r.userId },
          { title: t('field.col.started'), dataIndex: 'startedAt', render: (v: string) => time(v) },
          {
            title: t('field.col.status'),
            dataIndex: 'status',
            render: (v: string) => (
              <Tag color={v === 'open' ? 'processing' : 'default'}>{t(`field.status.${v}` as never)}</Tag>
            ),
          },
          { title: t('field.col.minutes'), dataIndex: 'durationSeconds', render: (v: number) => minutes(v) },
          { title: t('field.col.distance'), dataIndex: 'distanceMeters', render: (v: number) => Math.round(v) },
        ]}
      />
      {detail.data && (
        <Card title={t('field.patrol.detail')} data-testid="patrol-detail">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('field.col.worker')}>
              {detail.data.userName ?? detail.data.userId}
            </Descriptions.Item>
            <Descriptions.Item label={t('field.col.started')}>{time(detail.data.startedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('field.col.ended')}>{time(detail.data.endedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('field.patrol.made')}>
              {t('field.patrol.madeCount', { cases: detail.data.caseIds.length, visits: detail.data.visitIds.length })}
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="gridCode"
            size="small"
            pagination={false}
            data-testid="patrol-grids"
            dataSource={detail.data.grids}
            columns={[
              {
                title: t('proc.grid'),
                dataIndex: 'gridCode',
                render: (code: string, r) =>
                  code === 'outside' ? t('field.outside') : r.name || gridName(reference, code),
              },
              { title: t('field.col.minutes'), dataIndex: 'seconds', render: (v: number) => (v / 60).toFixed(1) },
            ]}
          />
          <Suspense fallback={<PageLoading />}>
            <PatrolMap trace={detail.data.trace} grids={reference.grids} labels={labels} />
          </Suspense>
        </Card>
      )}
    </Space>
  );
}

function Visits() {
  const t = useT();
  const list = useLoad(() => get('/api/visits', { limit: '50' }).then(asList<VisitRow>), []);
  if (list.error) return <Empty description={errorText(list.error, t)} />;
  return (
    <Table<VisitRow>
      rowKey="id"
      size="small"
      loading={list.loading}
      dataSource={list.data ?? []}
      scroll={{ x: true }}
      columns={[
        { title: t('field.col.visitedAt'), dataIndex: 'visitedAt', render: (v: string) => time(v) },
        { title: t('field.col.worker'), dataIndex: 'userName' },
        {
          title: t('field.col.target'),
          dataIndex: 'target',
          render: (v: VisitRow['target']) =>
            `${t(`field.target.${v.kind}` as never)} ${v.label ?? v.address ?? v.id ?? ''}`,
        },
        {
          title: t('field.col.purpose'),
          dataIndex: 'purpose',
          render: (v: string) => t(`field.purpose.${v}` as never),
        },
        { title: t('field.col.note'), dataIndex: 'note' },
        {
          title: t('field.col.followUp'),
          dataIndex: 'followUp',
          render: (v: boolean) => (v ? <Tag color="warning">{t('field.followUp')}</Tag> : null),
        },
      ]}
    />
  );
}

function Proposals() {
  const t = useT();
  const list = useLoad(
    () => get('/api/field-proposals', { status: 'pending', limit: '50' }).then(asList<ProposalRow>),
    [],
  );
  const [busy, setBusy] = useState<string>();
  const decide = async (row: ProposalRow, decision: 'accept' | 'reject') => {
    setBusy(row.id);
    try {
      await post(`/api/field-proposals/${row.id}/decide`, { decision, version: row.version });
      list.reload();
    } finally {
      setBusy(undefined);
    }
  };
  if (list.error) return <Empty description={errorText(list.error, t)} />;
  return (
    <Table<ProposalRow>
      rowKey="id"
      size="small"
      loading={list.loading}
      dataSource={list.data ?? []}
      scroll={{ x: true }}
      data-testid="proposal-queue"
      columns={[
        { title: t('field.col.proposed'), dataIndex: 'createdAt', render: (v: string) => time(v) },
        { title: t('field.col.worker'), dataIndex: 'proposedByName' },
        {
          title: t('field.col.target'),
          dataIndex: 'target',
          render: (v: ProposalRow['target']) => `${t(`field.target.${v.kind}` as never)} ${v.label ?? v.id}`,
        },
        { title: t('field.col.field'), dataIndex: 'field' },
        { title: t('field.col.value'), dataIndex: 'value' },
        { title: t('field.col.reason'), dataIndex: 'reason' },
        {
          title: '',
          key: 'actions',
          render: (_: unknown, row) => (
            <Space>
              <Button size="small" type="primary" loading={busy === row.id} onClick={() => decide(row, 'accept')}>
                {t('field.accept')}
              </Button>
              <Button size="small" danger loading={busy === row.id} onClick={() => decide(row, 'reject')}>
                {t('field.reject')}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}

const months = () => {
  const out: string[] = [];
  // this month in +08:00, whatever the browser's zone
  const [y, m] = formatDate(new Date()).split('-').map(Number) as [number, number];
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
};

/** 网格员排行榜: every grid worker of the street by the month's field KPIs. */
function League() {
  const t = useT();
  const [month, setMonth] = useState(months()[0] as string);
  const list = useLoad(async () => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const [kpis, users] = await Promise.all([
      get<{ rows: UserKpiRow[] }>('/api/stats/kpis', { groupBy: 'user', from: `${month}-01`, to: `${month}-${last}` }),
      get('/api/users').then(asList<{ id: string; roles: string[] }>, () => []),
    ]);
    const workers = new Set(users.filter((u) => u.roles.includes('grid_worker')).map((u) => u.id));
    return kpis.rows
      .filter((r) => workers.has(r.key))
      .sort(
        (a, b) =>
          b.field.reported - a.field.reported ||
          b.field.visits - a.field.visits ||
          b.field.patrolHours - a.field.patrolHours,
      );
  }, [month]);
  if (list.error) return <Empty description={errorText(list.error, t)} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        value={month}
        onChange={setMonth}
        options={months().map((m) => ({ value: m, label: m }))}
        style={{ width: 140 }}
      />
      <Table<UserKpiRow>
        rowKey="key"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        data-testid="league-table"
        columns={[
          { title: t('field.league.rank'), key: 'rank', render: (_: unknown, __, i) => i + 1 },
          { title: t('field.col.worker'), dataIndex: 'name' },
          { title: t('field.kpi.reported'), render: (_: unknown, r) => r.field.reported },
          { title: t('field.kpi.validRate'), render: (_: unknown, r) => pct(r.field.validReportRate) },
          { title: t('field.kpi.verifyOnTime'), render: (_: unknown, r) => pct(r.field.verifyOnTimeRate) },
          { title: t('field.kpi.patrolHours'), render: (_: unknown, r) => r.field.patrolHours },
          { title: t('field.kpi.visits'), render: (_: unknown, r) => r.field.visits },
          { title: t('field.kpi.tasksOnTime'), render: (_: unknown, r) => pct(r.field.taskOnTimeRate) },
        ]}
      />
    </Space>
  );
}

/** 巡查走访: patrols with their map, visits, the review queue of proposed changes, the league table. */
export default function FieldWorkPage() {
  const t = useT();
  const { roles } = useSession();
  const reviews = roles.some((r) => r === 'tenant_admin' || r === 'dispatcher');
  const stats = roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'leader');
  return (
    <Card title={t('nav.fieldWork')}>
      <Tabs
        items={[
          { key: 'patrols', label: t('field.tab.patrols'), children: <Patrols /> },
          { key: 'visits', label: t('field.tab.visits'), children: <Visits /> },
          ...(reviews ? [{ key: 'review', label: t('field.tab.review'), children: <Proposals /> }] : []),
          ...(stats ? [{ key: 'league', label: t('field.tab.league'), children: <League /> }] : []),
        ]}
      />
    </Card>
  );
}
