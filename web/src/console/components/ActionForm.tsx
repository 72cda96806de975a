import { criteriaItems } from '@civicgrid/domain/category-library';
import { Checkbox, Form, type FormInstance, Input, Radio, Select } from 'antd';
import { fromShanghaiInput, toShanghaiInput } from '../../shared/time';
import { get } from '../api';
import { useSession } from '../auth';
import { useT } from '../i18n';
import { type Action, hasRole } from '../permissions';
import { type CaseDetail, extensionStatus } from '../types';
import { EvidenceUpload } from './EvidenceUpload';
import { useLoad } from './useLoad';
import type { Reference } from './useReference';

interface Props {
  action: Action;
  item: CaseDetail;
  form: FormInstance;
  reference: Reference;
}

/** `YYYY-MM-DDTHH:mm` in +08:00 (whatever the browser's zone), for a `datetime-local` input. */
function localInput(iso?: string): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  return toShanghaiInput(d);
}

/** The fields each action takes (the domain's action bodies: register, reject, dispatch, return, handle, …). */
export function ActionForm({ action, item, form, reference }: Props) {
  const t = useT();
  const { roles } = useSession();
  const required = [{ required: true, message: t('common.required') }];
  const category = reference.categories.find((c) => c.code === item.categoryCode);
  const pending =
    extensionStatus(item) === 'pending' && typeof item.extension === 'object' ? item.extension : undefined;
  const decides = hasRole(roles, 'leader', 'tenant_admin');
  const initial: Record<string, unknown> = {
    categoryCode: item.categoryCode,
    gridCode: item.gridCode,
    departmentId: category?.departmentId,
    until: localInput(pending?.until),
    approve: pending && decides ? 'yes' : undefined,
    urgency: 'normal',
    decision: 'approve',
  };
  const reasonActions: Action[] = ['reject', 'return', 'rework', 'extend', 'park', 'escalate'];
  const noteActions: Action[] = ['register', 'handle', 'verify', 'close', 'unpark', 'review', 'followUp', 'answer'];
  const departments = reference.departments.map((d) => ({ value: d.id, label: d.name }));
  return (
    <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
      {action === 'register' && <CriteriaChecklist form={form} reference={reference} field="filingCriteria" />}
      {action === 'close' && (
        <CriteriaChecklist form={form} reference={reference} field="closingCriteria" code={item.categoryCode} />
      )}
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
          <Form.Item name="urgency" label={t('action.urgency')}>
            <Radio.Group
              data-testid="action-urgency"
              options={[
                { value: 'normal', label: t('urgency.normal') },
                { value: 'urgent', label: t('urgency.urgent') },
              ]}
            />
          </Form.Item>
        </>
      )}
      {action === 'review' && (
        <>
          <Form.Item name="decision" label={t('action.reviewDecision')} rules={required}>
            <Radio.Group
              data-testid="action-decision"
              options={[
                { value: 'approve', label: t('action.reviewApprove') },
                { value: 'reject', label: t('action.reviewReject') },
              ]}
            />
          </Form.Item>
          <Form.Item name="requestVerification" valuePropName="checked">
            <Checkbox data-testid="action-request-verification">{t('action.requestVerification')}</Checkbox>
          </Form.Item>
        </>
      )}
      {action === 'supervise' && (
        <>
          <Form.Item name="instruction" label={t('action.instruction')} rules={required}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="action-instruction" />
          </Form.Item>
          <Form.Item name="dueBy" label={t('action.dueBy')}>
            <Input type="datetime-local" data-testid="action-due-by" />
          </Form.Item>
        </>
      )}
      {action === 'followUp' && (
        <>
          <Form.Item name="channel" label={t('action.channel')} rules={required}>
            <Select
              data-testid="action-channel"
              options={(['phone', 'visit', 'sms'] as const).map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            />
          </Form.Item>
          <Form.Item name="satisfaction" label={t('action.satisfaction')} rules={required}>
            <Radio.Group
              data-testid="action-satisfaction"
              options={(['satisfied', 'basically_satisfied', 'dissatisfied'] as const).map((v) => ({
                value: v,
                label: t(`satisfaction.${v}`),
              }))}
            />
          </Form.Item>
        </>
      )}
      {action === 'assignDown' && <CommunityField />}
      {action === 'dispatch' && (
        <>
          <Form.Item name="departmentId" label={t('case.department')} rules={required}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={departments} data-testid="action-department" />
          </Form.Item>
          <Form.Item name="assistingDepartmentIds" label={t('action.assisting')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={departments}
              data-testid="action-assisting"
            />
          </Form.Item>
        </>
      )}
      {action === 'extend' && pending && decides && (
        <Form.Item name="approve" label={t('action.decision')} extra={`${pending.reason}`}>
          <Radio.Group
            data-testid="action-approve"
            options={[
              { value: 'yes', label: t('action.approve') },
              { value: 'no', label: t('action.deny') },
            ]}
          />
        </Form.Item>
      )}
      {reasonActions.includes(action) && (
        <Form.Item name="reason" label={t('action.reason')} rules={required}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="action-reason" />
        </Form.Item>
      )}
      {action === 'extend' && (
        <Form.Item name="until" label={t('action.until')} rules={required}>
          <Input type="datetime-local" data-testid="action-until" />
        </Form.Item>
      )}
      {noteActions.includes(action) && (
        <Form.Item
          name="note"
          label={t('action.note')}
          rules={action === 'handle' || action === 'answer' ? required : undefined}
        >
          <Input.TextArea rows={3} maxLength={action === 'handle' ? 2000 : 1000} data-testid="action-note" />
        </Form.Item>
      )}
      {action === 'handle' && (
        <Form.Item name="evidence" label={t('action.evidence')}>
          <EvidenceUpload
            caseId={item.id}
            onKeys={(keys) => form.setFieldValue('evidence', keys)}
            onBusy={(busy) => form.setFieldValue('uploading', busy)}
          />
        </Form.Item>
      )}
      {action === 'handle' && (
        <Form.Item name="uploading" hidden>
          <Input />
        </Form.Item>
      )}
    </Form>
  );
}

