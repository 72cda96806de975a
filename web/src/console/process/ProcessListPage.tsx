import { Alert, App, Button, Card, Drawer, Form, Grid, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatDate } from '../../shared/time';
import { get, post } from '../api';
import { useSession } from '../auth';
import { applyApiErrors } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import { Deadline } from './Deadline';
import { bodyOf, FormFields } from './FormFields';
import { ProcessStats } from './ProcessStats';
import type { KindConfig, ProcessRecordView } from './types';

/** The worklist of one kind: open records by deadline (or by step, overdue, newest), and the intake form. */
export function ProcessListPage({ config }: { config: KindConfig }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { roles, user } = useSession();
  const reference = useReference();
  // a grid worker (no wider role) lists the records of one of their grids at a time
  const gridScoped =
    config.gridAudience === true &&
    roles.includes('grid_worker') &&
    !roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'leader');
  const myGrids = gridScoped ? (user?.gridCodes ?? []) : [];
  const [grid, setGrid] = useState<string | undefined>(myGrids[0]);
  const screens = Grid.useBreakpoint();
  const [due, setDue] = useState<'open' | 'overdue' | 'all'>('open');
  const [filter, setFilter] = useState<string | undefined>();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  // `?fromCase=<id>&summary=…`: the case page's 转矛盾纠纷调解 opens the intake form filled from the incident
  const [search] = useSearchParams();
  const fromCase = config.path === 'disputes' ? (search.get('fromCase') ?? undefined) : undefined;
  const [adding, setAdding] = useState(fromCase !== undefined);
  const [error, setError] = useState('');
  const [form] = Form.useForm();
  const cursor = cursors[cursors.length - 1];
  const list = useLoad(
    () =>
      get<{ items: ProcessRecordView[]; cursor?: string }>(`/api/${config.path}`, {
        due: filter || due === 'all' ? undefined : due,
        ...(grid ? { gridCode: grid } : {}),
        ...(filter && config.filter ? { [config.filter.name]: filter } : {}),
        cursor,
        limit: 20,
      }),
    [due, filter, cursor, grid],
  );

  async function create(values: Record<string, unknown>) {
    setError('');
    try {
      const body = bodyOf(config.createFields, values);
      const created = await post<ProcessRecordView>(
        `/api/${config.path}`,
        fromCase ? { ...body, fromCaseId: fromCase, source: 'incident' } : body,
      );
      message.success(t('proc.saved'));
      form.resetFields();
      setAdding(false);
      navigate(`/${config.path}/${created.id}`);
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  const canCreate = roles.some((r) => config.createRoles.includes(r));
  const seesStats = roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'leader');
  return (
    <>
      {config.stats && seesStats ? <ProcessStats stats={config.stats} /> : null}
      <Card
        title={t(config.title as never)}
        extra={
          canCreate ? (
            <Button type="primary" onClick={() => setAdding(true)} data-testid={`${config.path}-new`}>
              {t(config.newLabel as never)}
            </Button>
          ) : null
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          {myGrids.length > 1 ? (
            <Select
              value={grid}
              style={{ width: 200 }}
              data-testid="worklist-grid"
              onChange={(v) => {
                setGrid(v);
                setCursors([undefined]);
              }}
              options={myGrids.map((code) => ({ value: code, label: gridName(reference, code) }))}
            />
          ) : null}
          <Select
            value={due}
            style={{ width: 160 }}
            onChange={(v) => {
              setDue(v);
              setCursors([undefined]);
            }}
            options={[
              { value: 'open', label: t('proc.due.open') },
              { value: 'overdue', label: t('proc.due.overdue') },
              { value: 'all', label: t('proc.due.all') },
            ]}
          />
          {config.filter ? (
            <Select
              allowClear
              placeholder={t(config.filter.label as never)}
              style={{ width: 160 }}
              value={filter}
              onChange={(v) => {
                setFilter(v);
                setCursors([undefined]);
              }}
              options={Object.entries(config.filter.options).map(([value, key]) => ({ value, label: t(key as never) }))}
            />
          ) : null}
        </Space>
        <Table<ProcessRecordView>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            {
              title: t('proc.number'),
              key: 'number',
              render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{String(r.number ?? '—')}</span>,
            },
            {
              title: t('proc.summary'),
              key: 'summary',
              render: (_, r) => (
                <Space size={4}>
                  {config.flag && r[config.flag.field] === true ? (
                    <Tag color="red">{t(config.flag.label as never)}</Tag>
                  ) : null}
                  <Link to={`/${config.path}/${r.id}`}>{String(r[config.summaryField] ?? r.id)}</Link>
                </Space>
              ),
            },
            {
              title: t('proc.step'),
              key: 'step',
              render: (_, r) => <Tag>{t(`${config.stepPrefix}.${r.step}` as never)}</Tag>,
            },
            {
              title: t('proc.deadline'),
              key: 'deadline',
              render: (_, r) => (r.finishedAt ? '—' : <Deadline deadline={r.deadline} label={r.clockLabel} />),
            },
            ...(config.peopleField
              ? [
                  {
                    title: t('proc.people'),
                    key: 'people',
                    render: (_: unknown, r: ProcessRecordView) =>
                      ((r[config.peopleField as string] as { name: string }[] | undefined) ?? [])
                        .map((p) => p.name)
                        .join('、'),
                  },
                ]
              : []),
            {
              title: t('proc.createdAt'),
              key: 'createdAt',
              render: (_, r) => formatDate(r.createdAt),
            },
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
        <Drawer
          open={adding}
          onClose={() => setAdding(false)}
          title={t(config.newLabel as never)}
          width={screens.md ? 560 : '100%'}
          destroyOnHidden
        >
          {error ? <Alert type="error" message={error} style={{ marginBottom: 12 }} /> : null}
          <Form
            form={form}
            layout="vertical"
            onFinish={create}
            initialValues={fromCase ? { summary: search.get('summary') ?? '', source: 'incident' } : undefined}
          >
            {fromCase ? <Alert type="info" message={t('proc.fromCase')} style={{ marginBottom: 12 }} /> : null}
            <FormFields fields={config.createFields} />
            <Button type="primary" htmlType="submit" block>
              {t('proc.submit')}
            </Button>
          </Form>
        </Drawer>
      </Card>
    </>
  );
}
