import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { asList } from '../../shared/api-error';
import { del, get, post } from '../api';
import { formatTime } from '../components/DeadlineTag';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { type ConsoleT, useT } from '../i18n';

type MessageKey = Parameters<ConsoleT>[0];

const SCOPES = ['cases:read', 'reports:create', 'webhooks:receive'] as const;

interface ApiKey {
  id: string;
  name: string;
  prefix?: string;
  scopes?: string[];
  createdAt?: string;
}

/**
 * Keys for Open311 and integrations (the 12345 hotline platform, a mini-program): each with its scopes; the key is
 * shown once, right after creation; revoking stops it from the next request on.
 */
export default function ApiKeysPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ name: string; scopes?: string[] }>();
  const [error, setError] = useState('');
  const [shown, setShown] = useState<string>();
  const { data, error: loadError, loading, reload } = useLoad(() => get('/api/api-keys').then(asList<ApiKey>), []);
  const scopeLabel = (s: string) => t(`apiKey.scope.${s.replace(':', '_')}` as MessageKey);

  async function onFinish(v: { name: string; scopes?: string[] }) {
    setError('');
    try {
      const created = await post<{ id: string; key: string }>('/api/api-keys', {
        name: v.name.trim(),
        scopes: v.scopes ?? [],
      });
      setShown(created.key);
      form.resetFields();
      reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  function revoke(key: ApiKey) {
    modal.confirm({
      title: t('apiKey.revokeConfirm'),
      content: key.name,
      okText: t('apiKey.revoke'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await del(`/api/api-keys/${key.id}`);
          reload();
        } catch (e) {
          message.error(errorText(e, t));
        }
      },
    });
  }

  return (
    <Card title={t('nav.apiKeys')}>
      <Typography.Paragraph type="secondary">{t('apiKey.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} style={{ maxWidth: 720, marginBottom: 16 }}>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}>
          <Input data-testid="api-key-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t('apiKey.scopes')} extra={t('apiKey.scopesHint')}>
          <Checkbox.Group
            data-testid="api-key-scopes"
            options={SCOPES.map((s) => ({ value: s, label: scopeLabel(s) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="api-key-submit">
          {t('apiKey.create')}
        </Button>
      </Form>
      {error || loadError ? (
        <Alert type="error" title={error || errorText(loadError, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Table<ApiKey>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        data-testid="api-keys-table"
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('apiKey.prefix'), dataIndex: 'prefix', render: (p?: string) => (p ? `${p}…` : '—') },
          {
            title: t('apiKey.scopes'),
            dataIndex: 'scopes',
            render: (scopes?: string[]) =>
              scopes && scopes.length > 0 ? (
                <Space size={[4, 4]} wrap>
                  {scopes.map((s) => (
                    <Tag key={s}>{scopeLabel(s)}</Tag>
                  ))}
                </Space>
              ) : (
                t('apiKey.open311Only')
              ),
          },
          { title: t('common.created'), dataIndex: 'createdAt', render: (d?: string) => formatTime(d) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, key) => (
              <Button size="small" danger onClick={() => revoke(key)} data-testid={`api-key-revoke-${key.id}`}>
                {t('apiKey.revoke')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!shown}
        title={t('apiKey.create')}
        onCancel={() => setShown(undefined)}
        onOk={() => setShown(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <p>{t('apiKey.shownOnce')}</p>
        <Typography.Paragraph
          code
          copyable={{ onCopy: () => message.success('OK') }}
          data-testid="api-key-secret"
          style={{ wordBreak: 'break-all' }}
        >
          {shown}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
