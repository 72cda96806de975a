import { Alert, Button, Progress, Space, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { putWithProgress } from '../../shared/upload';
import { get, getFile, post } from '../api';
import { errorText } from '../components/errors';
import { useT } from '../i18n';

/** An import's progress as `GET /api/imports/{id}` reports it. */
export interface ImportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failed: number;
  added: number;
  skipped: number;
  errors: { row: number; field: string; message: string }[];
}

const TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

/** Save a file the API generated. */
export async function download(path: string, query: Record<string, string>, fallbackName: string) {
  const { blob, fileName } = await getFile(path, query);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName ?? fallbackName;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Import a spreadsheet of any module's entity: template download, upload to the presigned URL, the background
 * import with a progress bar, and the rows it refused. Shared by every module with spreadsheets.
 */
export function ImportPanel({ entity, onDone }: { entity: string; onDone?: () => void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') {
      if (job?.status === 'done') onDone?.();
      return;
    }
    const timer = setTimeout(async () => {
      try {
        setJob(await get<ImportJob>(`/api/imports/${encodeURIComponent(job.id)}`));
      } catch (e) {
        setError(errorText(e, t));
      }
    }, 700);
    return () => clearTimeout(timer);
  }, [job, onDone, t]);

  async function start(file: File) {
    setError('');
    setJob(null);
    const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
    try {
      setUploading(0);
      const presigned = await post<{ fileKey: string; uploadUrl: string; headers?: Record<string, string> }>(
        '/api/imports/upload-url',
        { fileName: file.name, contentType: TYPES[format], size: file.size },
      );
      await putWithProgress(
        { key: presigned.fileKey, uploadUrl: presigned.uploadUrl, headers: presigned.headers },
        new Blob([file], { type: TYPES[format] }),
        setUploading,
      );
      setUploading(null);
      const started = await post<{ id: string; status: ImportJob['status'] }>('/api/imports', {
        entity,
        fileKey: presigned.fileKey,
      });
      setJob({
        id: started.id,
        status: started.status,
        total: 0,
        done: 0,
        failed: 0,
        added: 0,
        skipped: 0,
        errors: [],
      });
    } catch (e) {
      setUploading(null);
      setError(errorText(e, t));
    }
  }

  const percent = job && job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0;
  return (
    <div data-testid={`import-${entity}`}>
      <Space wrap>
        <Button onClick={() => download(`/api/import-templates/${entity}`, { format: 'xlsx' }, `${entity}.xlsx`)}>
          {t('import.template')}
        </Button>
        <Button type="primary" data-testid="import-choose" onClick={() => input.current?.click()}>
          {t('import.choose')}
        </Button>
        <input
          ref={input}
          type="file"
          data-testid="import-file"
          accept=".xlsx,.csv"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void start(file);
            e.target.value = '';
          }}
        />
      </Space>
      {uploading !== null && <Progress percent={uploading} size="small" status="active" />}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
      {job && (
        <div data-testid="import-progress" data-status={job.status} data-done={job.done} style={{ marginTop: 12 }}>
          <Typography.Text>{t(`import.status.${job.status}`)}</Typography.Text>
          <Progress
            percent={job.status === 'done' ? 100 : percent}
            status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
          />
          <Typography.Text data-testid="import-summary">
            {t('import.summary', {
              total: job.total,
              added: job.added,
              skipped: job.skipped,
              failed: job.failed,
            })}
          </Typography.Text>
          {job.errors.length > 0 && (
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.field}`}
              dataSource={job.errors}
              pagination={{ pageSize: 10 }}
              data-testid="import-errors"
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 80 },
                { title: t('import.field'), dataIndex: 'field', width: 140 },
                { title: t('import.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </div>
  );
}
