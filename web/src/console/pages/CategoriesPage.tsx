import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { post } from '../api';
import { EmptyLink } from '../components/EmptyLink';
import { applyApiErrors } from '../components/errors';
import { departmentName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { Category } from '../types';
import { CategoryLibraryCard } from './CategoryLibraryCard';

/** 事件类别: each with its responsible department and time limit in working hours or days. */
export default function CategoriesPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Required<Category>>();
  const [error, setError] = useState('');
  const reference = useReference();

  async function onFinish(v: Required<Category>) {
    setError('');
    try {
      await post('/api/categories', v);
      message.success(t('common.saved'));
      form.resetFields();
      reference.reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  return (
    <Card title={t('nav.categories')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ timeLimit: { value: 4, unit: 'workingHours' } }}
      >
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="code" label={t('common.code')} rules={[{ required: true }]}>
              <Input data-testid="category-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}>
              <Input data-testid="category-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="departmentId" label={t('category.department')} rules={[{ required: true }]}>
              <Select
                options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
                notFoundContent={<EmptyLink what="departments" />}
                data-testid="category-department"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('category.timeLimit')} required>
              <Space.Compact>
                <Form.Item name={['timeLimit', 'value']} noStyle rules={[{ required: true }]}>
                  <InputNumber min={1} data-testid="category-limit-value" />
                </Form.Item>
                <Form.Item name={['timeLimit', 'unit']} noStyle>
                  <Select
                    style={{ width: 110 }}
                    options={[
                      { value: 'workingHours', label: t('unit.workingHours') },
                      { value: 'workingDays', label: t('unit.workingDays') },
                    ]}
                    data-testid="category-limit-unit"
                  />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
        </Row>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="category-error" />}
        <Button type="primary" htmlType="submit" data-testid="category-submit">
          {t('common.create')}
        </Button>
      </Form>
      <CategoryLibraryCard reference={reference} />
      <Table<Category>
        rowKey="code"
        size="small"
        style={{ marginTop: 16 }}
        dataSource={reference.categories}
        data-testid="categories-table"
        columns={[
          { title: t('common.code'), dataIndex: 'code' },
          { title: t('common.name'), dataIndex: 'name' },
          {
            title: t('category.department'),
            dataIndex: 'departmentId',
            render: (d?: string) => departmentName(reference, d),
          },
          {
            title: t('category.timeLimit'),
            dataIndex: 'timeLimit',
            render: (l?: Category['timeLimit']) => (l ? `${l.value} ${t(`unit.${l.unit}`)}` : ''),
          },
        ]}
      />
    </Card>
  );
}
