import { Alert, Button, Card, Form, Input, Radio, Result } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { post } from '../api';
import { useSession } from '../auth';
import { applyApiErrors } from '../components/errors';
import { useT } from '../i18n';

interface SignupForm {
  tenant: { name: string; slug: string; level: 'street' | 'district'; parentSlug?: string };
  admin: { name: string; email: string; password: string };
}

interface SignupResponse {
  tenant: { id: string; slug: string; status: string };
}

/** A street/town or district office signs up: `POST /api/signup`, then logs its admin in. */
export default function SignupPage() {
  const t = useT();
  const [form] = Form.useForm<SignupForm>();
  const { login } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);
  const level = Form.useWatch(['tenant', 'level'], form);

  async function onFinish(v: SignupForm) {
    setBusy(true);
    setError('');
    try {
      const tenant = { ...v.tenant, parentSlug: v.tenant.parentSlug?.trim() || undefined };
      const res = await post<SignupResponse>('/api/signup', { tenant, admin: v.admin });
      await login(v.admin.email, v.admin.password);
      if (res.tenant.status === 'pending') setPending(true);
      else navigate('/', { replace: true });
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    } finally {
      setBusy(false);
    }
  }

  if (pending) {
    return (
      <Result
        status="success"
        title={t('signup.done')}
        subTitle={t('signup.pending')}
        extra={
          <Button type="primary" onClick={() => navigate('/')} data-testid="signup-continue">
            {t('nav.workbench')}
          </Button>
        }
      />
    );
  }

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f3f5f9', padding: 16 }}>
      <Card title={t('signup.title')} style={{ width: '100%', maxWidth: 480 }}>
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ tenant: { level: 'street' } }}>
          <Form.Item name={['tenant', 'name']} label={t('signup.tenantName')} rules={[{ required: true }]}>
            <Input data-testid="signup-tenant-name" />
          </Form.Item>
          <Form.Item
            name={['tenant', 'slug']}
            label={t('signup.slug')}
            extra={t('signup.slugHint')}
            rules={[{ required: true, pattern: /^[a-z0-9-]{3,40}$/, message: t('signup.slugHint') }]}
          >
            <Input data-testid="signup-slug" />
          </Form.Item>
          <Form.Item name={['tenant', 'level']} label={t('signup.level')}>
            <Radio.Group data-testid="signup-level">
              <Radio value="street" data-testid="signup-level-street">
                {t('level.street')}
              </Radio>
              <Radio value="district" data-testid="signup-level-district">
                {t('level.district')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {level !== 'district' && (
            <Form.Item name={['tenant', 'parentSlug']} label={t('signup.parentSlug')}>
              <Input data-testid="signup-parent-slug" />
            </Form.Item>
          )}
          <Form.Item name={['admin', 'name']} label={t('signup.adminName')} rules={[{ required: true }]}>
            <Input data-testid="signup-admin-name" />
          </Form.Item>
          <Form.Item
            name={['admin', 'email']}
            label={t('signup.adminEmail')}
            rules={[{ required: true, type: 'email' }]}
          >
            <Input autoComplete="username" data-testid="signup-admin-email" />
          </Form.Item>
          <Form.Item
            name={['admin', 'password']}
            label={t('signup.adminPassword')}
            rules={[{ required: true, min: 10 }]}
          >
            <Input.Password autoComplete="new-password" data-testid="signup-admin-password" />
          </Form.Item>
          {error && (
            <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="signup-error" />
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="signup-submit">
            {t('signup.submit')}
          </Button>
        </Form>
        <div style={{ marginTop: 16 }}>
          <Link to="/login">{t('auth.toLogin')}</Link>
        </div>
      </Card>
    </div>
  );
}
