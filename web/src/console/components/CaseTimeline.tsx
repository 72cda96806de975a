import { Timeline, Typography } from 'antd';
import { stepKey } from '../../shared/steps';
import { type ConsoleT, useT } from '../i18n';
import { ACTIONS } from '../permissions';
import type { CaseEvent } from '../types';
import { formatTime } from './DeadlineTag';

function eventLabel(e: CaseEvent, t: ConsoleT): string {
  if ((ACTIONS as readonly string[]).includes(e.type)) return t(`action.${e.type as (typeof ACTIONS)[number]}`);
  if (e.type === 'created' || e.type === 'reported') return t('event.created');
  return e.type;
}

/** The audit trail: who did what, when, from which step to which. */
export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const t = useT();
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Timeline
      data-testid="case-timeline"
      items={sorted.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: e.type === 'reject' || e.type === 'rework' || e.type === 'return' ? 'red' : 'blue',
        content: (
          <div data-testid={`case-event-${i}`} data-type={e.type}>
            <Typography.Text strong>{eventLabel(e, t)}</Typography.Text>
            {e.from && e.to && (
              <Typography.Text type="secondary">
                {' '}
                {t(stepKey(e.from))} → {t(stepKey(e.to))}
              </Typography.Text>
            )}
            <div>
              <Typography.Text type="secondary">
                {formatTime(e.at)}
                {e.actor ? ` · ${e.actor}` : ''}
              </Typography.Text>
            </div>
            {(e.note || e.reason) && <div>{e.note ?? e.reason}</div>}
          </div>
        ),
      }))}
    />
  );
}
