import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Skeleton } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { type AnswerDraft, answersBody, type CategoryAttribute } from '../../shared/attributes';
import { post } from '../api';
import { useSession } from '../auth';
import { EmptyLink } from '../components/EmptyLink';
import { applyApiErrors } from '../components/errors';
import { useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { LatLng } from '../types';

const PointMap = lazy(() => import('../components/PointMap'));

interface NewCase {
  description: string;
  categoryCode?: string;
  gridCode?: string;
  address?: string;
  attributes?: Record<string, AnswerDraft | number | undefined>;
}

/** One of the category's questions as a form field by its datatype. */
function AttributeItem({ a }: { a: CategoryAttribute }) {
  const options = (a.values ?? []).map((v) => ({ value: v.key, label: v.name }));
  const field =
    a.datatype === 'singlevaluelist' ? (
      <Select allowClear options={options} data-testid={`new-case-attr-${a.code}`} />
    ) : a.datatype === 'multivaluelist' ? (
      <Checkbox.Group options={options} data-testid={`new-case-attr-${a.code}`} />
    ) : a.datatype === 'number' ? (
      <InputNumber style={{ width: 200 }} data-testid={`new-case-attr-${a.code}`} />
    ) : a.datatype === 'text' ? (
      <Input.TextArea rows={3} maxLength={2000} data-testid={`new-case-attr-${a.code}`} />
    ) : (
      <Input
        type={a.datatype === 'datetime' ? 'datetime-local' : 'text'}
        maxLength={200}
        data-testid={`new-case-attr-${a.code}`}
      />
    );
  return (
    <Form.Item name={['attributes', a.code]} label={a.description} rules={[{ required: a.required }]}>
      {field}
    </Form.Item>
  );
}

/** A staff report (grid worker on patrol, dispatcher taking a call): `POST /api/cases`. */
export default function NewCasePage() {
  const t = useT();
  const { message } = App.useApp();
  const { user, tenant } = useSession();
  const reference = useReference();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewCase>();
  const [location, setLocation] = useState<LatLng>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const categoryCode = Form.useWatch('categoryCode', form);
  const questions = reference.categories.find((c) => c.code === categoryCode)?.attributes ?? [];
  const myGrids = user?.gridCodes?.length
    ? reference.grids.filter((g) => user.gridCodes?.includes(g.code))
    : reference.grids;

  async function onFinish(v: NewCase) {
    setBusy(true);
    setError('');
    try {
      const answers = Object.fromEntries(
        Object.entries(v.attributes ?? {}).map(([k, x]) => [k, typeof x === 'number' ? String(x) : x]),
      );
      const attributes = answersBody(questions, answers);
      const body = Object.fromEntries(
        Object.entries({ ...v, attributes, location }).filter(([, x]) => x !== undefined && x !== ''),
      );
      const created = await post<{ id: string }>('/api/cases', body);
      message.success(t('case.newCreated'));
      navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('case.new')} style={{ maxWidth: 720 }}>
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="description" label={t('case.description')} rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea rows={4} showCount maxLength={2000} data-testid="new-case-description" />
        </Form.Item>
        <Form.Item name="categoryCode" label={t('case.category')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={reference.categories.map((c) => ({ value: c.code, label: c.name }))}
            notFoundContent={<EmptyLink what="categories" />}
            data-testid="new-case-category"
          />
        </Form.Item>
        {questions.map((a) => (
          <AttributeItem key={a.code} a={a} />
        ))}
        <Form.Item name="gridCode" label={t('case.grid')} initialValue={user?.gridCodes?.[0]}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={myGrids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))}
            notFoundContent={<EmptyLink what="grids" />}
            data-testid="new-case-grid"
          />
        </Form.Item>
        <Form.Item name="address" label={t('case.address')}>
          <Input data-testid="new-case-address" />
        </Form.Item>
        <Form.Item label={t('case.location')} extra={t('map.pickHint')}>
          <Suspense fallback={<Skeleton.Node active />}>
            <PointMap value={location} center={tenant?.location} onChange={setLocation} testId="new-case-map" />
          </Suspense>
        </Form.Item>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="new-case-error" />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="new-case-submit">
          {t('action.submit')}
        </Button>
      </Form>
    </Card>
  );
}
