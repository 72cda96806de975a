import { describe, expect, it } from 'vitest';
import { StaleTaskTokenError } from './errors';
import {
  CONTINUE_AFTER_SECONDS,
  createWorkflowHandlers,
  DEFAULT_ESCALATION_POLICY,
  MAX_TIMEOUT_SECONDS,
  MISSING_STEP,
  waitSeconds,
} from './handlers';
import type { WorkflowEngine } from './ports';
import { FixedClock, InMemoryCaseStore, RecordingNotifier } from './testing/in-memory-ports';

const TENANT = 'd0101/s003/';
const NOW = new Date('2025-03-03T02:00:00.000Z');
const inSeconds = (s: number) => new Date(NOW.getTime() + s * 1000).toISOString();

function setup(completeTask: WorkflowEngine['completeTask'] = async () => {}) {
  const store = new InMemoryCaseStore();
  const notifier = new RecordingNotifier();
  const clock = new FixedClock(NOW);
  const completed: { token: string; output: unknown }[] = [];
  const started: Array<{ tenantPath: string; caseId: string }> = [];
  const engine: WorkflowEngine = {
    startCase: async (input) => {
      started.push(input);
      return { executionArn: 'arn' };
    },
    completeTask: async (token, output) => {
      completed.push({ token, output });
      await completeTask(token, output);
    },
  };
  const handlers = createWorkflowHandlers({ store, notifier, clock, engine });
  return { store, notifier, clock, handlers, completed, engine: { started } };
}

describe('prepare', () => {
  it('returns the step, the seconds until the deadline and the escalations', async () => {
    const { store, handlers } = setup();
    store.put(TENANT, 'c1', { step: 'dispatched', deadline: inSeconds(90.2), escalations: 0 });
    expect(await handlers.prepare({ tenantPath: TENANT, caseId: 'c1' })).toEqual({
      tenantPath: TENANT,
      caseId: 'c1',
      kind: 'incident',
      route: 'await',
      step: 'dispatched',
      timeoutSeconds: 91,
      escalations: 0,
      continueAsNew: false,
    });
  });

  it('cuts waits to what is left of the execution year and asks for a new execution near its end', async () => {
    const { store, handlers } = setup();
    store.put(TENANT, 'c9', { step: 'dispatched', escalations: 30 }); // escalated out: would wait a whole year
    const startedAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
    const fresh = await handlers.prepare({ tenantPath: TENANT, caseId: 'c9', executionStartTime: startedAgo(0) });
    expect(fresh.timeoutSeconds).toBeLessThanOrEqual(CONTINUE_AFTER_SECONDS);
    expect(fresh.continueAsNew).toBe(false);
    const late = await handlers.prepare({ tenantPath: TENANT, caseId: 'c9', executionStartTime: startedAgo(331) });
    expect(late.continueAsNew).toBe(true);
  });

  it('starts the next execution for continue-as-new and marks the case on a workflow error', async () => {
    const { handlers, engine } = setup();
    await handlers.maintain({ action: 'continue', tenantPath: TENANT, caseId: 'c1' });
    expect(engine.started).toContainEqual(expect.objectContaining({ tenantPath: TENANT, caseId: 'c1' }));
  });

  it('uses the view its creator passed instead of reading the case, and reads when it is malformed', async () => {
    const { store, handlers } = setup();
    const known = { step: 'reported', deadline: inSeconds(30), escalations: 0, parked: false };
    // nothing stored: an answer other than `missing` can only come from `known`
    expect(await handlers.prepare({ tenantPath: TENANT, caseId: 'fresh', known })).toMatchObject({
      step: 'reported',
      timeoutSeconds: 30,
    });
    store.put(TENANT, 'c2', { step: 'registered', escalations: 0 });
    const bad = { step: 7, escalations: 0 } as never;
    expect(await handlers.prepare({ tenantPath: TENANT, caseId: 'c2', known: bad })).toMatchObject({
      step: 'registered',
    });
  });

  it('ends the execution for a case that no longer exists', async () => {
    const { handlers } = setup();
    expect(await handlers.prepare({ tenantPath: TENANT, caseId: 'gone' })).toMatchObject({
      step: MISSING_STEP,
      timeoutSeconds: 1,
    });
  });

  it('rejects input without a tenant path', async () => {
    const { handlers } = setup();
    await expect(handlers.prepare({ caseId: 'c1' } as never)).rejects.toThrow(/tenantPath/);
  });
});

