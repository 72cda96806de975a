import { Timeline, Typography } from 'antd';
import { stepKey } from '../../shared/steps';
import { type ConsoleT, useT } from '../i18n';
import type { CaseEvent, Role } from '../types';
import { formatTime } from './DeadlineTag';

/** The audit event types of the domain (past tense), each with its label. */
export const EVENT_TYPES = [
  'reported',
  'registered',
  'rejected',
  'transferred',
  'dispatched',
  'returned',
  'handled',
  'extension_requested',
  'extension_granted',
  'extension_rejected',
  'parked',
  'unparked',
  'verified',
  'reworked',
  'closed',
  'evaluated',
  'escalated',
  'reviewed',
  'supervised',
  'supervision_answered',
  'followed_up',
  'assist_reported',
  'referred_up',
  'assigned_down',
] as const;
type EventType = (typeof EVENT_TYPES)[number];

const RED: readonly string[] = ['rejected', 'returned', 'reworked', 'escalated', 'extension_rejected'];
const ROLES: readonly Role[] = ['tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader', 'platform_admin'];

export function eventLabel(type: string, t: ConsoleT): string {
  return (EVENT_TYPES as readonly string[]).includes(type) ? t(`event.${type as EventType}`) : type;
}

/** Who acted: the citizen, the workflow (escalation) or a staff member shown by role. */
function actorLabel(e: CaseEvent, t: ConsoleT): string {
  const actor = e.actor;
  if (!actor) return '';
  if (actor.userId.startsWith('citizen:')) return t('event.citizen');
  const roles = actor.roles.filter((r) => ROLES.includes(r));
  if (!roles.length) return actor.userId.startsWith('system:') ? t('event.system') : '';
  const label = roles.map((r) => t(`role.${r}`)).join('、');
  return actor.name ? `${actor.name}（${label}）` : label;
}

/** The audit trail: who did what, when, from which step to which. */
export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const t = useT();
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Timeline
      data-testid="case-timeline"
      items={sorted.map((e, i) => {
        const who = actorLabel(e, t);
        const rating = e.type === 'evaluated' ? e.data?.rating : undefined;
        return {
          key: `${e.at}-${i}`,
          color: RED.includes(e.type) ? 'red' : e.type === 'closed' || e.type === 'evaluated' ? 'green' : 'blue',
          content: (
            <div data-testid={`case-event-${i}`} data-type={e.type}>
              <Typography.Text strong>{eventLabel(e.type, t)}</Typography.Text>
              {e.from && e.to && e.from !== e.to && (
                <Typography.Text type="secondary">
                  {' '}
                  {t(stepKey(e.from))} → {t(stepKey(e.to))}
                </Typography.Text>
              )}
              <div>
                <Typography.Text type="secondary">
                  {formatTime(e.at)}
                  {who ? ` · ${who}` : ''}
                </Typography.Text>
              </div>
              {rating !== undefined && <div>{'★'.repeat(Number(rating))}</div>}
              {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
              {e.evidence?.length ? (
                <Typography.Text type="secondary">{t('event.evidence', { n: e.evidence.length })}</Typography.Text>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}
