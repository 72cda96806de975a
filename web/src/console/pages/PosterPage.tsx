import { Alert, Button, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../auth';
import { useT } from '../i18n';
import { citizenLink } from './OnboardingPage';

/** A printable A4 poster: the office's name, the QR code of its citizen form and the link written out. */
export default function PosterPage() {
  const t = useT();
  const { tenant } = useSession();
  const [qr, setQr] = useState<string>();
  const [failed, setFailed] = useState(false);
  const link = tenant ? citizenLink(tenant.slug) : '';

  useEffect(() => {
    if (!link) return;
    // a data: URL drawn by the library (no network, no HTML sink); high error correction survives a crease
    QRCode.toDataURL(link, { errorCorrectionLevel: 'H', margin: 1, width: 480 }).then(setQr, () => setFailed(true));
  }, [link]);

  return (
    <div>
      <style>
        {
          '@media print { .civicgrid-noprint { display: none !important; } .ant-layout-sider, .ant-layout-header { display: none !important; } }'
        }
      </style>
      <Space className="civicgrid-noprint" style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => window.print()} data-testid="poster-print">
          {t('poster.print')}
        </Button>
        <Link to="/onboarding">{t('poster.back')}</Link>
      </Space>
      {failed && <Alert type="error" title={t('apiError.fallback')} />}
      <div
        data-testid="poster"
        style={{
          maxWidth: 560,
          margin: '0 auto',
          padding: 32,
          textAlign: 'center',
          background: '#fff',
          border: '1px solid #ddd',
        }}
      >
        <Typography.Title level={2} data-testid="poster-title">
          {t('poster.title', { name: tenant?.name ?? '' })}
        </Typography.Title>
        <Typography.Paragraph style={{ fontSize: 18 }}>{t('poster.scan')}</Typography.Paragraph>
        {qr && <img src={qr} alt={link} width={320} height={320} data-testid="poster-qr" />}
        <Typography.Paragraph style={{ fontSize: 16, marginTop: 16 }}>{t('poster.steps')}</Typography.Paragraph>
        <Typography.Text code data-testid="poster-link">
          {link}
        </Typography.Text>
      </div>
    </div>
  );
}
