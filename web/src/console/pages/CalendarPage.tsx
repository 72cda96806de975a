import { Alert, App, Button, Card, Col, Form, Input, Row, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { get, put } from '../api';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';

/**
 * The working calendar as this page assumes it (`GET|PUT /api/calendar`); fields it does not know are kept and
 * editable in the raw JSON box, so the page survives a richer server shape.
 */
interface Calendar {
  holidays?: string[];
  workdays?: string[];
  workingHours?: { start: string; end: string };
  [more: string]: unknown;
}

interface CalendarForm {
  holidays: string;
  workdays: string;
  start: string;
  end: string;
  raw: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const lines = (s: string) =>
  s
    .split(/\s+/)
    .map((x) => x.trim())
    .filter(Boolean);

function toForm(c: Calendar): CalendarForm {
  return {
    holidays: (c.holidays ?? []).join('\n'),
    workdays: (c.workdays ?? []).join('\n'),
    start: c.workingHours?.start ?? '09:00',
    end: c.workingHours?.end ?? '17:30',
    raw: JSON.stringify(c, null, 2),
  };
}

/** 工作日历: public holidays, make-up working days and working hours, which drive every deadline. */
export default function CalendarPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<CalendarForm>();
  const [error, setError] = useState('');
  const { data, error: loadError, loading, reload } = useLoad(() => get<Calendar>('/api/calendar'), []);

  useEffect(() => {
    if (data) form.setFieldsValue(toForm(data));
  }, [data, form]);

  async function onFinish(v: CalendarForm) {
    setError('');
    let base: Calendar;
    try {
      base = JSON.parse(v.raw || '{}') as Calendar;
    } catch {
      return setError(t('common.invalidJson'));
    }
    const body: Calendar = {
      ...base,
      holidays: lines(v.holidays),
      workdays: lines(v.workdays),
      workingHours: { ...(base.workingHours ?? {}), start: v.start, end: v.end },
    };
    try {
      await put('/api/calendar', body);
      message.success(t('common.saved'));
      reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  const dates = [
    {
      validator: async (_: unknown, v?: string) => {
        const bad = lines(v ?? '').find((d) => !DATE.test(d));
        if (bad) throw new Error(`YYYY-MM-DD: ${bad}`);
      },
    },
  ];

  if (loading && !data) return <Skeleton active />;
  return (
    <Card title={t('nav.calendar')}>
      {loadError ? <Alert type="warning" title={errorText(loadError, t)} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={toForm({})}>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item
              name="start"
              label={t('calendar.hoursStart')}
              rules={[{ required: true, pattern: /^\d{2}:\d{2}$/ }]}
            >
              <Input type="time" data-testid="calendar-start" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="end" label={t('calendar.hoursEnd')} rules={[{ required: true, pattern: /^\d{2}:\d{2}$/ }]}>
              <Input type="time" data-testid="calendar-end" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="holidays" label={t('calendar.holidays')} rules={dates}>
              <Input.TextArea rows={8} placeholder="2025-10-01" data-testid="calendar-holidays" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="workdays" label={t('calendar.workdays')} rules={dates}>
              <Input.TextArea rows={8} placeholder="2025-09-28" data-testid="calendar-workdays" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="raw" label={t('calendar.raw')}>
          <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} data-testid="calendar-raw" />
        </Form.Item>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="calendar-error" />}
        <Button type="primary" htmlType="submit" data-testid="calendar-submit">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
