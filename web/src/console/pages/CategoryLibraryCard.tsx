import { categoryLibrary, type LibraryCategory } from '@civicgrid/domain/category-library';
import { Alert, App, Button, Card, Form, Select } from 'antd';
import { useState } from 'react';
import { post } from '../api';
import { EmptyLink } from '../components/EmptyLink';
import { applyApiErrors } from '../components/errors';
import type { Reference } from '../components/useReference';
import { useT } from '../i18n';

/** The library grouped by 大类 for the picker: `公用设施 · 上水井盖`. */
const GROUPS = Object.values(
  categoryLibrary.reduce<Record<string, { label: string; options: { value: string; label: string }[] }>>(
    (acc, c: LibraryCategory) => {
      const group = acc[c.majorCode] ?? { label: c.majorName, options: [] };
      acc[c.majorCode] = group;
      group.options.push({ value: c.code, label: `${c.majorName} · ${c.name}` });
      return acc;
    },
    {},
  ),
);

/** Adopt categories of the standard library (`POST /api/category-library/adopt`) with a default department. */
export function CategoryLibraryCard({ reference }: { reference: Reference & { reload: () => void } }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ codes: string[]; departmentId: string }>();
  const [error, setError] = useState('');

  async function adopt(v: { codes: string[]; departmentId: string }) {
    setError('');
    try {
      const res = await post<{ created: string[] }>('/api/category-library/adopt', v);
      message.success(t('library.adopted', { n: res.created.length }));
      form.resetFields();
      reference.reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  return (
    <Card size="small" title={t('library.title')} style={{ marginTop: 16 }} data-testid="category-library">
      <Form form={form} layout="inline" onFinish={adopt}>
        <Form.Item name="codes" label={t('library.codes')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            mode="multiple"
            style={{ minWidth: 320 }}
            showSearch={{ optionFilterProp: 'label' }}
            options={GROUPS}
            data-testid="library-codes"
          />
        </Form.Item>
        <Form.Item
          name="departmentId"
          label={t('library.department')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            style={{ minWidth: 180 }}
            options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
            notFoundContent={<EmptyLink what="departments" />}
            data-testid="library-department"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="library-adopt">
          {t('library.adopt')}
        </Button>
      </Form>
      {error && <Alert type="error" title={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}
