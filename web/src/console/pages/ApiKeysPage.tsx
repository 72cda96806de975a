import { Alert, App, Button, Card, Form, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { asList } from '../../shared/api-error';
import { get, post } from '../api';
import { formatTime } from '../components/DeadlineTag';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';

interface ApiKey {
  id: string;
  name: string;
  createdAt?: string;
}

/** Keys for Open311 integrations; the secret is shown once, right after creation. */
export default function ApiKeysPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState('');
  const [shown, setShown] = useState<string>();
  const { data, error: loadError, loading, reload } = useLoad(() => get('/api/api-keys').then(asList<ApiKey>), []);

  async function onFinish(v: { name: string }) {
    setError('');
    try {
      const created = await post<{ id: string; key: string }>('/api/api-keys', { name: v.name.trim() });
      setShown(created.key);
      form.resetFields();
      reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  return (
    <Card title={t('nav.apiKeys')}>
      <Form form={form} layout="inline" onFinish={onFinish} style={{ marginBottom: 16 }}>
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('common.name')} data-testid="api-key-name" />
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
          { title: 'ID', dataIndex: 'id' },
          { title: t('common.created'), dataIndex: 'createdAt', render: (d?: string) => formatTime(d) },
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
