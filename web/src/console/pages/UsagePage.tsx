import { Alert, App, Button, Card, Col, Progress, Row, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { get, getFile } from '../api';
import { formatBytes } from '../components/bytes';
import { downloadBlob } from '../components/csv';
import { DateRange, type Range, shanghaiToday } from '../components/DateRange';
import { errorText } from '../components/errors';
import { planLabel } from '../components/plan';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import type { PlanLimits, TenantUsage, UsageRow } from '../types';

const PLAN_COLORS: Record<string, string> = { trial: 'orange', standard: 'blue', district: 'purple' };

const col = (name: string) => ({ 'data-col': name }) as React.HTMLAttributes<HTMLElement>;

/** This month so far (+08:00): what the API reports when no period is given. */
function thisMonth(): Range {
  const to = shanghaiToday();
  return { from: `${to.slice(0, 7)}-01`, to };
}

/** One meter of this month against its plan limit: orange from 80 %, red at the limit. */
function Meter(props: { id: string; label: string; used: number; limit?: number; show?: (n: number) => string }) {
  const t = useT();
  const show = props.show ?? ((n: number) => n.toLocaleString('zh-CN'));
  const ratio = props.limit ? props.used / props.limit : 0;
  const percent = Math.min(100, Math.round(ratio * 1000) / 10);
  return (
    <div data-testid={`usage-progress-${props.id}`} data-used={props.used} data-limit={props.limit ?? ''}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text>{props.label}</Typography.Text>
        <Typography.Text type="secondary">
          {show(props.used)}
          {props.limit !== undefined ? ` / ${show(props.limit)}` : ''}
        </Typography.Text>
      </Space>
      <Progress
        percent={percent}
        showInfo={false}
        status={ratio >= 1 ? 'exception' : 'normal'}
        strokeColor={ratio >= 1 ? undefined : ratio >= 0.8 ? '#fa8c16' : undefined}
      />
      {ratio >= 1 && <Typography.Text type="danger">{t('usage.limitReached')}</Typography.Text>}
    </div>
  );
}

/** 用量与套餐: this month's reports, storage and users against the plan, and the (sub)tree's usage over a period. */
export default function UsagePage() {
  const t = useT();
  const { message } = App.useApp();
  const [range, setRange] = useState(thisMonth);
  const [downloading, setDownloading] = useState(false);
  const { data, error, loading } = useLoad(() => get<TenantUsage>('/api/usage', { ...range }), [range]);
  const limits: Partial<PlanLimits> = data?.limits ?? {};

  async function downloadCsv() {
    setDownloading(true);
    try {
      const { blob, fileName } = await getFile('/api/usage/report', { format: 'csv', ...range });
      downloadBlob(fileName ?? `civicgrid-usage-${range.from}-${range.to}.csv`, blob);
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setDownloading(false);
    }
  }

  const columns: TableProps<UsageRow>['columns'] = [
    { title: t('usage.name'), dataIndex: 'name', render: (n: string | undefined, r) => n ?? r.slug },
    { title: t('tenant.slug'), dataIndex: 'slug' },
    {
      title: t('common.level'),
      dataIndex: 'level',
      render: (l?: string) => (l ? t(`level.${l}` as 'level.street') : ''),
    },
    { title: t('usage.plan'), dataIndex: 'plan', render: (p?: string) => (p ? planLabel(p, t) : '') },
    { title: t('usage.requestsPeriod'), dataIndex: 'requests', align: 'right', onCell: () => col('requests') },
    { title: t('usage.reports'), dataIndex: 'reports', align: 'right', onCell: () => col('reports') },
    { title: t('usage.cases'), dataIndex: 'cases', align: 'right', onCell: () => col('cases') },
    { title: t('usage.casesClosed'), dataIndex: 'casesClosed', align: 'right', onCell: () => col('casesClosed') },
    { title: t('usage.users'), dataIndex: 'users', align: 'right', onCell: () => col('users') },
    { title: t('usage.activeUsers'), dataIndex: 'activeUsers', align: 'right' },
    { title: t('usage.storage'), dataIndex: 'storageBytes', align: 'right', render: formatBytes },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {error ? <Alert type="error" title={errorText(error, t)} /> : null}
      <Card
        title={data ? t('usage.thisMonth', { month: data.month.month }) : t('nav.usage')}
        loading={loading && !data}
        extra={
          data && (
            <Space>
              <Typography.Text type="secondary">{t('usage.plan')}</Typography.Text>
              <Tag color={PLAN_COLORS[data.plan]} data-testid="usage-plan" data-plan={data.plan}>
                {planLabel(data.plan, t)}
              </Tag>
            </Space>
          )
        }
      >
        {data && (
          <Row gutter={[24, 16]}>
            <Col xs={24} md={8}>
              <Meter id="reports" label={t('usage.reports')} used={data.month.reports} limit={limits.reportsPerMonth} />
            </Col>
            <Col xs={24} md={8}>
              <Meter
                id="storage"
                label={t('usage.storageUsed')}
                used={data.month.storageBytes}
                limit={limits.storageBytes}
                show={formatBytes}
              />
            </Col>
            <Col xs={24} md={8}>
              <Meter id="users" label={t('usage.users')} used={data.month.users} limit={limits.users} />
            </Col>
          </Row>
        )}
      </Card>
      <Card
        title={t('usage.period')}
        extra={
          <Button loading={downloading} disabled={!data} onClick={downloadCsv} data-testid="usage-csv">
            {t('common.exportCsv')}
          </Button>
        }
      >
        <Space style={{ marginBottom: 16 }}>
          <DateRange value={range} onChange={setRange} />
        </Space>
        <Table<UsageRow>
          rowKey={(r) => r.tenantId ?? r.slug}
          size="small"
          loading={loading}
          columns={columns}
          dataSource={data?.rows ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="usage-rows"
          onRow={(r) => ({ 'data-testid': `usage-row-${r.slug}` }) as React.HTMLAttributes<HTMLElement>}
        />
      </Card>
    </Space>
  );
}
