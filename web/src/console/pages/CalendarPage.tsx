import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Row, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { get, put } from '../api';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import type { WorkingCalendar } from '../types';

/** The form's view of `GET|PUT /api/calendar` (the domain's WorkingCalendar): dates one per line. */
interface CalendarForm {
  weekendDays: number[];
  workingHours: { start: string; end: string }[];
  holidays: string;
  makeupWorkdays: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

const lines = (s: string) =>
  s
    .split(/[\s,，]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function toForm(c: WorkingCalendar): CalendarForm {
  return {
    weekendDays: c.weekendDays ?? [],
    workingHours: c.workingHours?.length ? c.workingHours : [{ start: '09:00', end: '17:30' }],
    holidays: (c.holidays ?? []).join('\n'),
    makeupWorkdays: (c.makeupWorkdays ?? []).join('\n'),
  };
}

function fromForm(v: CalendarForm): WorkingCalendar {
  return {
    timezone: 'Asia/Shanghai',
    weekendDays: [...v.weekendDays].sort((a, b) => a - b),
    holidays: [...new Set(lines(v.holidays))].sort(),
    makeupWorkdays: [...new Set(lines(v.makeupWorkdays))].sort(),
    workingHours: v.workingHours.map((p) => ({ start: p.start, end: p.end })),
  };
}

/** 工作日历: weekly days off, public holidays, make-up working days and working periods, which drive every deadline. */
export default function CalendarPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<CalendarForm>();
  const [error, setError] = useState('');
  const { data, error: loadError, loading, reload } = useLoad(() => get<WorkingCalendar>('/api/calendar'), []);

  useEffect(() => {
    if (data) form.setFieldsValue(toForm(data));
  }, [data, form]);

  async function onFinish(v: CalendarForm) {
    setError('');
    try {
      await put('/api/calendar', fromForm(v));
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
  const time = [{ required: true, pattern: HHMM, message: 'HH:mm' }];

  if (loading && !data) return <Skeleton active />;
  return (
    <Card title={t('nav.calendar')}>
      {loadError ? <Alert type="warning" title={errorText(loadError, t)} style={{ marginBottom: 16 }} /> : null}
      {data?.nextYearMissing ? (
        <Alert
          type="warning"
          showIcon
          title={t('calendar.nextYearMissing')}
          style={{ marginBottom: 16 }}
          data-testid="calendar-next-year-missing"
        />
      ) : null}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={toForm({} as WorkingCalendar)}>
        <Form.Item name="weekendDays" label={t('calendar.weekendDays')}>
          <Checkbox.Group
            data-testid="calendar-weekend"
            options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekday.${d}`) }))}
          />
        </Form.Item>
        <Typography.Text>{t('calendar.hours')}</Typography.Text>
        <Form.List name="workingHours">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8, marginBottom: 16 }}>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'start']} rules={time}>
                    <Input type="time" data-testid={`calendar-start-${i}`} />
                  </Form.Item>
                  <span>—</span>
                  <Form.Item name={[field.name, 'end']} rules={time}>
                    <Input type="time" data-testid={`calendar-end-${i}`} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button onClick={() => remove(field.name)} data-testid={`calendar-remove-${i}`}>
                      {t('calendar.removePeriod')}
                    </Button>
                  )}
                </Space>
              ))}
              {fields.length < 6 && (
                <Button onClick={() => add({ start: '13:30', end: '17:30' })} data-testid="calendar-add-period">
                  {t('calendar.addPeriod')}
                </Button>
              )}
            </div>
          )}
        </Form.List>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="holidays" label={t('calendar.holidays')} rules={dates}>
              <Input.TextArea rows={8} placeholder="2026-10-01" data-testid="calendar-holidays" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="makeupWorkdays" label={t('calendar.workdays')} rules={dates}>
              <Input.TextArea rows={8} placeholder="2026-09-20" data-testid="calendar-workdays" />
            </Form.Item>
          </Col>
        </Row>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="calendar-error" />}
        <Button type="primary" htmlType="submit" data-testid="calendar-submit">
          {t('common.save')}
        </Button>
      </Form>
      {data && (
        <details style={{ marginTop: 16 }}>
          <summary>{t('calendar.raw')}</summary>
          <pre data-testid="calendar-raw" style={{ fontSize: 12, maxHeight: 240, overflow: 'auto' }}>
            {JSON.stringify(data, null, 2)}
          </pre>
        </details>
      )}
    </Card>
  );
}
