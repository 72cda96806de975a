import { Alert, App, Button, Card, Form, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { asList } from '../../shared/api-error';
import { get, post } from '../api';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import type { Department } from '../types';

/** 职能部门: the departments cases are dispatched to. */
export default function DepartmentsPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState('');
  const {
    data,
    error: loadError,
    loading,
    reload,
  } = useLoad(() => get('/api/departments').then(asList<Department>), []);

  async function onFinish(v: { name: string }) {
    setError('');
    try {
      await post('/api/departments', { name: v.name.trim() });
      message.success(t('common.saved'));
      form.resetFields();
      reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  return (
    <Card title={t('nav.departments')}>
      <Form form={form} layout="inline" onFinish={onFinish} style={{ marginBottom: 16 }}>
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('common.name')} data-testid="department-name" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="department-submit">
            {t('common.create')}
          </Button>
        </Space>
      </Form>
      {error || loadError ? (
        <Alert type="error" title={error || errorText(loadError, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Table<Department>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: 'ID', dataIndex: 'id' },
        ]}
        data-testid="departments-table"
      />
    </Card>
  );
}
