import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { patch, post } from '../api';
import { client, ok } from '../client';
import { EmptyLink } from '../components/EmptyLink';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { departmentName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { Role, User } from '../types';
import { EditUserDialog, ResetPasswordDialog, ROLES } from './UserAdminDialogs';

interface NewUser {
  name: string;
  email: string;
  password: string;
  roles: Role[];
  departmentId?: string;
  gridCodes?: string[];
  phone?: string;
}

/** Staff accounts of the office, with their roles, department and grids. */
export default function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const reference = useReference();
  const [form] = Form.useForm<NewUser>();
  const roles = Form.useWatch('roles', form) ?? [];
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<User>();
  const [resetting, setResetting] = useState<User>();
  const {
    data,
    error: loadError,
    loading,
    reload,
  } = useLoad(() => ok(client.GET('/api/users')).then((p) => p.items), []);

  async function onFinish(v: NewUser) {
    setError('');
    try {
      await post('/api/users', { ...v, phone: v.phone || undefined });
      message.success(t('common.saved'));
      form.resetFields();
      reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  const columns: TableProps<User>['columns'] = [
    { title: t('user.name'), dataIndex: 'name' },
    { title: t('auth.email'), dataIndex: 'email' },
    {
      title: t('user.roles'),
      dataIndex: 'roles',
      render: (rs: Role[] = []) => rs.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>),
    },
    { title: t('user.department'), dataIndex: 'departmentId', render: (d?: string) => departmentName(reference, d) },
    { title: t('user.grids'), dataIndex: 'gridCodes', render: (g?: string[]) => g?.join(', ') },
    { title: t('user.phone'), dataIndex: 'phone' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (status: User['status'], u) => (
        <>
          <Tag color={status === 'inactive' ? 'default' : 'green'}>{t(`user.status.${status ?? 'active'}`)}</Tag>
          {(u.failedLogins ?? 0) > 0 && (
            <Tag color="orange" data-testid="user-failed-logins">
              {t('user.failedLogins', { count: u.failedLogins ?? 0 })}
            </Tag>
          )}
        </>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, u) => (
        <>
          <Button size="small" type="link" data-testid={`user-edit-${u.id}`} onClick={() => setEditing(u)}>
            {t('user.edit')}
          </Button>
          <Button size="small" type="link" data-testid={`user-reset-${u.id}`} onClick={() => setResetting(u)}>
            {t('user.resetPassword')}
          </Button>
          <Button
            size="small"
            type="link"
            data-testid={`user-toggle-${u.id}`}
            onClick={() =>
              act(() =>
                patch(`/api/users/${u.id}`, {
                  status: u.status === 'inactive' ? 'active' : 'inactive',
                  version: u.version,
                }),
              )
            }
          >
            {u.status === 'inactive' ? t('user.activate') : t('user.deactivate')}
          </Button>
          {(u.failedLogins ?? 0) > 0 && (
            <Button
              size="small"
              type="link"
              data-testid={`user-unlock-${u.id}`}
              onClick={() => act(() => post(`/api/users/${u.id}/unlock`))}
            >
              {t('user.unlock')}
            </Button>
          )}
        </>
      ),
    },
  ];

  /** Run a change to one account, then show the list as it now is. */
  async function act(change: () => Promise<unknown>) {
    try {
      await change();
      message.success(t('common.saved'));
      reload();
    } catch (e) {
      message.error(errorText(e, t));
    }
  }

  return (
    <Card title={t('nav.users')}>
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ roles: [] }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('user.name')} rules={[{ required: true }]}>
              <Input data-testid="user-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]}>
              <Input data-testid="user-email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 10 }]}>
              <Input.Password data-testid="user-password" autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select
                mode="multiple"
                options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                data-testid="user-roles"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="phone" label={t('user.phone')}>
              <Input data-testid="user-phone" inputMode="tel" />
            </Form.Item>
          </Col>
          {roles.includes('department') && (
            <Col xs={24} md={8}>
              <Form.Item name="departmentId" label={t('user.department')} rules={[{ required: true }]}>
                <Select
                  options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
                  notFoundContent={<EmptyLink what="departments" />}
                  data-testid="user-department"
                />
              </Form.Item>
            </Col>
          )}
          {roles.includes('grid_worker') && (
            <Col xs={24} md={8}>
              <Form.Item name="gridCodes" label={t('user.grids')}>
                <Select
                  mode="multiple"
                  options={reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))}
                  notFoundContent={<EmptyLink what="grids" />}
                  data-testid="user-grids"
                />
              </Form.Item>
            </Col>
          )}
        </Row>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="user-error" />}
        <Button type="primary" htmlType="submit" data-testid="user-submit">
          {t('common.create')}
        </Button>
      </Form>
      {loadError ? <Alert type="error" title={errorText(loadError, t)} style={{ marginTop: 16 }} /> : null}
      <Table<User>
        rowKey="id"
        size="small"
        style={{ marginTop: 16 }}
        loading={loading}
        columns={columns}
        dataSource={data ?? []}
        scroll={{ x: 700 }}
        data-testid="users-table"
        onRow={(u) => ({ 'data-testid': `user-row-${u.email}` }) as React.HTMLAttributes<HTMLElement>}
      />
      <EditUserDialog
        user={editing}
        reference={reference}
        onClose={(saved) => {
          setEditing(undefined);
          if (saved) {
            message.success(t('common.saved'));
            reload();
          }
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => {
          setResetting(undefined);
          reload();
        }}
      />
    </Card>
  );
}
