import { Alert, App, Button, Card, Drawer, Form, Grid, Input, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { get, post } from '../api';
import { applyApiErrors } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import { Deadline } from '../process/Deadline';
import type { CaseloadVisit } from './types';

/** 我的走访: the worker's due and overdue visits (deadline first) and the visit record form. */
export default function CaseloadPage() {
  const t = useT();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [visiting, setVisiting] = useState<CaseloadVisit | undefined>();
  const [error, setError] = useState('');
  const [form] = Form.useForm();
  const load = useLoad(
    () => get<{ due: number; overdue: number; items: CaseloadVisit[] }>('/api/special-caseload', { limit: 100 }),
    [],
  );

  async function record(values: { place: string; findings: string }) {
    if (!visiting) return;
    setError('');
    try {
      await post(`/api/special-populations/${visiting.profileId}/visits`, {
        at: new Date().toISOString(),
        place: values.place,
        findings: values.findings,
      });
      message.success(t('special.visitSaved'));
      form.resetFields();
      setVisiting(undefined);
      load.reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  return (
    <Card title={t('special.caseload')}>
      <Space size="large" style={{ marginBottom: 16 }}>
        <Statistic title={t('special.due')} value={load.data?.due ?? 0} />
        <Statistic
          title={t('special.overdue')}
          value={load.data?.overdue ?? 0}
          valueStyle={load.data?.overdue ? { color: '#cf1322' } : undefined}
        />
      </Space>
      <Table<CaseloadVisit>
        rowKey="id"
        size="small"
        loading={load.loading}
        dataSource={load.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('special.person'), dataIndex: 'personName', key: 'person' },
          {
            title: t('special.group'),
            key: 'group',
            render: (_, v) => <Tag>{t(`special.group.${v.group}` as never)}</Tag>,
          },
          { title: t('special.grade'), dataIndex: 'riskGrade', key: 'grade' },
          {
            title: t('special.every'),
            key: 'every',
            render: (_, v) => t('special.everyDays', { days: v.everyDays }),
          },
          {
            title: t('proc.deadline'),
            key: 'deadline',
            render: (_, v) => <Deadline deadline={v.deadline} label={v.clockLabel} />,
          },
          {
            title: '',
            key: 'act',
            render: (_, v) => (
              <Button size="small" type="primary" onClick={() => setVisiting(v)} data-testid={`visit-${v.id}`}>
                {t('special.recordVisit')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={visiting !== undefined}
        onClose={() => setVisiting(undefined)}
        title={`${t('special.recordVisit')} · ${visiting?.personName ?? ''}`}
        width={screens.md ? 480 : '100%'}
        destroyOnHidden
      >
        {error ? <Alert type="error" message={error} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" onFinish={record}>
          <Form.Item name="place" label={t('special.place')} rules={[{ required: true, message: t('proc.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="findings"
            label={t('special.findings')}
            rules={[{ required: true, message: t('proc.required') }]}
          >
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('proc.submit')}
          </Button>
        </Form>
      </Drawer>
    </Card>
  );
}
