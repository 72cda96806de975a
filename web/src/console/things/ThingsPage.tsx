import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { get, post } from '../api';
import { useSession } from '../auth';
import { applyApiErrors } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { CameraRow, ThingRow } from './types';

interface NewPlaced {
  kind: 'thing' | 'camera';
  code: string;
  name?: string;
  owner: string;
  gridCode: string;
  lat: number;
  lng: number;
  maintainerDepartmentId?: string;
}

/** 部件与监控: the tenant's 部件 and camera points by grid; each row opens its page with its cases. */
export default function ThingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { roles } = useSession();
  const reference = useReference();
  const [gridCode, setGridCode] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [form] = Form.useForm<NewPlaced>();
  const kind = Form.useWatch('kind', form) ?? 'thing';
  const things = useLoad(() => get<{ items: ThingRow[] }>('/api/things', { gridCode, limit: 100 }), [gridCode]);
  const cameras = useLoad(() => get<{ items: CameraRow[] }>('/api/cameras', { gridCode, limit: 100 }), [gridCode]);
  const canWrite = roles.some((r) => r === 'tenant_admin' || r === 'grid_worker');
  const gridOptions = reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }));

  async function create(v: NewPlaced) {
    setError('');
    const location = { lat: v.lat, lng: v.lng };
    try {
      if (v.kind === 'thing') {
        await post('/api/things', {
          code: v.code,
          name: v.name || undefined,
          owner: v.owner,
          gridCode: v.gridCode,
          location,
          maintainerDepartmentId: v.maintainerDepartmentId,
        });
        things.reload();
      } else {
        await post('/api/cameras', { deviceId: v.code, name: v.name, owner: v.owner, gridCode: v.gridCode, location });
        cameras.reload();
      }
      message.success(t('org.saved'));
      form.resetFields();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={canWrite ? 15 : 24}>
        <Card title={t('nav.things')}>
          <Select
            allowClear
            style={{ width: 260, marginBottom: 12 }}
            placeholder={t('map.allGrids')}
            options={gridOptions}
            onChange={setGridCode}
          />
          <Tabs
            items={[
              {
                key: 'things',
                label: t('map.layer.things'),
                children: (
                  <Table<ThingRow>
                    rowKey="id"
                    size="middle"
                    loading={things.loading}
                    dataSource={things.data?.items ?? []}
                    pagination={false}
                    data-testid="things-table"
                    onRow={(r) => ({ onClick: () => navigate(`/things/${encodeURIComponent(r.id)}`) })}
                    columns={[
                      { title: t('placed.code'), dataIndex: 'code' },
                      { title: t('placed.class'), dataIndex: 'className' },
                      { title: t('case.grid'), dataIndex: 'gridCode', render: (g: string) => gridName(reference, g) },
                      {
                        title: t('placed.status'),
                        dataIndex: 'status',
                        render: (s: ThingRow['status']) => <Tag>{t(`thing.status.${s}`)}</Tag>,
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'cameras',
                label: t('map.layer.cameras'),
                children: (
                  <Table<CameraRow>
                    rowKey="id"
                    size="middle"
                    loading={cameras.loading}
                    dataSource={cameras.data?.items ?? []}
                    pagination={false}
                    data-testid="cameras-table"
                    onRow={(r) => ({ onClick: () => navigate(`/cameras/${encodeURIComponent(r.id)}`) })}
                    columns={[
                      { title: t('org.name'), dataIndex: 'name' },
                      { title: t('placed.deviceId'), dataIndex: 'deviceId' },
                      { title: t('case.grid'), dataIndex: 'gridCode', render: (g: string) => gridName(reference, g) },
                      {
                        title: t('placed.status'),
                        dataIndex: 'status',
                        render: (s: CameraRow['status']) => <Tag>{t(`camera.status.${s}`)}</Tag>,
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Card>
      </Col>
      {canWrite && (
        <Col xs={24} lg={9}>
          <Card title={t('placed.add')}>
            {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
            <Form form={form} layout="vertical" onFinish={create} initialValues={{ kind: 'thing' }}>
              <Form.Item name="kind" label={t('placed.kind')}>
                <Select
                  options={[
                    { value: 'thing', label: t('placed.thing') },
                    { value: 'camera', label: t('placed.camera') },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="code"
                label={kind === 'thing' ? t('placed.code') : t('placed.deviceId')}
                rules={[{ required: true }]}
              >
                <Input maxLength={kind === 'thing' ? 16 : 20} />
              </Form.Item>
              <Form.Item name="name" label={t('org.name')} rules={[{ required: kind === 'camera' }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="owner" label={t('placed.owner')} rules={[{ required: true }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="gridCode" label={t('case.grid')} rules={[{ required: true }]}>
                <Select options={gridOptions} />
              </Form.Item>
              <Space>
                <Form.Item name="lat" label={t('placed.lat')} rules={[{ required: true }]}>
                  <InputNumber min={-90} max={90} step={0.0001} />
                </Form.Item>
                <Form.Item name="lng" label={t('placed.lng')} rules={[{ required: true }]}>
                  <InputNumber min={-180} max={180} step={0.0001} />
                </Form.Item>
              </Space>
              {kind === 'thing' && (
                <Form.Item name="maintainerDepartmentId" label={t('placed.maintainer')}>
                  <Select allowClear options={reference.departments.map((d) => ({ value: d.id, label: d.name }))} />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" block>
                {t('building.save')}
              </Button>
            </Form>
          </Card>
        </Col>
      )}
    </Row>
  );
}
