import { Space, Tag, Typography } from 'antd';
import { TERMINAL_STEPS } from '../../shared/steps';
import { formatDateTime } from '../../shared/time';
import { useT } from '../i18n';
import type { CaseItem } from '../types';

const DAY = 24 * 3600 * 1000;

/** True when the case is past its deadline and still open. */
export function isOverdue(c: CaseItem, now = Date.now()): boolean {
  if (TERMINAL_STEPS.includes(c.step)) return false;
  if (c.overdue) return true;
  return !!c.deadline && new Date(c.deadline).getTime() < now;
}

export function formatTime(iso?: string): string {
  // China time whatever the browser's zone: deadlines and working hours are Beijing's
  return formatDateTime(iso);
}

/** The deadline with an overdue (red) or due-within-a-day (orange) tag. */
export function DeadlineTag({ item }: { item: CaseItem }) {
  const t = useT();
  if (!item.deadline) return null;
  const overdue = isOverdue(item);
  const soon = !overdue && !TERMINAL_STEPS.includes(item.step) && new Date(item.deadline).getTime() - Date.now() < DAY;
  return (
    <Space size={4} wrap>
      <Typography.Text type={overdue ? 'danger' : undefined}>{formatTime(item.deadline)}</Typography.Text>
      {overdue && (
        <Tag color="red" data-testid={`overdue-${item.id}`}>
          {t('case.overdue')}
        </Tag>
      )}
      {soon && <Tag color="orange">{t('case.dueSoon')}</Tag>}
    </Space>
  );
}
