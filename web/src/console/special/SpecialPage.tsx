import { Button, Card, Col, Drawer, Grid, Row, Select, Space, Statistic, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../shared/time';
import { get } from '../api';
import { useSession } from '../auth';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import type { ProfileView, SpecialKpis } from './types';

const GROUPS = ['mental', 'correction', 'released', 'drug', 'youth'] as const;

/** 特殊人群: 列管数 / 按期走访率 / 失控漏管数 by group, and the profiles (each opened read is access-logged). */
export default function SpecialPage() {
  const t = useT();
  const { roles } = useSession();
  const screens = Grid.useBreakpoint();
  const mayRead = roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'grid_worker');
  const [group, setGroup] = useState<string | undefined>();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [openId, setOpenId] = useState<string | undefined>();
  const cursor = cursors[cursors.length - 1];
  const kpis = useLoad(() => get<SpecialKpis>('/api/stats/special-populations'), []);
  const list = useLoad(
    () =>
      mayRead
        ? get<{ items: ProfileView[]; cursor?: string }>('/api/special-populations', { group, cursor, limit: 20 })
        : Promise.resolve<{ items: ProfileView[]; cursor?: string }>({ items: [] }),
    [group, cursor, mayRead],
  );
  const detail = useLoad(
    () =>
      openId
        ? get<ProfileView & { history: { type: string; at: string; findings?: string; note?: string }[] }>(
            `/api/special-populations/${openId}`,
          )
        : Promise.resolve(undefined),
    [openId],
  );
  const rate = kpis.data?.onTimeRate;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row gutter={[16, 16]}>
        <Col xs={8}>
          <Card>
            <Statistic title={t('special.kpi.listed')} value={kpis.data?.listed ?? 0} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card>
            <Statistic
              title={t('special.kpi.onTimeRate')}
              value={rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`}
            />
          </Card>
        </Col>
        <Col xs={8}>
          <Card>
            <Statistic title={t('special.kpi.missed')} value={kpis.data?.missed ?? 0} />
          </Card>
        </Col>
      </Row>
      <Card title={t('special.byGroup')} size="small">
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={kpis.data?.rows.group ?? []}
          columns={[
            { title: t('special.group'), key: 'g', render: (_, r) => t(`special.group.${r.key}` as never) },
            { title: t('special.kpi.listed'), dataIndex: 'listed', key: 'l' },
            {
              title: t('special.kpi.onTimeRate'),
              key: 'r',
              render: (_, r) => (r.onTimeRate === null ? '—' : `${(r.onTimeRate * 100).toFixed(1)}%`),
            },
            { title: t('special.kpi.missed'), dataIndex: 'missed', key: 'm' },
          ]}
        />
      </Card>
      {mayRead ? (
        <Card title={t('nav.special')}>
          <Space style={{ marginBottom: 12 }}>
            <Select
              allowClear
              placeholder={t('special.group')}
              style={{ width: 180 }}
              value={group}
              onChange={(v) => {
                setGroup(v);
                setCursors([undefined]);
              }}
              options={GROUPS.map((g) => ({ value: g, label: t(`special.group.${g}` as never) }))}
            />
          </Space>
          <Table<ProfileView>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              {
                title: t('special.person'),
                key: 'p',
                render: (_, p) => (
                  <Button type="link" size="small" onClick={() => setOpenId(p.id)}>
                    {p.personName}
                  </Button>
                ),
              },
              {
                title: t('special.group'),
                key: 'g',
                render: (_, p) => <Tag>{t(`special.group.${p.group}` as never)}</Tag>,
              },
              { title: t('special.grade'), dataIndex: 'riskGrade', key: 'r' },
              { title: t('special.worker'), key: 'w', render: (_, p) => p.responsibleName ?? p.responsibleUserId },
              {
                title: t('special.every'),
                key: 'e',
                render: (_, p) => t('special.everyDays', { days: p.visitEveryDays }),
              },
              { title: t('special.status'), key: 's', render: (_, p) => t(`special.status.${p.status}` as never) },
            ]}
          />
          <Space style={{ marginTop: 12 }}>
            <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('proc.prev')}
            </Button>
            <Button disabled={!list.data?.cursor} onClick={() => setCursors([...cursors, list.data?.cursor])}>
              {t('proc.next')}
            </Button>
          </Space>
        </Card>
      ) : null}
      <Drawer
        open={openId !== undefined}
        onClose={() => setOpenId(undefined)}
        title={detail.data?.personName ?? ''}
        width={screens.md ? 520 : '100%'}
        destroyOnHidden
      >
        {detail.data ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <div>
              {t(`special.group.${detail.data.group}` as never)} · {t('special.grade')} {detail.data.riskGrade} ·{' '}
              {t('special.everyDays', { days: detail.data.visitEveryDays })}
            </div>
            <div>
              {t('special.team')}：{detail.data.team.join('、') || '—'}
            </div>
            {detail.data.alerts.map((a) => (
              <Tag color="red" key={`${a.type}${a.at}`}>
                {t(`special.alert.${a.type}` as never)}
              </Tag>
            ))}
            <Timeline
              items={detail.data.history.map((e) => ({
                children: `${formatDateTime(e.at)} ${t(
                  `special.event.${e.type}` as never,
                )}${e.findings ? `：${e.findings}` : e.note ? `：${e.note}` : ''}`,
              }))}
            />
          </Space>
        ) : null}
      </Drawer>
    </Space>
  );
}
