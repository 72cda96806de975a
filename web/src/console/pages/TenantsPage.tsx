import { Alert, App, Button, Card, Form, Input, Space, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { asList } from '../../shared/api-error';
import { get, post, put } from '../api';
import { useSession } from '../auth';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import type { Tenant } from '../types';

const STATUS_COLORS: Record<string, string> = { active: 'green', pending: 'orange', suspended: 'red' };
const CODE_LENGTH: Record<NonNullable<Tenant['level']>, number> = { district: 6, street: 9, community: 12 };

/** The tenant's division code (GB/T 2260 county + street + community): the prefix its grid codes must carry. */
function DivisionCodeCell({ tenant, onSaved }: { tenant: Tenant; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [value, setValue] = useState(tenant.divisionCode ?? '');
  const [busy, setBusy] = useState(false);
  const length = tenant.level ? CODE_LENGTH[tenant.level] : 12;
  async function save() {
    setBusy(true);
    try {
      await put(`/api/tenants/${encodeURIComponent(tenant.id)}/division-code`, { divisionCode: value.trim() });
      message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Space.Compact>
      <Input
        value={value}
        maxLength={length}
        placeholder={t('tenant.divisionCodeHint', { n: length })}
        onChange={(e) => setValue(e.target.value.replace(/\D/g, ''))}
        style={{ width: 170 }}
        data-testid={`division-code-${tenant.slug}`}
      />
      <Button
        onClick={save}
        loading={busy}
        disabled={value.length !== length || value === tenant.divisionCode}
        data-testid={`division-code-save-${tenant.slug}`}
      >
        {t('common.save')}
      </Button>
    </Space.Compact>
  );
}

/** The office and its subtree: a street creates its communities, a district approves the streets that name it. */
export default function TenantsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { tenant: me } = useSession();
  const [form] = Form.useForm<{ name: string; slug: string }>();
  const [error, setError] = useState('');
  const { data, error: loadError, loading, reload } = useLoad(() => get('/api/tenants').then(asList<Tenant>), []);

  async function create(v: { name: string; slug: string }) {
    setError('');
    try {
      await post('/api/tenants', { ...v, level: 'community' });
      message.success(t('common.saved'));
      form.resetFields();
      reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  async function approve(tenant: Tenant) {
    try {
      await post(`/api/tenants/${encodeURIComponent(tenant.id)}/approve`);
      message.success(t('tenant.approved'));
      reload();
    } catch (e) {
      message.error(errorText(e, t));
    }
  }

  const columns: TableProps<Tenant>['columns'] = [
    { title: t('common.name'), dataIndex: 'name', render: (n: string | undefined, r) => n ?? r.slug },
    { title: t('tenant.slug'), dataIndex: 'slug' },
    {
      title: t('tenant.divisionCode'),
      key: 'divisionCode',
      render: (_, r) => <DivisionCodeCell key={`${r.id}:${r.divisionCode ?? ''}`} tenant={r} onSaved={reload} />,
    },
    { title: t('common.level'), dataIndex: 'level', render: (l?: Tenant['level']) => (l ? t(`level.${l}`) : '') },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (s?: Tenant['status']) => (s ? <Tag color={STATUS_COLORS[s]}>{t(`status.${s}`)}</Tag> : null),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) =>
        r.status === 'pending' && r.id !== me?.id && me?.level === 'district' ? (
          <Button size="small" type="primary" onClick={() => approve(r)} data-testid={`tenant-approve-${r.slug}`}>
            {t('tenant.approve')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card title={t('nav.tenants')}>
      {me?.level !== 'district' && (
        <Form form={form} layout="inline" onFinish={create} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item name="name" rules={[{ required: true }]}>
            <Input placeholder={t('common.name')} data-testid="community-name" />
          </Form.Item>
          <Form.Item
            name="slug"
            rules={[{ required: true, pattern: /^[a-z0-9-]{3,40}$/, message: t('signup.slugHint') }]}
          >
            <Input placeholder={t('tenant.slug')} data-testid="community-slug" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="community-submit">
            {t('tenant.createCommunity')}
          </Button>
        </Form>
      )}
      {error || loadError ? (
        <Alert type="error" title={error || errorText(loadError, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Table<Tenant>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data ?? []}
        scroll={{ x: 600 }}
        data-testid="tenants-table"
        onRow={(r) => ({ 'data-testid': `tenant-row-${r.slug}` }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
