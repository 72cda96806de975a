import { Alert, App, Button, Card, Col, Form, Row, Select, Table, type TableProps, Typography } from 'antd';
import { useState } from 'react';
import { asList } from '../../shared/api-error';
import { del, get, post } from '../api';
import { useSession } from '../auth';
import { formatTime } from '../components/DeadlineTag';
import { EmptyLink } from '../components/EmptyLink';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { categoryName, departmentName, gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import { hasRole } from '../permissions';
import type { RoutingRule } from '../types';

type RuleInput = Pick<RoutingRule, 'gridCode' | 'categoryCode' | 'departmentId'>;

const ruleId = (r: RoutingRule) => `${r.gridCode}#${r.categoryCode}`;

/** 分派规则: in a grid, a category's cases go to another department than the category's own (tenant admins edit). */
export default function RoutingPage() {
  const t = useT();
  const { message } = App.useApp();
  const { roles } = useSession();
  const canManage = hasRole(roles, 'tenant_admin');
  const [form] = Form.useForm<RuleInput>();
  const [error, setError] = useState('');
  const reference = useReference();
  const {
    data,
    error: loadError,
    loading,
    reload,
  } = useLoad(() => get('/api/routing-rules').then(asList<RoutingRule>), []);

  async function onFinish(v: RuleInput) {
    setError('');
    try {
      await post('/api/routing-rules', v);
      message.success(t('common.saved'));
      form.resetFields();
      reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  async function remove(rule: RoutingRule) {
    try {
      await del(`/api/routing-rules/${encodeURIComponent(ruleId(rule))}`);
      message.success(t('routing.deleted'));
      reload();
    } catch (e) {
      message.error(errorText(e, t));
    }
  }

  const columns: TableProps<RoutingRule>['columns'] = [
    {
      title: t('routing.grid'),
      dataIndex: 'gridCode',
      render: (code: string) => {
        const name = gridName(reference, code);
        return name === code ? code : `${name} (${code})`;
      },
    },
    { title: t('routing.category'), dataIndex: 'categoryCode', render: (c: string) => categoryName(reference, c) },
    {
      title: t('routing.department'),
      dataIndex: 'departmentId',
      render: (d: string) => departmentName(reference, d),
    },
    { title: t('common.created'), dataIndex: 'createdAt', render: (d?: string) => formatTime(d) },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: RoutingRule, i: number) => (
              <Button size="small" danger onClick={() => remove(r)} data-testid={`routing-delete-${i}`}>
                {t('routing.delete')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title={t('nav.routing')}>
      <Typography.Paragraph type="secondary">{t('routing.hint')}</Typography.Paragraph>
      {canManage && (
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <Row gutter={16} align="bottom">
            <Col xs={24} md={8}>
              <Form.Item name="gridCode" label={t('routing.grid')} rules={[{ required: true }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))}
                  notFoundContent={<EmptyLink what="grids" />}
                  data-testid="routing-grid"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="categoryCode" label={t('routing.category')} rules={[{ required: true }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={reference.categories.map((c) => ({ value: c.code, label: c.name }))}
                  notFoundContent={<EmptyLink what="categories" />}
                  data-testid="routing-category"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="departmentId" label={t('routing.department')} rules={[{ required: true }]}>
                <Select
                  options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
                  notFoundContent={<EmptyLink what="departments" />}
                  data-testid="routing-department"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item>
                <Button type="primary" htmlType="submit" data-testid="routing-submit">
                  {t('common.create')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      )}
      {error || loadError ? (
        <Alert
          type="error"
          title={error || errorText(loadError, t)}
          style={{ marginBottom: 16 }}
          data-testid="routing-error"
        />
      ) : null}
      <Table<RoutingRule>
        rowKey={ruleId}
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data ?? []}
        data-testid="routing-table"
        onRow={(r, i) =>
          ({ 'data-testid': `routing-row-${i}`, 'data-rule': ruleId(r) }) as React.HTMLAttributes<HTMLElement>
        }
      />
    </Card>
  );
}
