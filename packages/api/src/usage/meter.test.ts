import type { UsageWrite } from '@civicgrid/db';
import { type TenantPath, tenantPath } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { UsageMeter } from './meter';

const A = tenantPath('s001/');
const B = tenantPath('s002/');

function fakeSink() {
  const writes: UsageWrite[] = [];
  let gate: Promise<void> | undefined;
  let failNext = 0;
  return {
    writes,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => {
        release = r;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
    failOnce(n = 1) {
      failNext = n;
    },
    async apply(write: UsageWrite) {
      if (gate) await gate;
      if (failNext > 0) {
        failNext--;
        throw new Error('throttled');
      }
      writes.push(write);
    },
  };
}

const slugs: Record<string, TenantPath> = { 'street-a': A };
const resolveSlug = async (slug: string) => slugs[slug];

describe('UsageMeter', () => {
  it('with flushEveryRequest writes each hit before the request ends, and each user once per day', async () => {
    const sink = fakeSink();
    const meter = new UsageMeter({ sink, resolveSlug, flushEveryRequest: true });
    for (let i = 0; i < 4; i++) {
      meter.record({ path: A }, '2026-05-01', 'api', { requests: 1 }, 'u1');
      await meter.flushIfDue(); // what the middleware awaits before the response returns
      expect(sink.writes).toHaveLength(i + 1); // nothing waits in memory for a timer a frozen instance never runs
    }
    expect(sink.writes.map((w) => w.add.requests)).toEqual([1, 1, 1, 1]);
    expect(sink.writes.map((w) => w.users)).toEqual([['u1'], [], [], []]);
    meter.record({ path: A }, '2026-05-02', 'api', { requests: 1 }, 'u1'); // a new day: the user again
    await meter.flushIfDue();
    expect(sink.writes.at(-1)?.users).toEqual(['u1']);
  });

  it('merges hits in memory and writes one update per tenant, day and group', async () => {
    const sink = fakeSink();
    const meter = new UsageMeter({ sink, resolveSlug });
    for (let i = 0; i < 50; i++) meter.record({ path: A }, '2026-05-01', 'api', { requests: 1 }, `u${i % 3}`);
    meter.record({ path: A }, '2026-05-01', 'public', { requests: 1 });
    meter.record({ slug: 'street-a' }, '2026-05-01', 'public', { requests: 1, reports: 1 }); // same tenant, by slug
    meter.record({ path: A }, '2026-05-02', 'api', { requests: 1 });
    meter.record({ path: B }, '2026-05-01', 'api', { requests: 2, storageBytes: 10 });
    meter.record({ slug: 'nobody' }, '2026-05-01', 'public', { requests: 9 }); // not a tenant: dropped
    expect(sink.writes).toHaveLength(0); // nothing written on the hot path

    const result = await meter.flush();
    expect(result).toEqual({ writes: 4, failed: 0, dropped: 0 });
    const byKey = Object.fromEntries(sink.writes.map((w) => [`${w.path}|${w.day}|${w.group}`, w]));
    expect(Object.keys(byKey).sort()).toEqual([
      's001/|2026-05-01|api',
      's001/|2026-05-01|public',
      's001/|2026-05-02|api',
      's002/|2026-05-01|api',
    ]);
    expect(byKey['s001/|2026-05-01|api']?.add).toEqual({ requests: 50 });
    expect(byKey['s001/|2026-05-01|api']?.users?.sort()).toEqual(['u0', 'u1', 'u2']);
    expect(byKey['s001/|2026-05-01|public']?.add).toEqual({ requests: 2, reports: 1 });
    expect(byKey['s002/|2026-05-01|api']?.add).toEqual({ requests: 2, storageBytes: 10 });

    // a second flush with nothing new writes nothing
    expect(await meter.flush()).toEqual({ writes: 0, failed: 0, dropped: 0 });
    expect(sink.writes).toHaveLength(4);
  });

  it('keeps hits that arrive during a flush for the next one', async () => {
    const sink = fakeSink();
    const meter = new UsageMeter({ sink, resolveSlug });
    meter.record({ path: A }, '2026-05-01', 'api', { requests: 1 });
    const release = sink.hold();
    const first = meter.flush();
    await new Promise((r) => setTimeout(r, 5));
    // the first batch is in flight; these go to the next batch
    for (let i = 0; i < 10; i++) meter.record({ path: A }, '2026-05-01', 'api', { requests: 1 });
    meter.record({ path: A }, '2026-05-01', 'api', { storageBytes: 7 });
    expect(meter.unflushed(A, 'storageBytes')).toBe(7);
    const second = meter.flush(); // serialised behind the first
    release();
    await Promise.all([first, second]);
    const total = sink.writes.reduce((s, w) => s + (w.add.requests ?? 0), 0);
    expect(total).toBe(11);
    expect(sink.writes).toHaveLength(2);
    expect(meter.unflushed(A, 'storageBytes')).toBe(0);
  });

  it('retries a failed write on the next flush without losing or doubling counts', async () => {
    const sink = fakeSink();
    const meter = new UsageMeter({ sink, resolveSlug });
    meter.record({ path: A }, '2026-05-01', 'api', { requests: 3 }, 'u1');
    sink.failOnce();
    expect(await meter.flush()).toEqual({ writes: 0, failed: 1, dropped: 0 });
    meter.record({ path: A }, '2026-05-01', 'api', { requests: 2 }, 'u2');
    expect(await meter.flush()).toEqual({ writes: 1, failed: 0, dropped: 0 });
    expect(sink.writes).toEqual([
      { path: A, day: '2026-05-01', group: 'api', add: { requests: 5 }, users: expect.arrayContaining(['u1', 'u2']) },
    ]);
  });

  it('bounds memory: hits on keys beyond maxKeys are dropped and reported', async () => {
    const sink = fakeSink();
    const meter = new UsageMeter({ sink, resolveSlug, maxKeys: 2 });
    meter.record({ path: A }, '2026-05-01', 'api', { requests: 1 });
    meter.record({ path: B }, '2026-05-01', 'api', { requests: 1 });
    meter.record({ slug: 'x1' }, '2026-05-01', 'public', { requests: 1 });
    meter.record({ path: A }, '2026-05-01', 'api', { requests: 1 }); // existing key: still counted
    expect(await meter.flush()).toEqual({ writes: 2, failed: 0, dropped: 1 });
  });

  it('flushes on stop and when due at the end of an invocation', async () => {
    const sink = fakeSink();
    let now = 0;
    const meter = new UsageMeter({ sink, resolveSlug, now: () => now });
    meter.start(60_000);
    meter.record({ path: A }, '2026-05-01', 'api', { requests: 1 });
    await meter.flushIfDue();
    expect(sink.writes).toHaveLength(0);
    now = 60_000;
    await meter.flushIfDue();
    expect(sink.writes).toHaveLength(1);
    meter.record({ path: A }, '2026-05-01', 'api', { requests: 1 });
    await meter.stop();
    expect(sink.writes).toHaveLength(2);
  });
});
