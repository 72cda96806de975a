import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../calendar/working-calendar';
import { incidentKind } from '../case/kind';
import { disputeKind } from '../disputes/dispute';
import type { AppError } from '../errors';
import { petitionKind } from '../petitions/petition';
import {
  applyProcessAction,
  createProcessRecord,
  escalateProcess,
  openStepsOf,
  overdueNotice,
  type ProcessContext,
  processActionsFor,
  processClockDeadline,
  processCounters,
} from './engine';
import { allKinds, processKinds } from './registry';

const ctx = (roles: string[], now = '2026-11-03T02:00:00.000Z', clockValues = {}): ProcessContext => ({
  now: new Date(now),
  actor: { userId: 'u1', roles },
  clockValues,
  calendar: defaultCalendar(),
});

const status = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).status;
  }
  return 200;
};

describe('the process engine', () => {
  it('counts natural days to the end of the last day in China time', () => {
    const cal = defaultCalendar();
    expect(processClockDeadline(new Date('2026-11-02T01:30:00Z'), 'naturalDays', 15, cal).toISOString()).toBe(
      '2026-11-17T16:00:00.000Z',
    );
    // 23:30 China time on 2 November is still 2 November
    expect(processClockDeadline(new Date('2026-11-02T15:30:00Z'), 'naturalDays', 1, cal).toISOString()).toBe(
      '2026-11-03T16:00:00.000Z',
    );
    expect(processClockDeadline(new Date('2026-11-02T01:00:00Z'), 'naturalHours', 2, cal).toISOString()).toBe(
      '2026-11-02T03:00:00.000Z',
    );
  });

  it('refuses a role without the permission (403), the wrong step (409) and a broken rule (422)', () => {
    const { next } = createProcessRecord(
      petitionKind,
      { channel: 'letter', subject: 's', petitioners: [{ name: '甲' }], receivedAt: '2026-11-02T09:30:00+08:00' },
      { id: 't-1', tenantId: 't' },
      ctx(['dispatcher']),
    );
    expect(next).toMatchObject({ step: 'received', deadline: '2026-11-17T16:00:00.000Z', version: 0 });
    expect(status(() => applyProcessAction(petitionKind, next, 'accept', {}, ctx(['grid_worker'])))).toBe(403);
    expect(status(() => applyProcessAction(petitionKind, next, 'reply', { text: 'x' }, ctx(['dispatcher'])))).toBe(409);
    const accepted = applyProcessAction(petitionKind, next, 'accept', {}, ctx(['dispatcher'])).next;
    const once = applyProcessAction(petitionKind, accepted, 'extend', { reason: 'r', days: 20 }, ctx(['leader'])).next;
    expect(
      status(() => applyProcessAction(petitionKind, once, 'extend', { reason: 'r', days: 11 }, ctx(['leader']))),
    ).toBe(422);
    expect(processActionsFor(petitionKind, once, ['dispatcher']).sort()).toEqual(['assign', 'reply']);
  });

  it('makes a record late once a clock passed, and counts it so when it finishes', () => {
    const input = {
      kind: 'family' as const,
      summary: 's',
      source: 'visit' as const,
      parties: [{ name: '甲', role: 'applicant' as const }],
    };
    const { next } = createProcessRecord(disputeKind, input, { id: 't-2', tenantId: 't' }, ctx(['dispatcher']));
    const late = escalateProcess(next, new Date('2026-11-10T00:00:00Z')).next;
    expect(late).toMatchObject({ overdue: true, escalations: 1 });
    const accepted = applyProcessAction(
      disputeKind,
      late,
      'accept',
      {},
      ctx(['dispatcher'], '2026-11-10T01:00:00Z'),
    ).next;
    expect(accepted.escalations).toBe(0); // a new step, a new wait
    const failed = applyProcessAction(
      disputeKind,
      accepted,
      'fail',
      { reason: 'r' },
      ctx(['grid_worker'], '2026-11-10T02:00:00Z'),
    ).next;
    const out = applyProcessAction(
      disputeKind,
      failed,
      'transfer',
      { to: 'arbitration', guidance: 'g' },
      ctx(['dispatcher'], '2026-11-10T03:00:00Z'),
    ).next;
    expect(out).toMatchObject({ step: 'transferred', finishedOnTime: false });
    expect(out.clock).toBeUndefined();
    const tenantRow = processCounters(disputeKind, out).find((r) => r.dimension === 'tenant');
    expect(tenantRow?.add).toMatchObject({
      opened: 1,
      finished: 1,
      finishedOnTime: 0,
      found: 1,
      failed: 1,
      mediated: 0,
    });
  });

  it('takes a tenant’s clock value over the statutory default', () => {
    const { next } = createProcessRecord(
      petitionKind,
      { channel: 'phone', subject: 's', petitioners: [{ name: '甲' }], receivedAt: '2026-11-02T09:30:00+08:00' },
      { id: 't-3', tenantId: 't' },
      ctx(['dispatcher'], '2026-11-03T02:00:00.000Z', { acceptance: 10 }),
    );
    expect(next.deadline).toBe('2026-11-12T16:00:00.000Z');
  });
});

describe('the incident loop as a kind', () => {
  it('ends at evaluated and rejected, waits at every other step, and words its breach notices', () => {
    expect(openStepsOf(incidentKind)).toEqual([
      'reported',
      'registered',
      'dispatched',
      'handled',
      'verified',
      'closed',
    ]);
    // the incident first, then the registry's kinds in order (disputes, petitions, 稳评, 预警, 12348, 法律援助 …)
    expect(allKinds().map((k) => k.kind)).toEqual(['incident', ...processKinds.map((k) => k.kind)]);
    expect(processKinds.map((k) => k.kind)).toEqual([
      'dispute',
      'petition',
      'assessment',
      'warning',
      'legalcall',
      'legalaid',
      'specialvisit',
      'fieldtask',
    ]);
    expect(overdueNotice(incidentKind, 'c1', 'dispatched', 1, 'supervisor')).toBe(
      '案件 c1 已超过「待处置」环节时限，请督办。',
    );
    expect(overdueNotice(disputeKind, 'd1', 'received', 2, 'parent')).toContain('第 2 次升级');
  });
});
