import { describe, expect, it } from 'vitest';
import { createWorkflowHandlers } from './handlers';
import type { KindWorkflowStore, WorkflowEngine } from './ports';
import { FixedClock, InMemoryCaseStore, RecordingNotifier } from './testing/in-memory-ports';

const TENANT = 'd0101/s003/';
const NOW = new Date('2026-11-03T02:00:00.000Z');

/** The in-memory store, remembering which records the error handler marked. */
class MarkingStore extends InMemoryCaseStore {
  readonly marked: string[] = [];
  async recordWorkflowError(_path: string, id: string) {
    this.marked.push(id);
    return true;
  }
}

/** A kind's store: the in-memory case store with its own wording and terminal steps. */
class KindStore extends MarkingStore implements KindWorkflowStore {
  override async loadForWorkflow(tenantPath: string, id: string) {
    const view = await super.loadForWorkflow(tenantPath, id);
    return view && { ...view, terminal: view.step === 'closed' };
  }
  overdueText(id: string, step: string) {
    return `矛盾纠纷 ${id} 在「${step}」超期`;
  }
}

function setup() {
  const incidents = new MarkingStore();
  const disputes = new KindStore();
  const notifier = new RecordingNotifier();
  const started: unknown[] = [];
  const engine: WorkflowEngine = {
    startCase: async (input) => {
      started.push(input);
      return { executionArn: 'arn' };
    },
    completeTask: async () => {},
  };
  const handlers = createWorkflowHandlers({
    store: incidents,
    kinds: { dispute: disputes },
    notifier,
    clock: new FixedClock(NOW),
    engine,
  });
  return { incidents, disputes, notifier, handlers, started };
}

describe('the handlers dispatch on the record kind', () => {
  it('routes every kind — incidents too — to the one AwaitAction (or Done when terminal)', async () => {
    const { incidents, disputes, handlers } = setup();
    incidents.put(TENANT, 'c1', { step: 'dispatched', escalations: 0 });
    disputes.put(TENANT, 'd1', { step: 'mediating', escalations: 0 });
    disputes.put(TENANT, 'd2', { step: 'closed', escalations: 0 });
    expect(await handlers.prepare({ tenantPath: TENANT, caseId: 'c1' })).toMatchObject({
      kind: 'incident',
      route: 'await',
      step: 'dispatched',
    });
    expect(await handlers.prepare({ tenantPath: TENANT, caseId: 'd1', kind: 'dispute' })).toMatchObject({
      kind: 'dispute',
      route: 'await',
      step: 'mediating',
    });
    expect(await handlers.prepare({ tenantPath: TENANT, caseId: 'd2', kind: 'dispute' })).toMatchObject({
      route: 'done',
    });
    // a dispute id is looked up in the dispute store, never the incidents'
    expect(await handlers.prepare({ tenantPath: TENANT, caseId: 'c1', kind: 'dispute' })).toMatchObject({
      route: 'done',
    });
    await expect(handlers.prepare({ tenantPath: TENANT, caseId: 'x', kind: 'nope' })).rejects.toThrow(
      /no workflow store/,
    );
  });

  it('stores tokens, escalates in the kind’s words and continues as the same kind', async () => {
    const { disputes, notifier, handlers, started } = setup();
    disputes.put(TENANT, 'd1', {
      step: 'accepted',
      deadline: new Date(NOW.getTime() - 1000).toISOString(),
      escalations: 0,
    });
    expect(
      await handlers.awaitAction({
        taskToken: 't',
        tenantPath: TENANT,
        caseId: 'd1',
        kind: 'dispute',
        step: 'accepted',
      }),
    ).toEqual({ stored: true });
    expect(disputes.get(TENANT, 'd1')?.token).toBe('t');
    await handlers.escalate({ tenantPath: TENANT, caseId: 'd1', kind: 'dispute', step: 'accepted', escalations: 0 });
    expect(notifier.sent[0]).toMatchObject({
      kind: 'dispute.overdue.supervisor',
      text: '矛盾纠纷 d1 在「accepted」超期',
    });
    await handlers.maintain({ action: 'continue', tenantPath: TENANT, caseId: 'd1', kind: 'dispute' });
    expect(started).toContainEqual({ tenantPath: TENANT, caseId: 'd1', kind: 'dispute' });
  });

  it('marks the workflow error on the record of the state’s kind (an incident when the state has none)', async () => {
    const { incidents, disputes, handlers } = setup();
    incidents.put(TENANT, 'c1', { step: 'reported', escalations: 0 });
    disputes.put(TENANT, 'd1', { step: 'accepted', escalations: 0 });
    const error = { Error: 'ValidationException', Cause: 'x' };
    await handlers.maintain({ action: 'error', tenantPath: TENANT, caseId: 'd1', state: { kind: 'dispute' }, error });
    await handlers.maintain({ action: 'error', tenantPath: TENANT, caseId: 'c1', state: {}, error });
    expect(disputes.marked).toEqual(['d1']);
    expect(incidents.marked).toEqual(['c1']);
  });
});
