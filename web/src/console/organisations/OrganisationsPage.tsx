import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { get, post } from '../api';
import { useSession } from '../auth';
import { applyApiErrors } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import { download, ImportPanel } from '../shared/ImportPanel';
import type { OrganisationRow } from '../things/types';

const KINDS = ['enterprise', 'social', 'institution'] as const;
const STAGES = ['incubating', 'registered', 'rated'] as const;

interface NewOrganisation {
  name: string;
  creditCode: string;
  kind: (typeof KINDS)[number];
  address: string;
  gridCode: string;
  stage?: (typeof STAGES)[number];
  rating?: string;
}

/** 组织: enterprises, social organisations and institutions — search, register, import and export. */
export default function OrganisationsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { roles } = useSession();
  const reference = useReference();
  const [q, setQ] = useState<string | undefined>();
  const [gridCode, setGridCode] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [form] = Form.useForm<NewOrganisation>();
  const chosenKind = Form.useWatch('kind', form);
  const chosenStage = Form.useWatch('stage', form);
  const list = useLoad(
    () => get<{ items: OrganisationRow[] }>('/api/organisations', { q, gridCode, kind, limit: 50 }),
    [q, gridCode, kind],
  );
  const canWrite = roles.some((r) => r === 'tenant_admin' || r === 'grid_worker');
  const gridOptions = reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }));
  const kindOptions = KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) }));

  async function create(values: NewOrganisation) {
    setError('');
    try {
      await post('/api/organisations', values);
      message.success(t('org.saved'));
      form.resetFields();
      list.reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={canWrite ? 15 : 24}>
        <Card
          title={t('nav.organisations')}
          extra={
            <Button onClick={() => download('/api/exports/organisations', { format: 'xlsx' }, '组织.xlsx')}>
              {t('people.export')}
            </Button>
          }
        >
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search allowClear placeholder={t('org.searchHint')} onSearch={(v) => setQ(v || undefined)} />
            <Select
              allowClear
              style={{ width: 220 }}
              placeholder={t('people.grid')}
              options={gridOptions}
              onChange={setGridCode}
            />
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('org.kind')}
              options={kindOptions}
              onChange={setKind}
            />
          </Space>
          <Table<OrganisationRow>
            rowKey="id"
            size="middle"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            data-testid="organisations-table"
            columns={[
              { title: t('org.name'), dataIndex: 'name' },
              { title: t('org.creditCode'), dataIndex: 'creditCode' },
              { title: t('org.kind'), dataIndex: 'kind', render: (k: OrganisationRow['kind']) => t(`org.kind.${k}`) },
              { title: t('people.grid'), dataIndex: 'gridCode', render: (g: string) => gridName(reference, g) },
              {
                title: t('org.status'),
                dataIndex: 'status',
                render: (s: OrganisationRow['status'], o) => (
                  <Space size={4}>
                    <Tag>{t(`org.status.${s}`)}</Tag>
                    {o.stage && <Tag color="blue">{t(`org.stage.${o.stage}`)}</Tag>}
                    {o.rating && <Tag color="gold">{o.rating}</Tag>}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      {canWrite && (
        <Col xs={24} lg={9}>
          <Card title={t('org.add')}>
            {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
            <Form form={form} layout="vertical" onFinish={create}>
              <Form.Item name="name" label={t('org.name')} rules={[{ required: true }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="creditCode" label={t('org.creditCode')} rules={[{ required: true }]}>
                <Input maxLength={18} />
              </Form.Item>
              <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true }]}>
                <Select options={kindOptions} />
              </Form.Item>
              <Form.Item name="address" label={t('org.address')} rules={[{ required: true }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="gridCode" label={t('people.grid')} rules={[{ required: true }]}>
                <Select options={gridOptions} />
              </Form.Item>
              {chosenKind === 'social' && (
                <Form.Item name="stage" label={t('org.stage')}>
                  <Select allowClear options={STAGES.map((s) => ({ value: s, label: t(`org.stage.${s}`) }))} />
                </Form.Item>
              )}
              {chosenKind === 'social' && chosenStage === 'rated' && (
                <Form.Item name="rating" label={t('org.rating')} rules={[{ required: true }]}>
                  <Select options={['1A', '2A', '3A', '4A', '5A'].map((r) => ({ value: r, label: r }))} />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" block>
                {t('building.save')}
              </Button>
            </Form>
          </Card>
          <Card title={t('people.import')} style={{ marginTop: 16 }}>
            <ImportPanel entity="organisations" onDone={list.reload} />
          </Card>
        </Col>
      )}
    </Row>
  );
}
