import { Alert } from 'antd';
import { Link, useLocation } from 'react-router';
import { get } from '../api';
import { useSession } from '../auth';
import { useT } from '../i18n';
import { hasRole } from '../permissions';
import type { WorkingCalendar } from '../types';
import { useLoad } from './useLoad';

/**
 * From 1 November, every page warns the tenant's admin and centre when next year's holidays are missing from the
 * working calendar (deadlines next year would be counted as if there were none); the calendar page shows its own.
 */
export function CalendarBanner() {
  const t = useT();
  const { roles, tenant } = useSession();
  const { pathname } = useLocation();
  const watching = tenant !== undefined && hasRole(roles, 'tenant_admin', 'dispatcher');
  const { data } = useLoad(
    () => (watching ? get<WorkingCalendar>('/api/calendar') : Promise.resolve(undefined)),
    [watching, tenant?.id],
  );
  if (!data?.nextYearMissing || pathname.startsWith('/config/calendar')) return null;
  return (
    <Alert
      type="warning"
      showIcon
      banner
      style={{ marginBottom: 16 }}
      data-testid="calendar-banner"
      title={t('calendar.nextYearMissing')}
      action={hasRole(roles, 'tenant_admin') ? <Link to="/config/calendar">{t('nav.calendar')}</Link> : undefined}
    />
  );
}
