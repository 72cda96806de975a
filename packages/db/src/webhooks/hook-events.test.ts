import type { CaseEvent, CaseState, ProcessEvent } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { caseHookEvents, recordHookEvents } from './hook-events';

const at = '2026-12-01T02:00:00.000Z';
const actor = { userId: 'u1', roles: ['dispatcher' as const] };

describe('webhook events of the write path', () => {
  it('names a case event case.<type>, the first breach case.overdue and later ones case.escalated, with no personal data', () => {
    const state = {
      id: 's001-abc',
      number: 'TD-2026-000001',
      step: 'dispatched',
      categoryCode: 'garbage',
      departmentId: 'd1',
      description: '李秀英家门口',
      escalations: 0,
    } as unknown as CaseState;
    const dispatched: CaseEvent = { type: 'dispatched', at, actor, from: 'registered', to: 'dispatched' };
    const [event] = caseHookEvents(state, [dispatched]);
    expect(event).toEqual({
      type: 'case.dispatched',
      at,
      data: {
        caseId: 's001-abc',
        number: 'TD-2026-000001',
        step: 'dispatched',
        categoryCode: 'garbage',
        departmentId: 'd1',
        from: 'registered',
        to: 'dispatched',
      },
    });
    const breach: CaseEvent = { type: 'escalated', at, actor, from: 'dispatched', to: 'dispatched' };
    expect(caseHookEvents({ ...state, escalations: 1 }, [breach])[0]?.type).toBe('case.overdue');
    expect(caseHookEvents({ ...state, escalations: 2 }, [breach])[0]?.type).toBe('case.escalated');
  });

  it('names a process record’s events <kind>.<step> on entering a step, overdue / escalated on a breach', () => {
    const record = { id: 'r1', step: 'accepted', escalations: 0, number: 'TD-JF-2026-000001', data: { parties: [] } };
    const create: ProcessEvent = { type: 'create', at, actor: 'u1', to: 'received' };
    const accept: ProcessEvent = { type: 'accept', at, actor: 'u1', from: 'received', to: 'accepted' };
    const note: ProcessEvent = { type: 'note', at, actor: 'u1', from: 'accepted', to: 'accepted' };
    const types = recordHookEvents('dispute', record, [create, accept, note]).map((e) => e.type);
    expect(types).toEqual(['dispute.received', 'dispute.accepted']);
    const escalate: ProcessEvent = { type: 'escalate', at, actor: 'system', from: 'accepted', to: 'accepted' };
    expect(recordHookEvents('dispute', { ...record, escalations: 1 }, [escalate])[0]?.type).toBe('dispute.overdue');
    expect(recordHookEvents('dispute', { ...record, escalations: 3 }, [escalate])[0]).toMatchObject({
      type: 'dispute.escalated',
      data: { id: 'r1', kind: 'dispute', step: 'accepted', number: 'TD-JF-2026-000001' },
    });
    expect(JSON.stringify(recordHookEvents('dispute', record, [accept]))).not.toContain('parties');
  });
});
