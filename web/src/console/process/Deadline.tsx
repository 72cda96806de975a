import { Tag } from 'antd';
import { formatDateTime } from '../../shared/time';
import { useT } from '../i18n';

const DAY_MS = 86_400_000;

/** The running clock's end in China time, with the days left (red once passed). */
export function Deadline({ deadline, label }: { deadline?: string; label?: string }) {
  const t = useT();
  if (!deadline) return <span>—</span>;
  const ms = Date.parse(deadline) - Date.now();
  const when = formatDateTime(deadline);
  const days = Math.ceil(ms / DAY_MS);
  return (
    <span>
      {label ? `${label} ` : ''}
      {when}{' '}
      {ms < 0 ? (
        <Tag color="red">{t('proc.overdue')}</Tag>
      ) : (
        <Tag color={days <= 3 ? 'orange' : 'green'}>{t('proc.daysLeft', { days })}</Tag>
      )}
    </span>
  );
}
