import { Alert, App, Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { get, put } from '../api';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';

/** The rates the composite score weighs, in the order the standards list them (packages/domain/src/kpi.ts). */
const METRICS = [
  'closeRate',
  'onTimeCloseRate',
  'handleOnTimeRate',
  'reworkRate',
  'extensionRate',
  'dispatchAccuracy',
  'satisfactionRate',
  'followUpRate',
] as const;
type Weights = Record<(typeof METRICS)[number], number>;

/** 考核权重: the tenant's weights of the composite score (综合指标值) that rankings and the bulletin use. */
export default function KpiWeightsPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Weights>();
  const [error, setError] = useState<unknown>();
  const { data, error: loadError } = useLoad(() => get<{ weights: Weights }>('/api/stats/weights'), []);
  useEffect(() => {
    if (data) form.setFieldsValue(data.weights);
  }, [data, form]);

  async function save(values: Weights) {
    setError(undefined);
    try {
      await put('/api/stats/weights', values);
      message.success(t('kpi.weights.saved'));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Card title={t('kpi.weights')}>
      <Typography.Paragraph type="secondary">{t('kpi.weights.help')}</Typography.Paragraph>
      {loadError || error ? (
        <Alert
          type="error"
          title={errorText(loadError ?? error, t)}
          style={{ marginBottom: 16 }}
          data-testid="weights-error"
        />
      ) : null}
      <Form<Weights> form={form} layout="horizontal" labelCol={{ span: 8 }} style={{ maxWidth: 520 }} onFinish={save}>
        {METRICS.map((m) => (
          <Form.Item key={m} name={m} label={t(`kpi.weight.${m}`)} rules={[{ type: 'number', min: 0, max: 100 }]}>
            <InputNumber min={0} max={100} data-testid={`weight-${m}`} />
          </Form.Item>
        ))}
        <Space>
          <Button type="primary" htmlType="submit" data-testid="weights-save">
            {t('common.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
