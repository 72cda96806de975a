import { Form, type FormInstance, Input, Select } from 'antd';
import { useT } from '../i18n';
import type { Action } from '../permissions';
import type { CaseDetail } from '../types';
import { EvidenceUpload } from './EvidenceUpload';
import type { Reference } from './useReference';

interface Props {
  action: Action;
  item: CaseDetail;
  form: FormInstance;
  reference: Reference;
}

/** The fields each action takes (see API.md: register, reject, dispatch, return, handle, extend, verify, rework, close). */
export function ActionForm({ action, item, form, reference }: Props) {
  const t = useT();
  const required = [{ required: true, message: t('common.required') }];
  const category = reference.categories.find((c) => c.code === item.categoryCode);
  const initial: Record<string, unknown> = {
    categoryCode: item.categoryCode,
    gridCode: item.gridCode,
    departmentId: category?.departmentId,
  };
  return (
    <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
      {action === 'register' && (
        <>
          <Form.Item name="categoryCode" label={t('case.category')} rules={required}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={reference.categories.map((c) => ({ value: c.code, label: c.name }))}
              data-testid="action-category"
            />
          </Form.Item>
          <Form.Item name="gridCode" label={t('case.grid')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))}
              data-testid="action-grid"
            />
          </Form.Item>
        </>
      )}
      {action === 'dispatch' && (
        <Form.Item name="departmentId" label={t('case.department')} rules={required}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
            data-testid="action-department"
          />
        </Form.Item>
      )}
      {(action === 'reject' || action === 'return' || action === 'rework' || action === 'extend') && (
        <Form.Item name="reason" label={t('action.reason')} rules={required}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="action-reason" />
        </Form.Item>
      )}
      {action === 'extend' && (
        <Form.Item name="until" label={t('action.until')} rules={required}>
          <Input type="datetime-local" data-testid="action-until" />
        </Form.Item>
      )}
      {(action === 'register' || action === 'handle' || action === 'verify' || action === 'close') && (
        <Form.Item name="note" label={t('action.note')} rules={action === 'handle' ? required : undefined}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="action-note" />
        </Form.Item>
      )}
      {action === 'handle' && (
        <Form.Item name="evidence" label={t('action.evidence')}>
          <EvidenceUpload caseId={item.id} onKeys={(keys) => form.setFieldValue('evidence', keys)} />
        </Form.Item>
      )}
    </Form>
  );
}

/** The request body for an action from the form values (empty optional fields left out). */
export function actionBody(action: Action, values: Record<string, unknown>, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = { version };
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    body[k] = k === 'until' && typeof v === 'string' ? new Date(v).toISOString() : v;
  }
  if (action !== 'dispatch') delete body.departmentId;
  if (action !== 'register') {
    delete body.categoryCode;
    delete body.gridCode;
  }
  return body;
}
