import { Alert, Button, List, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { get } from '../api';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import { Deadline } from '../process/Deadline';
import type { ProcessRecordView } from '../process/types';

/**
 * The workbench's 预警 worklist of the centre and the leaders: open warnings by deadline, emergencies first (the API
 * orders them so), each with its natural-hour deadline.
 */
export function WarningWorklist() {
  const t = useT();
  const list = useLoad(
    () => get<{ items: ProcessRecordView[] }>('/api/early-warnings', { due: 'open', limit: '20' }),
    [],
  );
  return (
    <div data-testid="worklist-warnings">
      <Button size="small" onClick={list.reload} style={{ marginBottom: 12 }}>
        {t('common.refresh')}
      </Button>
      {list.error ? <Alert type="error" title={errorText(list.error, t)} /> : null}
      <List<ProcessRecordView>
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        renderItem={(r) => (
          <List.Item data-testid="warning-item" data-emergency={r.emergency === true ? 'true' : 'false'}>
            <Space wrap>
              {r.emergency === true ? <Tag color="red">{t('warning.emergency')}</Tag> : null}
              <Link to={`/early-warnings/${r.id}`}>{String(r.subject ?? r.id)}</Link>
              <span>{String(r.place ?? '')}</span>
              <Deadline deadline={r.deadline} label={r.clockLabel} />
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
