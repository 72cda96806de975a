import { Alert, App, Button, Form, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, post } from '../api';
import { useSession } from '../auth';
import { useT } from '../i18n';
import { type Action, actionsFor } from '../permissions';
import type { CaseDetail } from '../types';
import { ActionForm, actionBody } from './ActionForm';
import { applyApiErrors } from './errors';
import type { Reference } from './useReference';

interface Props {
  item: CaseDetail;
  reference: Reference;
  onDone: () => void;
}

/** The buttons for the actions the user's roles may take at this step, each opening its form. */
export function ActionPanel({ item, reference, onDone }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const { roles } = useSession();
  const [form] = Form.useForm();
  const [action, setAction] = useState<Action>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [conflict, setConflict] = useState(false);
  const actions = actionsFor(roles, item.step, item.allowedActions);

  async function submit() {
    if (!action) return;
    let values: Record<string, unknown>;
    try {
      values = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      // antd rejects with a plain object ({ errorFields, … }) and shows each field's message itself; left uncaught it
      // was the page's "Object" error in the handle and close dialogs
      return;
    }
    if (values.uploading) return setError(t('action.uploadWait'));
    setBusy(true);
    setError('');
    try {
      await post(
        `/api/cases/${encodeURIComponent(item.id)}/actions/${action}`,
        actionBody(action, values, item.version),
      );
      message.success(t('action.done'));
      setAction(undefined);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setAction(undefined);
        setConflict(true);
      } else setError(applyApiErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="case-actions">
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('case.conflict')}
          data-testid="case-conflict"
          action={
            <Button
              size="small"
              data-testid="case-refresh"
              onClick={() => {
                setConflict(false);
                onDone();
              }}
            >
              {t('common.refresh')}
            </Button>
          }
        />
      )}
      {actions.length === 0 ? (
        <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {actions.map((a) => (
            <Button
              key={a}
              type={a === 'reject' || a === 'return' || a === 'rework' ? 'default' : 'primary'}
              danger={a === 'reject'}
              data-testid={`action-${a}`}
              onClick={() => {
                setError('');
                setAction(a);
              }}
            >
              {t(`action.${a}`)}
            </Button>
          ))}
        </Space>
      )}
      <Modal
        open={!!action}
        title={action ? t(`action.${action}`) : ''}
        onCancel={() => setAction(undefined)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setAction(undefined)} data-testid="action-cancel">
            {t('common.cancel')}
          </Button>,
          <Button key="submit" type="primary" loading={busy} onClick={submit} data-testid="action-submit">
            {t('action.submit')}
          </Button>,
        ]}
      >
        {action && <ActionForm action={action} item={item} form={form} reference={reference} />}
        {error && <Alert type="error" title={error} data-testid="action-error" />}
      </Modal>
    </div>
  );
}
