import type { WorkingCalendar } from '@civicgrid/domain';
import { Tag } from 'antd';
import { get } from '../api';
import { useT } from '../i18n';
import type { CaseItem } from '../types';
import { countdownView } from './countdown-view';
import { useLoad } from './useLoad';

/** The tenant's working calendar for countdowns (undefined until loaded, or when the caller may not read it). */
export function useWorkingCalendar(): WorkingCalendar | undefined {
  const { data } = useLoad(() => get<WorkingCalendar>('/api/calendar').catch(() => undefined), []);
  return data ?? undefined;
}

/** The countdown tag of a case card. */
export function Countdown({
  item,
  calendar,
  now = Date.now(),
}: {
  item: CaseItem;
  calendar?: WorkingCalendar;
  now?: number;
}) {
  const t = useT();
  const view = countdownView(t, item, calendar, now);
  if (!view) return null;
  return (
    <Tag color={view.color} title={view.title} data-testid={`countdown-${item.id}`}>
      {view.text}
    </Tag>
  );
}
