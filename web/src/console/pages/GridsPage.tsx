import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { asList } from '../../shared/api-error';
import { get, post } from '../api';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useReference } from '../components/useReference';
import { GRID_CODE, parseGrids } from '../geojson';
import { useT } from '../i18n';
import type { Grid, User } from '../types';

interface GridForm {
  code: string;
  name: string;
  polygon?: string;
  workerIds?: string[];
}

/** 网格: coded cells with GeoJSON boundaries, pasted or imported from a file, and their grid workers. */
export default function GridsPage() {
  const t = useT();
  const { message } = App.useApp();
  const reference = useReference();
  const [form] = Form.useForm<GridForm>();
  const [error, setError] = useState('');
  const { data: users } = useLoad(() => get('/api/users').then(asList<User>), []);
  const workers = (users ?? []).filter((u) => u.roles?.includes('grid_worker'));

  async function onFinish(v: GridForm) {
    setError('');
    try {
      const polygon = v.polygon?.trim() ? parseGrids(v.polygon)[0]?.polygon : undefined;
      await post('/api/grids', {
        code: v.code,
        name: v.name,
        polygon,
        workerIds: v.workerIds?.length ? v.workerIds : undefined,
      });
      message.success(t('common.saved'));
      form.resetFields();
      reference.reload();
    } catch (e) {
      setError(e instanceof SyntaxError ? t('common.invalidJson') : applyApiErrors(form, e, t));
    }
  }

  /** A file with one polygon fills the form; a collection of coded features creates every grid. */
  async function importFile(file: File) {
    setError('');
    try {
      const grids = parseGrids(await file.text());
      const complete = grids.filter((g) => g.code && GRID_CODE.test(g.code) && g.name);
      if (grids.length === 1 && complete.length === 0) {
        form.setFieldValue('polygon', JSON.stringify(grids[0]?.polygon));
        return;
      }
      for (const g of complete) await post('/api/grids', { code: g.code, name: g.name, polygon: g.polygon });
      message.success(t('grid.imported', { n: complete.length }));
      reference.reload();
    } catch (e) {
      setError(e instanceof SyntaxError ? t('common.invalidJson') : errorText(e, t));
    }
  }

  return (
    <Card title={t('nav.grids')}>
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t('common.code')}
              rules={[{ required: true, pattern: GRID_CODE, message: t('grid.codeInvalid') }]}
            >
              <Input inputMode="numeric" maxLength={15} data-testid="grid-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}>
              <Input data-testid="grid-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="workerIds" label={t('grid.workers')}>
              <Select
                mode="multiple"
                options={workers.map((u) => ({ value: u.id, label: u.name ?? u.email }))}
                data-testid="grid-workers"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="polygon" label={t('grid.polygon')}>
          <Input.TextArea
            rows={4}
            placeholder='{"type":"Polygon","coordinates":[[[117.70,39.02],…]]}'
            data-testid="grid-polygon"
          />
        </Form.Item>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="grid-error" />}
        <Space wrap>
          <Button type="primary" htmlType="submit" data-testid="grid-submit">
            {t('common.create')}
          </Button>
          <Upload
            accept=".geojson,.json,application/geo+json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void importFile(file);
              return false;
            }}
          >
            <Button data-testid="grid-import">{t('grid.import')}</Button>
          </Upload>
        </Space>
      </Form>
      <Table<Grid>
        rowKey="code"
        size="small"
        style={{ marginTop: 16 }}
        dataSource={reference.grids}
        data-testid="grids-table"
        columns={[
          { title: t('common.code'), dataIndex: 'code' },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('grid.polygon'), dataIndex: 'polygon', render: (p?: Grid['polygon']) => (p ? '✓' : '') },
          { title: t('grid.workers'), dataIndex: 'workerIds', render: (w?: string[]) => w?.length ?? 0 },
        ]}
      />
    </Card>
  );
}
