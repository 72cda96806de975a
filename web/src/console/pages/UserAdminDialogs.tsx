import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { patch, post } from '../api';
import { EmptyLink } from '../components/EmptyLink';
import { applyApiErrors } from '../components/errors';
import type { Reference } from '../components/useReference';
import { useT } from '../i18n';
import type { Role, User } from '../types';

export const ROLES: Role[] = ['tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader'];

interface Editable {
  name: string;
  roles: Role[];
  departmentId?: string;
  gridCodes?: string[];
  phone?: string;
}

/** Change a user's name, roles, department, grids and phone (`PATCH /api/users/{id}` with the version read). */
export function EditUserDialog(props: { user?: User; reference: Reference; onClose: (saved: boolean) => void }) {
  const { user, reference, onClose } = props;
  const t = useT();
  const [form] = Form.useForm<Editable>();
  const roles = Form.useWatch('roles', form) ?? [];
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!user) return;
    setError('');
    form.setFieldsValue({
      name: user.name ?? '',
      roles: user.roles,
      departmentId: user.departmentId,
      gridCodes: user.gridCodes ?? [],
      phone: user.phone,
    });
  }, [user, form]);

  async function save() {
    if (!user) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await patch(`/api/users/${user.id}`, { ...v, phone: v.phone || undefined, version: user.version });
      onClose(true);
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={user !== undefined}
      title={t('user.editTitle', { name: user?.name ?? user?.email ?? '' })}
      onOk={save}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      okButtonProps={{ 'data-testid': 'user-edit-save' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="user-edit-form">
        <Form.Item name="name" label={t('user.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input data-testid="user-edit-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('user.phone')}>
          <Input data-testid="user-edit-phone" inputMode="tel" />
        </Form.Item>
        <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            mode="multiple"
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            data-testid="user-edit-roles"
          />
        </Form.Item>
        {roles.includes('department') && (
          <Form.Item
            name="departmentId"
            label={t('user.department')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
              notFoundContent={<EmptyLink what="departments" />}
              data-testid="user-edit-department"
            />
          </Form.Item>
        )}
        {roles.includes('grid_worker') && (
          <Form.Item name="gridCodes" label={t('user.grids')}>
            <Select
              mode="multiple"
              options={reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))}
              notFoundContent={<EmptyLink what="grids" />}
              data-testid="user-edit-grids"
            />
          </Form.Item>
        )}
        {error && <Alert type="error" title={error} data-testid="user-edit-error" />}
      </Form>
    </Modal>
  );
}

/** Reset a user's password: to one the admin types, or to a temporary one shown here once. */
export function ResetPasswordDialog(props: { user?: User; onClose: () => void }) {
  const { user, onClose } = props;
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password?: string }>();
  const [temporary, setTemporary] = useState<string>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // a fresh dialog for each user opened
  // biome-ignore lint/correctness/useExhaustiveDependencies: `user` changing is what resets the dialog
  useEffect(() => {
    setTemporary(undefined);
    setError('');
    form.resetFields();
  }, [user, form]);

  async function reset() {
    if (!user) return;
    if (temporary) return onClose();
    const v = await form.validateFields();
    setBusy(true);
    try {
      const res = await post<{ temporaryPassword?: string }>(`/api/users/${user.id}/password`, {
        password: v.password || undefined,
      });
      if (res.temporaryPassword) setTemporary(res.temporaryPassword);
      else {
        message.success(t('common.saved'));
        onClose();
      }
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={user !== undefined}
      title={t('user.resetTitle', { name: user?.name ?? user?.email ?? '' })}
      onOk={reset}
      confirmLoading={busy}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'user-reset-submit' } as never}
      destroyOnHidden
    >
      {temporary ? (
        <Alert
          type="success"
          title={t('user.temporaryPassword')}
          description={
            <Typography.Text code copyable data-testid="user-temporary-password">
              {temporary}
            </Typography.Text>
          }
        />
      ) : (
        <Form form={form} layout="vertical">
          <Typography.Paragraph type="secondary">{t('user.resetHint')}</Typography.Paragraph>
          <Form.Item
            name="password"
            label={t('user.newPassword')}
            rules={[{ min: 10, message: t('apiRule.too_small.string', { minimum: 10 }) }]}
          >
            <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
          </Form.Item>
          {error && <Alert type="error" title={error} />}
        </Form>
      )}
    </Modal>
  );
}
