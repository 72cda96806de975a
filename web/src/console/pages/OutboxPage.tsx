import { Alert, Button, Card, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { stepKey } from '../../shared/steps';
import { get } from '../api';
import { formatTime } from '../components/DeadlineTag';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { type ConsoleT, useT } from '../i18n';
import type { OutboxMessage, Page } from '../types';

const PAGE_SIZE = 20;

/** The module of a process kind's breach notices (`dispute.overdue.supervisor` → 矛盾纠纷 · 超期督办). */
const KIND_NAMES = {
  dispute: 'nav.disputes',
  petition: 'nav.petitions',
  assessment: 'nav.riskAssessments',
  warning: 'nav.earlyWarnings',
  legalcall: 'nav.legalCalls',
  legalaid: 'nav.legalAid',
  specialvisit: 'nav.special',
  fieldtask: 'nav.tasks',
} as const;

/** `citizen.<step>` → 群众通知 · 已立案; the escalation notices of cases and of every kind; anything newer as sent. */
function kindLabel(kind: string, t: ConsoleT): string {
  if (kind.startsWith('citizen.')) return `${t('outbox.kind.citizen')} · ${t(stepKey(kind.slice(8)))}`;
  if (kind === 'case.overdue.supervisor') return t('outbox.kind.supervisor');
  if (kind === 'case.overdue.parent') return t('outbox.kind.parent');
  if (kind.startsWith('warning.emergency')) return t('outbox.kind.warningEmergency');
  const [module, what, level] = kind.split('.');
  const name = KIND_NAMES[module as keyof typeof KIND_NAMES];
  if (name && what === 'overdue' && (level === 'supervisor' || level === 'parent')) {
    return `${t(name)} · ${t(level === 'supervisor' ? 'outbox.kind.supervisor' : 'outbox.kind.parent')}`;
  }
  return kind;
}

/** 消息: what the tenant sent — SMS to citizens (phones masked) and in-app notices to staff — newest first. */
export default function OutboxPage() {
  const t = useT();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading, reload } = useLoad(
    () => get<Page<OutboxMessage>>('/api/outbox', { limit: PAGE_SIZE, cursor }),
    [cursor],
  );

  const columns: TableProps<OutboxMessage>['columns'] = [
    { title: t('outbox.at'), dataIndex: 'at', width: 170, render: (at: string) => formatTime(at) },
    {
      title: t('outbox.channel'),
      dataIndex: 'channel',
      width: 100,
      render: (c: string) =>
        c === 'sms' ? (
          <Tag color="blue">{t('outbox.channel.sms')}</Tag>
        ) : c === 'inbox' ? (
          <Tag color="orange">{t('outbox.channel.inbox')}</Tag>
        ) : (
          <Tag>{c}</Tag>
        ),
    },
    {
      title: t('outbox.to'),
      dataIndex: 'to',
      width: 130,
      render: (to?: string) => to ?? <Typography.Text type="secondary">{t('outbox.staff')}</Typography.Text>,
    },
    { title: t('outbox.kind'), dataIndex: 'kind', width: 170, render: (k: string) => kindLabel(k, t) },
    { title: t('outbox.text'), dataIndex: 'text' },
    {
      title: t('outbox.case'),
      dataIndex: 'caseId',
      width: 110,
      render: (id?: string) =>
        id ? (
          <Link to={`/cases/${encodeURIComponent(id)}`} data-testid="outbox-case">
            {t('outbox.openCase')}
          </Link>
        ) : null,
    },
  ];

  return (
    <Card
      title={t('nav.outbox')}
      extra={
        <Button size="small" onClick={reload} data-testid="outbox-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      {error ? <Alert type="error" title={errorText(error, t)} style={{ marginBottom: 16 }} /> : null}
      <Table<OutboxMessage>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="outbox-table"
        onRow={(r, i) =>
          ({
            'data-testid': `outbox-row-${i}`,
            'data-channel': r.channel,
            'data-kind': r.kind,
          }) as React.HTMLAttributes<HTMLElement>
        }
      />
      <Space style={{ marginTop: 16 }}>
        <Button
          disabled={cursors.length <= 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
          data-testid="outbox-prev"
        >
          {t('common.prev')}
        </Button>
        <Button
          disabled={!data?.cursor}
          onClick={() => data?.cursor && setCursors((c) => [...c, data.cursor])}
          data-testid="outbox-next"
        >
          {t('common.next')}
        </Button>
      </Space>
    </Card>
  );
}
