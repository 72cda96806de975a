import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { type MapSource, setDefaultMapSource } from '../../shared/map/source';
import { get, put } from '../api';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';

interface MapSettings {
  provider: 'none' | 'tianditu' | 'custom';
  tiandituKey?: string;
  urlTemplate?: string;
  subdomains?: string;
  coordinateSystem: 'wgs84' | 'cgcs2000' | 'gcj02';
  version: number;
  source: MapSource;
}

/** 地图设置: the office's base map — none (offline vector map), 天地图 with its key, or a WMTS/XYZ template. */
export default function MapSettingsPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<MapSettings>();
  const [error, setError] = useState<unknown>();
  const [version, setVersion] = useState(0);
  const { data, error: loadError } = useLoad(() => get<MapSettings>('/api/settings/map'), []);
  const provider = Form.useWatch('provider', form);
  useEffect(() => {
    if (!data) return;
    form.setFieldsValue(data);
    setVersion(data.version);
  }, [data, form]);

  async function save(values: MapSettings) {
    setError(undefined);
    try {
      const saved = await put<MapSettings>('/api/settings/map', { ...values, version });
      setVersion(saved.version);
      setDefaultMapSource(saved.source);
      message.success(t('mapSettings.saved'));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Card title={t('mapSettings.title')}>
      <Typography.Paragraph type="secondary">{t('mapSettings.help')}</Typography.Paragraph>
      {loadError || error ? (
        <Alert
          type="error"
          title={errorText(loadError ?? error, t)}
          style={{ marginBottom: 16 }}
          data-testid="map-settings-error"
        />
      ) : null}
      <Form<MapSettings>
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        onFinish={save}
        initialValues={{ provider: 'none', coordinateSystem: 'wgs84' }}
      >
        <Form.Item name="provider" label={t('mapSettings.provider')}>
          <Radio.Group data-testid="map-settings-provider">
            <Radio value="none" data-testid="map-provider-none">
              {t('mapSettings.provider.none')}
            </Radio>
            <Radio value="tianditu" data-testid="map-provider-tianditu">
              {t('mapSettings.provider.tianditu')}
            </Radio>
            <Radio value="custom" data-testid="map-provider-custom">
              {t('mapSettings.provider.custom')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {provider === 'tianditu' && (
          <Form.Item
            name="tiandituKey"
            label={t('mapSettings.key')}
            rules={[{ required: true, pattern: /^[0-9a-fA-F]{32}$/, message: t('mapSettings.keyRule') }]}
          >
            <Input data-testid="map-settings-key" autoComplete="off" />
          </Form.Item>
        )}
        {provider === 'custom' && (
          <>
            <Form.Item
              name="urlTemplate"
              label={t('mapSettings.url')}
              extra={t('mapSettings.urlHelp')}
              rules={[{ required: true, message: t('mapSettings.urlRule') }]}
            >
              <Input data-testid="map-settings-url" placeholder="https://tiles.example.gov.cn/{z}/{x}/{y}.png" />
            </Form.Item>
            <Form.Item name="subdomains" label={t('mapSettings.subdomains')}>
              <Input data-testid="map-settings-subdomains" placeholder="abc" />
            </Form.Item>
            <Form.Item name="coordinateSystem" label={t('mapSettings.crs')}>
              <Select
                data-testid="map-settings-crs"
                options={[
                  { value: 'wgs84', label: t('mapSettings.crs.wgs84') },
                  { value: 'cgcs2000', label: t('mapSettings.crs.cgcs2000') },
                  { value: 'gcj02', label: t('mapSettings.crs.gcj02') },
                ]}
              />
            </Form.Item>
          </>
        )}
        <Space>
          <Button type="primary" htmlType="submit" data-testid="map-settings-save">
            {t('common.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
