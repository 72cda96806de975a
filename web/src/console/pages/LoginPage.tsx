import { Alert, Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { setLang, useLang } from '../../i18n';
import { useSession } from '../auth';
import { errorText } from '../components/errors';
import { useT } from '../i18n';
import { homeFor } from '../menu';

/** Staff login: `POST /api/auth/login`, token kept in sessionStorage. */
export function LoginPage() {
  const t = useT();
  const lang = useLang();
  const { user, login, roles } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={from ?? homeFor(roles)} replace />;

  async function onFinish(v: { email: string; password: string }) {
    setBusy(true);
    setError('');
    try {
      await login(v.email.trim(), v.password);
      navigate(from ?? '/', { replace: true });
    } catch (e) {
      // by the API's code: wrong password, deactivated account, a lock-out with the time left, a suspended office
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f3f5f9', padding: 16 }}>
      <Card title={`${t('app.name')} · ${t('auth.loginTitle')}`} style={{ width: '100%', maxWidth: 400 }}>
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]}>
            <Input autoComplete="username" data-testid="login-email" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error && (
            <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="login-error" />
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('auth.login')}
          </Button>
        </Form>
        <Space style={{ marginTop: 16, justifyContent: 'space-between', width: '100%' }}>
          <Link to="/signup" data-testid="nav-signup">
            {t('auth.toSignup')}
          </Link>
          <Button
            type="link"
            size="small"
            data-testid="lang-switch"
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('lang.switch')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