/**
 * The category's 立案 or 结案 criteria as a checklist the centre ticks while it checks the case (a guide, not a
 * gate: the ticks are not sent and do not block the action).
 */
function CriteriaChecklist(props: {
  form: FormInstance;
  reference: Reference;
  field: 'filingCriteria' | 'closingCriteria';
  code?: string | undefined;
}) {
  const t = useT();
  const chosen = Form.useWatch('categoryCode', props.form) as string | undefined;
  const code = props.code ?? chosen;
  const items = criteriaItems(props.reference.categories.find((c) => c.code === code)?.[props.field]);
  if (items.length === 0) return null;
  return (
    <Form.Item
      name="criteria"
      label={t(props.field === 'filingCriteria' ? 'action.filingCriteria' : 'action.closingCriteria')}
      extra={t('action.criteriaAll')}
    >
      <Checkbox.Group data-testid="action-criteria" options={items.map((i) => ({ value: i, label: i }))} />
    </Form.Item>
  );
}

/** The communities below the user's street, for 下派. */
function CommunityField() {
  const t = useT();
  const { data } = useLoad(
    () =>
      get<{ items: Array<{ id: string; name: string; level: string; status: string }> }>('/api/tenants').then(
        (r) => r.items ?? [],
      ),
    [],
  );
  const communities = (data ?? []).filter((x) => x.level === 'community' && x.status === 'active');
  return (
    <Form.Item
      name="tenantId"
      label={t('action.community')}
      rules={[{ required: true, message: t('common.required') }]}
    >
      <Select options={communities.map((x) => ({ value: x.id, label: x.name }))} data-testid="action-community" />
    </Form.Item>
  );
}

/** The request body for an action from the form values (empty optional fields left out). */
export function actionBody(action: Action, values: Record<string, unknown>, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = { version };
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    body[k] = (k === 'until' || k === 'dueBy') && typeof v === 'string' ? fromShanghaiInput(v) : v;
  }
  delete body.uploading;
  delete body.criteria;
  if (action !== 'dispatch') delete body.departmentId;
  if (action !== 'register') {
    delete body.categoryCode;
    delete body.gridCode;
    delete body.urgency;
  }
  if (action !== 'review') {
    delete body.decision;
    delete body.requestVerification;
  } else if (body.requestVerification === false) delete body.requestVerification;
  if (action === 'extend' && body.approve !== undefined) body.approve = body.approve === 'yes';
  else delete body.approve;
  return body;
}