describe('waitSeconds', () => {
  const policy = DEFAULT_ESCALATION_POLICY;
  it('re-checks daily when no clock runs (no deadline, parked)', () => {
    expect(waitSeconds({ step: 'reported', escalations: 0 }, NOW, policy)).toBe(86_400);
    expect(waitSeconds({ step: 'reported', escalations: 0, deadline: inSeconds(5), parked: true }, NOW, policy)).toBe(
      86_400,
    );
    expect(waitSeconds({ step: 'reported', escalations: 0, deadline: 'not a date' }, NOW, policy)).toBe(86_400);
  });

  it('escalates at once when first overdue, then re-checks at the slow pace', () => {
    expect(waitSeconds({ step: 'handled', escalations: 0, deadline: inSeconds(-10) }, NOW, policy)).toBe(1);
    expect(waitSeconds({ step: 'handled', escalations: 0, deadline: inSeconds(0) }, NOW, policy)).toBe(1);
    expect(waitSeconds({ step: 'handled', escalations: 1, deadline: inSeconds(-10) }, NOW, policy)).toBe(86_400);
    expect(waitSeconds({ step: 'handled', escalations: 2, deadline: inSeconds(-10) }, NOW, policy)).toBe(86_400);
  });

  it('follows an extended deadline even after escalations', () => {
    expect(waitSeconds({ step: 'handled', escalations: 3, deadline: inSeconds(600) }, NOW, policy)).toBe(600);
  });

  it('stops re-checking after the maximum escalations and never exceeds the one-year task limit', () => {
    expect(waitSeconds({ step: 'handled', escalations: 30, deadline: inSeconds(-10) }, NOW, policy)).toBe(
      MAX_TIMEOUT_SECONDS,
    );
    expect(
      waitSeconds({ step: 'handled', escalations: 2, deadline: inSeconds(-1) }, NOW, { ...policy, maxEscalations: 2 }),
    ).toBe(MAX_TIMEOUT_SECONDS);
    expect(waitSeconds({ step: 'handled', escalations: 0, deadline: inSeconds(10 ** 9) }, NOW, policy)).toBe(
      MAX_TIMEOUT_SECONDS,
    );
  });
});

describe('awaitAction', () => {
  it('stores the token on the case', async () => {
    const { store, handlers, completed } = setup();
    store.put(TENANT, 'c1', { step: 'registered', escalations: 0 });
    expect(
      await handlers.awaitAction({ taskToken: 't1', tenantPath: TENANT, caseId: 'c1', step: 'registered' }),
    ).toEqual({ stored: true });
    expect(store.get(TENANT, 'c1')?.token).toBe('t1');
    expect(completed).toEqual([]);
  });

  it('resumes the execution itself when the case already moved on', async () => {
    const { store, handlers, completed } = setup();
    store.put(TENANT, 'c1', { step: 'dispatched', escalations: 0 });
    expect(
      await handlers.awaitAction({ taskToken: 't1', tenantPath: TENANT, caseId: 'c1', step: 'registered' }),
    ).toEqual({ stored: false });
    expect(completed).toEqual([{ token: 't1', output: { step: 'moved' } }]);
  });

  it('ignores a token that went stale meanwhile, but not other engine failures', async () => {
    const stale = setup(async () => {
      throw new StaleTaskTokenError();
    });
    await expect(
      stale.handlers.awaitAction({ taskToken: 't1', tenantPath: TENANT, caseId: 'gone', step: 'reported' }),
    ).resolves.toEqual({ stored: false });
    const broken = setup(async () => {
      throw new Error('network down');
    });
    await expect(
      broken.handlers.awaitAction({ taskToken: 't1', tenantPath: TENANT, caseId: 'gone', step: 'reported' }),
    ).rejects.toThrow('network down');
  });
});

describe('escalate', () => {
  const input = { tenantPath: TENANT, caseId: 'c1', step: 'dispatched', escalations: 0 };

  it('alerts the supervisor on the first breach and the parent tenant on later ones', async () => {
    const { store, notifier, handlers } = setup();
    store.put(TENANT, 'c1', { step: 'dispatched', deadline: inSeconds(-1), escalations: 0 });
    expect(await handlers.escalate(input)).toEqual(input);
    await handlers.escalate({ ...input, escalations: 1 });
    expect(store.escalations).toEqual([
      { caseId: 'c1', step: 'dispatched', at: NOW },
      { caseId: 'c1', step: 'dispatched', at: NOW },
    ]);
    expect(notifier.sent.map((n) => n.kind)).toEqual(['case.overdue.supervisor', 'case.overdue.parent']);
    expect(notifier.sent[0]).toMatchObject({ tenantPath: TENANT, caseId: 'c1' });
    expect(notifier.sent[0]?.text).toContain('「dispatched」环节时限');
    expect(notifier.sent[1]?.text).toContain('第 2 次');
  });

  it('does nothing when the case moved on, is not overdue, is parked, is gone, or hit the maximum', async () => {
    const { store, notifier, handlers } = setup();
    store.put(TENANT, 'moved', { step: 'handled', deadline: inSeconds(-1), escalations: 0 });
    store.put(TENANT, 'early', { step: 'dispatched', deadline: inSeconds(60), escalations: 0 });
    store.put(TENANT, 'parked', { step: 'dispatched', deadline: inSeconds(-1), escalations: 0, parked: true });
    store.put(TENANT, 'max', { step: 'dispatched', deadline: inSeconds(-1), escalations: 30 });
    for (const caseId of ['moved', 'early', 'parked', 'gone', 'max']) {
      await handlers.escalate({ ...input, caseId });
    }
    expect(store.escalations).toEqual([]);
    expect(notifier.sent).toEqual([]);
  });
});
