import { Button, Image, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { get } from '../api';
import { useT } from '../i18n';

const IMAGE = /\.(jpe?g|png|webp)$/i;

function fileName(key: string): string {
  const last = key.split('/').pop() ?? key;
  // Keys end in `<uuid>-<name>`; show the name.
  return last.replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i, '');
}

/** Photos and evidence of a case; each key is exchanged for a short-lived download URL (`GET …/evidence?key=`). */
export function EvidenceList({ caseId, keys }: { caseId: string; keys: string[] }) {
  const t = useT();
  const [urls, setUrls] = useState<Record<string, string>>({});

  useEffect(() => {
    let live = true;
    for (const key of keys) {
      get<{ url: string }>(`/api/cases/${encodeURIComponent(caseId)}/evidence`, { key })
        .then((r) => live && setUrls((u) => ({ ...u, [key]: r.url })))
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [caseId, keys]);

  if (!keys.length) return <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>;
  return (
    <List
      grid={{ gutter: 8, xs: 2, sm: 3, md: 4 }}
      dataSource={keys}
      renderItem={(key, i) => (
        <List.Item data-testid={`evidence-${i}`}>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            {IMAGE.test(key) && urls[key] ? (
              <Image src={urls[key]} alt={fileName(key)} style={{ objectFit: 'cover', aspectRatio: '1' }} />
            ) : (
              <Typography.Text ellipsis>{fileName(key)}</Typography.Text>
            )}
            <Button
              size="small"
              href={urls[key]}
              target="_blank"
              disabled={!urls[key]}
              data-testid={`evidence-download-${i}`}
            >
              {t('common.download')}
            </Button>
          </Space>
        </List.Item>
      )}
    />
  );
}
