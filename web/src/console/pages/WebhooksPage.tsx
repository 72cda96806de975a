import { Alert, App, Button, Card, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { asList } from '../../shared/api-error';
import { del, get, post } from '../api';
import { formatTime } from '../components/DeadlineTag';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { type ConsoleT, useT } from '../i18n';

type MessageKey = Parameters<ConsoleT>[0];

interface Webhook {
  id: string;
  url: string;
  events: string[];
  description?: string;
  createdAt?: string;
}

interface EventType {
  type: string;
  /** the process kind's own words (矛盾纠纷 · 调查中); incident events are named here */
  label?: string;
}

interface Delivery {
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  at: string;
  lastAttemptAt?: string;
  lastStatus?: number;
  lastError?: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
}

const STATUS_COLOR: Record<Delivery['status'], string> = { pending: 'orange', delivered: 'green', failed: 'red' };

/** Webhooks of the tenant: register (the signing secret is shown once), delete, and each one's delivery log. */
export default function WebhooksPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ url: string; events: string[]; secret?: string }>();
  const [error, setError] = useState('');
  const [shown, setShown] = useState<string>();
  const [open, setOpen] = useState<Webhook>();
  const hooks = useLoad(() => get('/api/webhooks').then(asList<Webhook>), []);
  const types = useLoad(() => get('/api/webhooks/events').then(asList<EventType>), []);

  const labelOf = (type: string): string => {
    const known = types.data?.find((e) => e.type === type)?.label;
    if (known) return known;
    const [, name = ''] = type.split('.');
    if (name === 'overdue') return t('webhook.caseOverdue');
    return `${t('webhook.case')} · ${t(`event.${name}` as MessageKey)}`;
  };

  async function onFinish(v: { url: string; events: string[]; secret?: string }) {
    setError('');
    try {
      const body = { url: v.url.trim(), events: v.events, ...(v.secret?.trim() ? { secret: v.secret.trim() } : {}) };
      const created = await post<{ id: string; secret: string }>('/api/webhooks', body);
      setShown(created.secret);
      form.resetFields();
      hooks.reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  function remove(hook: Webhook) {
    modal.confirm({
      title: t('webhook.deleteConfirm'),
      content: hook.url,
      okText: t('webhook.delete'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'webhook-delete-ok' } as never,
      onOk: async () => {
        try {
          await del(`/api/webhooks/${hook.id}`);
          hooks.reload();
        } catch (e) {
          message.error(errorText(e, t));
        }
      },
    });
  }

  return (
    <Card title={t('nav.webhooks')}>
      <Typography.Paragraph type="secondary">{t('webhook.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} style={{ maxWidth: 720, marginBottom: 16 }}>
        <Form.Item name="url" label={t('webhook.url')} rules={[{ required: true }]}>
          <Input placeholder="https://" data-testid="webhook-url" />
        </Form.Item>
        <Form.Item name="events" label={t('webhook.events')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            data-testid="webhook-events"
            loading={types.loading}
            optionFilterProp="label"
            options={(types.data ?? []).map((e) => ({ value: e.type, label: labelOf(e.type) }))}
          />
        </Form.Item>
        <Form.Item name="secret" label={t('webhook.secret')} extra={t('webhook.secretHint')}>
          <Input.Password data-testid="webhook-secret-input" autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="webhook-submit">
          {t('webhook.create')}
        </Button>
      </Form>
      {error || hooks.error ? (
        <Alert type="error" title={error || errorText(hooks.error, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Table<Webhook>
        rowKey="id"
        size="small"
        loading={hooks.loading}
        dataSource={hooks.data ?? []}
        data-testid="webhooks-table"
        columns={[
          {
            title: t('webhook.url'),
            dataIndex: 'url',
            render: (u: string) => <Typography.Text code>{u}</Typography.Text>,
          },
          {
            title: t('webhook.events'),
            dataIndex: 'events',
            render: (events: string[]) => (
              <Space size={[4, 4]} wrap>
                {events.map((e) => (
                  <Tag key={e}>{labelOf(e)}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('common.created'), dataIndex: 'createdAt', render: (d?: string) => formatTime(d) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, hook) => (
              <Space>
                <Button size="small" onClick={() => setOpen(hook)} data-testid={`webhook-log-${hook.id}`}>
                  {t('webhook.deliveries')}
                </Button>
                <Button size="small" danger onClick={() => remove(hook)} data-testid={`webhook-delete-${hook.id}`}>
                  {t('webhook.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <SecretModal secret={shown} onClose={() => setShown(undefined)} />
      <Drawer
        open={!!open}
        size="large"
        title={`${t('webhook.deliveries')} · ${open?.url ?? ''}`}
        onClose={() => setOpen(undefined)}
        destroyOnHidden
      >
        {open ? <DeliveryLog hook={open} labelOf={labelOf} /> : null}
      </Drawer>
    </Card>
  );
}

/** The signing secret, right after registration: shown this once. */
function SecretModal({ secret, onClose }: { secret?: string; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <Modal
      open={!!secret}
      title={t('webhook.secretTitle')}
      onCancel={onClose}
      onOk={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      <p>{t('webhook.secretShownOnce')}</p>
      <Typography.Paragraph
        code
        copyable={{ onCopy: () => message.success(t('webhook.copied')) }}
        data-testid="webhook-secret"
        style={{ wordBreak: 'break-all' }}
      >
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
}

/** One webhook's deliveries, newest first, a page at a time. */
function DeliveryLog({ hook, labelOf }: { hook: Webhook; labelOf: (type: string) => string }) {
  const t = useT();
  const [cursor, setCursor] = useState<string>();
  const page = useLoad(
    () => get<{ items: Delivery[]; cursor?: string }>(`/api/webhooks/${hook.id}/deliveries`, { limit: 50, cursor }),
    [hook.id, cursor],
  );
  return (
    <>
      {page.error ? <Alert type="error" title={errorText(page.error, t)} style={{ marginBottom: 16 }} /> : null}
      <Table<Delivery>
        rowKey="eventId"
        size="small"
        loading={page.loading}
        dataSource={page.data?.items ?? []}
        pagination={false}
        data-testid="webhook-deliveries"
        columns={[
          { title: t('webhook.eventAt'), dataIndex: 'at', render: (d: string) => formatTime(d) },
          { title: t('webhook.event'), dataIndex: 'eventType', render: (e: string) => labelOf(e) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: Delivery['status']) => (
              <Tag color={STATUS_COLOR[s]}>{t(`webhook.status.${s}` as MessageKey)}</Tag>
            ),
          },
          { title: t('webhook.attempts'), dataIndex: 'attempts' },
          {
            title: t('webhook.lastAnswer'),
            key: 'last',
            render: (_: unknown, d) =>
              d.lastStatus !== undefined ? `HTTP ${d.lastStatus}` : d.lastError ? t('webhook.noAnswer') : '—',
          },
          {
            title: t('webhook.nextAttempt'),
            dataIndex: 'nextAttemptAt',
            render: (d: string | undefined, row) => (row.status === 'pending' && d ? formatTime(d) : '—'),
          },
          {
            title: t('webhook.eventId'),
            dataIndex: 'eventId',
            render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
          },
        ]}
      />
      {page.data?.cursor ? (
        <Button style={{ marginTop: 12 }} onClick={() => setCursor(page.data?.cursor)}>
          {t('webhook.older')}
        </Button>
      ) : null}
    </>
  );
}
