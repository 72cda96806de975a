import { Button, List, Progress, Typography } from 'antd';
import { useRef, useState } from 'react';
import { EVIDENCE_TYPES, MAX_UPLOAD_BYTES, type PresignedUpload, putWithProgress } from '../../shared/upload';
import { post } from '../api';
import { useT } from '../i18n';
import { errorText } from './errors';

interface Item {
  name: string;
  progress: number;
  key?: string;
  error?: string;
}

/** Evidence for a case: presign with `POST /api/cases/{id}/evidence`, PUT with progress, report the keys upward. */
export function EvidenceUpload({
  caseId,
  onKeys,
  onBusy,
}: {
  caseId: string;
  onKeys: (keys: string[]) => void;
  /** True while any file is still uploading (the action must wait for it). */
  onBusy?: (busy: boolean) => void;
}) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Item[]>([]);

  const update = (name: string, change: Partial<Item>) =>
    setItems((prev) => {
      const next = prev.map((i) => (i.name === name ? { ...i, ...change } : i));
      onKeys(next.flatMap((i) => (i.key ? [i.key] : [])));
      onBusy?.(next.some((i) => !i.key && !i.error));
      return next;
    });

  async function upload(file: File) {
    setItems((prev) => [...prev, { name: file.name, progress: 0 }]);
    onBusy?.(true);
    if (!(EVIDENCE_TYPES as readonly string[]).includes(file.type))
      return update(file.name, { error: t('report.photoType') });
    if (file.size > MAX_UPLOAD_BYTES) return update(file.name, { error: t('report.photoSize') });
    try {
      const presigned = await post<PresignedUpload>(`/api/cases/${encodeURIComponent(caseId)}/evidence`, {
        fileName: file.name,
        contentType: file.type,
        size: file.size,
      });
      await putWithProgress(presigned, file, (progress) => update(file.name, { progress }));
      update(file.name, { key: presigned.key, progress: 100 });
    } catch (e) {
      update(file.name, { error: e instanceof Error && !('status' in e) ? e.message : errorText(e, t) });
    }
  }

  return (
    <div>
      <input
        ref={input}
        type="file"
        multiple
        accept={EVIDENCE_TYPES.join(',')}
        style={{ display: 'none' }}
        data-testid="action-evidence-input"
        onChange={(e) => {
          for (const f of Array.from(e.target.files ?? [])) void upload(f);
          e.target.value = '';
        }}
      />
      <Button onClick={() => input.current?.click()} data-testid="action-evidence-add">
        {t('report.photoAdd')}
      </Button>
      <List
        size="small"
        dataSource={items}
        renderItem={(i, n) => (
          <List.Item
            data-testid={`action-evidence-${n}`}
            data-status={i.error ? 'error' : i.key ? 'done' : 'uploading'}
          >
            <Typography.Text ellipsis style={{ maxWidth: 180 }}>
              {i.name}
            </Typography.Text>
            {i.error ? (
              <Typography.Text type="danger">{i.error}</Typography.Text>
            ) : (
              <Progress
                percent={i.progress}
                size="small"
                style={{ width: 120 }}
                status={i.key ? 'success' : 'active'}
              />
            )}
          </List.Item>
        )}
      />
    </div>
  );
}
