import { Alert, Button, Card, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { asList } from '../../shared/api-error';
import { get, post } from '../api';
import { useSession } from '../auth';
import { applyApiErrors } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';

interface SignupForm {
  tenant: { name: string; slug: string; level: 'street' | 'district'; parentSlug?: string };
  admin: { name: string; email: string; password: string };
}

/** A street/town or district office signs up: `POST /api/signup`, then logs its admin in. */
export default function SignupPage() {
  const t = useT();
  const [form] = Form.useForm<SignupForm>();
  const { login } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const level = Form.useWatch(['tenant', 'level'], form);
  // the first page of active districts (the API pages them; a platform with more offers the search box's filter)
  const districts = useLoad(
    () => get('/api/signup/districts', { limit: 100 }).then(asList<{ slug: string; name: string }>),
    [],
  );

  async function onFinish(v: SignupForm) {
    setBusy(true);
    setError('');
    try {
      const tenant = { ...v.tenant, parentSlug: v.tenant.parentSlug?.trim() || undefined };
      await post('/api/signup', { tenant, admin: v.admin });
      await login(v.admin.email, v.admin.password);
      // the new office's admin follows the checklist from here (it also says when approval is pending)
      navigate('/onboarding', { replace: true });
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    } finally {
      setBusy(false);
    }
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
            <Form.Item name={['tenant', 'parentSlug']} label={t('signup.parent')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('signup.parentPlaceholder')}
                loading={districts.loading}
                notFoundContent={t('signup.noDistricts')}
                options={(districts.data ?? []).map((d) => ({ value: d.slug, label: d.name }))}
                data-testid="signup-parent"
              />
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
