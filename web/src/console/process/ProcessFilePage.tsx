import { Alert, App, Button, Card, Descriptions, Drawer, Form, Grid, Space, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../shared/time';
import { get, getFile, post } from '../api';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import { Deadline } from './Deadline';
import { bodyOf, FormFields, valueAt } from './FormFields';
import type { KindConfig, ProcessRecordView } from './types';

/** The files a record came from or led to (an incident converted, a dispute transferred to 信访). */
const LINKS = [
  { field: 'fromCaseId', path: 'cases', label: 'proc.link.fromCase' },
  { field: 'fromDisputeId', path: 'disputes', label: 'proc.link.fromDispute' },
  { field: 'petitionId', path: 'petitions', label: 'proc.link.petition' },
  { field: 'callId', path: 'legal-calls', label: 'proc.link.call' },
] as const;

interface Session {
  n: number;
  at: string;
  mediator: string;
  committee: string;
  attendees?: string[];
  record: string;
}

const when = (iso: string) => formatDateTime(iso);

/** The file of one record: its people, clock, sessions, documents, timeline, and the actions the caller may take. */
export function ProcessFilePage({ config }: { config: KindConfig }) {
  const t = useT();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const { id = '' } = useParams();
  const record = useLoad(() => get<ProcessRecordView>(`/api/${config.path}/${id}`), [id]);
  const [acting, setActing] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [form] = Form.useForm();
  const r = record.data;
  if (record.error) return <Alert type="error" message={errorText(record.error, t)} />;
  if (!r) return <Card loading />;

  const spec = acting ? config.actions[acting] : undefined;
  async function act(values: Record<string, unknown>) {
    if (!acting || !spec || !r) return;
    setError('');
    try {
      await post(`/api/${config.path}/${id}/actions/${acting}`, { ...bodyOf(spec.fields, values), version: r.version });
      message.success(t('proc.saved'));
      form.resetFields();
      setActing(null);
      record.reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }
  async function print() {
    if (!config.document) return;
    try {
      const { blob } = await getFile(`/api/${config.path}/${id}/${config.document.file}`);
      window.open(URL.createObjectURL(blob), '_blank', 'noopener');
    } catch (e) {
      message.error(errorText(e, t));
    }
  }

  const people = config.peopleField
    ? ((r[config.peopleField] as { name: string; role?: string; phone?: string }[] | undefined) ?? [])
    : [];
  const shown = (value: unknown, options?: Record<string, string>) =>
    value === undefined || value === null
      ? '—'
      : options && typeof value === 'string' && options[value]
        ? t(options[value] as never)
        : typeof value === 'boolean'
          ? t(value ? 'proc.yes' : 'proc.no')
          : String(value);
  const sessions = (r.sessions as Session[] | undefined) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={String(r[config.summaryField] ?? r.id)}
        extra={
          <Space size={4}>
            {config.flag && r[config.flag.field] === true ? (
              <Tag color="red">{t(config.flag.label as never)}</Tag>
            ) : null}
            <Tag color={r.finishedAt ? 'default' : 'blue'}>{t(`${config.stepPrefix}.${r.step}` as never)}</Tag>
          </Space>
        }
      >
        <Descriptions column={screens.md ? 2 : 1} size="small">
          <Descriptions.Item label={t('proc.number')}>{String(r.number ?? r.id)}</Descriptions.Item>
          <Descriptions.Item label={t('proc.deadline')}>
            {r.finishedAt ? '—' : <Deadline deadline={r.deadline} label={r.clockLabel} />}
          </Descriptions.Item>
          <Descriptions.Item label={t('proc.createdAt')}>{when(r.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('proc.escalations')}>
            {r.escalations}
            {r.overdue ? <Tag color="red">{t('proc.overdue')}</Tag> : null}
          </Descriptions.Item>
          {r.gridCode ? <Descriptions.Item label={t('proc.grid')}>{r.gridCode}</Descriptions.Item> : null}
          {(config.details ?? []).map((d) => (
            <Descriptions.Item key={d.field} label={t(d.label as never)}>
              {shown(valueAt(r, d.field), d.options)}
            </Descriptions.Item>
          ))}
          {LINKS.filter((l) => typeof r[l.field] === 'string').map((l) => (
            <Descriptions.Item key={l.field} label={t(l.label)}>
              <Link to={`/${l.path}/${String(r[l.field])}`} data-testid={`link-${l.field}`}>
                {String(r[l.field])}
              </Link>
            </Descriptions.Item>
          ))}
        </Descriptions>
        <Space wrap style={{ marginTop: 12 }}>
          {(r.actions ?? [])
            .filter((a) => config.actions[a])
            .map((a) => (
              <Button key={a} type="primary" ghost onClick={() => setActing(a)} data-testid={`act-${a}`}>
                {t(config.actions[a]?.label as never)}
              </Button>
            ))}
          {config.document?.when(r) ? <Button onClick={print}>{t(config.document.label as never)}</Button> : null}
        </Space>
      </Card>
      {config.peopleField ? (
        <Card title={t('proc.people')} size="small">
          <Table
            rowKey={(p) => `${p.name}-${p.role ?? ''}`}
            size="small"
            pagination={false}
            dataSource={people}
            columns={[
              { title: t('proc.field.name'), dataIndex: 'name' },
              {
                title: t('proc.field.role'),
                dataIndex: 'role',
                render: (v?: string) => (v ? t(`proc.role.${v}` as never) : ''),
              },
              { title: t('proc.field.phone'), dataIndex: 'phone' },
            ]}
          />
        </Card>
      ) : null}
      {sessions.length > 0 ? (
        <Card title={t('dispute.sessions')} size="small">
          <Table<Session>
            rowKey="n"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={sessions}
            columns={[
              { title: '#', dataIndex: 'n' },
              { title: t('dispute.field.at'), dataIndex: 'at', render: (v: string) => when(v) },
              { title: t('dispute.field.committee'), dataIndex: 'committee' },
              { title: t('dispute.field.mediator'), dataIndex: 'mediator' },
              {
                title: t('dispute.field.attendees'),
                dataIndex: 'attendees',
                render: (v?: string[]) => (v ?? []).join('、'),
              },
              { title: t('dispute.field.record'), dataIndex: 'record' },
            ]}
          />
        </Card>
      ) : null}
      <Card title={t('proc.timeline')} size="small">
        <Timeline
          items={(r.events ?? []).map((e) => ({
            children: (
              <div>
                <strong>{t(`proc.event.${e.type.startsWith('incident.') ? 'incident' : e.type}` as never)}</strong>{' '}
                {when(e.at)} {e.actorName ?? e.actor}
                {e.note ? <div>{e.note}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
      <Drawer
        open={acting !== null}
        onClose={() => setActing(null)}
        title={spec ? t(spec.label as never) : ''}
        width={screens.md ? 520 : '100%'}
        destroyOnHidden
      >
        {error ? <Alert type="error" message={error} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" onFinish={act}>
          <FormFields fields={spec?.fields ?? []} />
          <Button type="primary" htmlType="submit" block data-testid="act-submit">
            {t('proc.submit')}
          </Button>
        </Form>
      </Drawer>
    </Space>
  );
}
