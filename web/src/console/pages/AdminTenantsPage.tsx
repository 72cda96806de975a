import { Alert, App, Button, Card, Select, Table, type TableProps, Tag } from 'antd';
import { asList } from '../../shared/api-error';
import { get, post } from '../api';
import { formatTime } from '../components/DeadlineTag';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import type { Tenant } from '../types';

/** The plans of the platform (packages/domain/src/plans.ts), shown by their translated names. */
const PLANS = ['trial', 'standard', 'district'] as const;

const STATUS_COLORS: Record<string, string> = { active: 'green', pending: 'orange', suspended: 'red' };

/** Every tenant on the platform, with suspend / reactivate. */
export default function AdminTenantsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => get('/api/admin/tenants').then(asList<Tenant>), []);
  const tenants = data ?? [];
  const slugOf = (id?: string) => tenants.find((x) => x.id === id)?.slug ?? id ?? '';

  async function act(tenant: Tenant, action: 'suspend' | 'reactivate') {
    try {
      await post(`/api/admin/tenants/${encodeURIComponent(tenant.id)}/${action}`);
      message.success(t('common.saved'));
      reload();
    } catch (e) {
      message.error(errorText(e, t));
    }
  }

  async function changePlan(tenant: Tenant, plan: string) {
    try {
      await post(`/api/admin/tenants/${encodeURIComponent(tenant.id)}/plan`, { plan });
      message.success(t('common.saved'));
      reload();
    } catch (e) {
      message.error(errorText(e, t));
    }
  }

  const columns: TableProps<Tenant>['columns'] = [
    { title: t('common.name'), dataIndex: 'name', render: (n: string | undefined, r) => n ?? r.slug },
    { title: t('tenant.slug'), dataIndex: 'slug' },
    { title: t('common.level'), dataIndex: 'level', render: (l?: Tenant['level']) => (l ? t(`level.${l}`) : '') },
    { title: t('common.parent'), key: 'parent', render: (_, r) => r.parentSlug ?? slugOf(r.parentId) },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (s?: Tenant['status']) => (s ? <Tag color={STATUS_COLORS[s]}>{t(`status.${s}`)}</Tag> : null),
    },
    {
      title: t('tenant.plan'),
      dataIndex: 'plan',
      render: (plan: string | undefined, r) => (
        <Select
          size="small"
          style={{ minWidth: 110 }}
          value={plan}
          aria-label={t('tenant.changePlan')}
          options={PLANS.map((p) => ({ value: p, label: t(`plan.${p}`) }))}
          onChange={(next: string) => changePlan(r, next)}
          data-testid={`tenant-plan-${r.slug}`}
        />
      ),
    },
    { title: t('common.created'), dataIndex: 'createdAt', render: (d?: string) => formatTime(d) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) =>
        r.status === 'suspended' ? (
          <Button size="small" onClick={() => act(r, 'reactivate')} data-testid={`tenant-reactivate-${r.slug}`}>
            {t('tenant.reactivate')}
          </Button>
        ) : (
          <Button size="small" danger onClick={() => act(r, 'suspend')} data-testid={`tenant-suspend-${r.slug}`}>
            {t('tenant.suspend')}
          </Button>
        ),
    },
  ];

  return (
    <Card title={t('nav.adminTenants')}>
      {error ? <Alert type="error" title={errorText(error, t)} style={{ marginBottom: 16 }} /> : null}
      <Table<Tenant>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={tenants}
        scroll={{ x: 800 }}
        data-testid="admin-tenants-table"
        onRow={(r) => ({ 'data-testid': `tenant-row-${r.slug}` }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
