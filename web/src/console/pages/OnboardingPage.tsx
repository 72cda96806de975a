import { Alert, App, Button, Card, Progress, Space, Steps, Typography } from 'antd';
import { Link } from 'react-router';
import { get } from '../api';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';

export type StepKey = 'departments' | 'categories' | 'grids' | 'users' | 'share';

export interface Onboarding {
  tenant: { id: string; slug: string; name: string; status: 'active' | 'pending' | 'suspended' };
  steps: { key: StepKey; done: boolean }[];
  done: number;
  total: number;
  complete: boolean;
}

/** Where each step is done in the console. */
const PAGES: Record<StepKey, string> = {
  departments: '/config/departments',
  categories: '/config/categories',
  grids: '/config/grids',
  users: '/config/users',
  share: '/onboarding/poster',
};

/** The citizen form's address of an office. */
export const citizenLink = (slug: string) => `${window.location.origin}/r/${slug}`;

/** The new office's checklist: departments → categories → grids → users → share, done or not from its real data. */
export default function OnboardingPage() {
  const t = useT();
  const { message } = App.useApp();
  const { data, error } = useLoad(() => get<Onboarding>('/api/onboarding'), []);
  if (error) return <Alert type="error" title={errorText(error, t)} />;
  if (!data) return <Card loading />;
  const current = data.steps.findIndex((s) => !s.done);
  const link = citizenLink(data.tenant.slug);

  return (
    <Card title={t('onboarding.title')} data-testid="onboarding" data-done={data.done}>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Progress
          percent={Math.round((data.done / data.total) * 100)}
          format={() => t('onboarding.progress', { done: data.done, total: data.total })}
          data-testid="onboarding-progress"
        />
        {data.tenant.status === 'pending' && (
          <Alert type="warning" showIcon title={t('onboarding.pending')} data-testid="onboarding-pending" />
        )}
        {data.complete && (
          <Alert type="success" showIcon title={t('onboarding.complete')} data-testid="onboarding-complete" />
        )}
        <Steps
          direction="vertical"
          current={current < 0 ? data.steps.length : current}
          items={data.steps.map((s) => ({
            status: s.done ? 'finish' : s.key === data.steps[current]?.key ? 'process' : 'wait',
            title: (
              <span data-testid={`onboarding-step-${s.key}`} data-done={s.done ? 'yes' : 'no'}>
                {t(`onboarding.step.${s.key}`)}
              </span>
            ),
            description: (
              <Space direction="vertical">
                <Typography.Text type="secondary">{t(`onboarding.step.${s.key}.hint`)}</Typography.Text>
                {s.key === 'share' && (
                  <Space wrap>
                    <Typography.Text strong>{t('share.link')}</Typography.Text>
                    <Typography.Link href={link} target="_blank" data-testid="onboarding-citizen-link">
                      {link}
                    </Typography.Link>
                    <Button
                      size="small"
                      onClick={() =>
                        navigator.clipboard?.writeText(link).then(() => message.success(t('share.copied')))
                      }
                    >
                      {t('share.copy')}
                    </Button>
                  </Space>
                )}
                <Link to={PAGES[s.key]} data-testid={`onboarding-go-${s.key}`}>
                  {s.key === 'share' ? t('share.poster') : s.done ? t('onboarding.done') : t('onboarding.todo')}
                </Link>
              </Space>
            ),
          }))}
        />
      </Space>
    </Card>
  );
}
