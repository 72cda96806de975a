import type { UsageGroup, UsageWrite } from '@civicgrid/db';
import type { TenantPath } from '@civicgrid/domain';

/**
 * Whom a request is counted for: a tenant path (from the verified token) or a public slug, resolved once per
 * flush — so the hot path never reads the table, and a request to an unknown slug is simply dropped.
 */
export type TenantRef = { path: TenantPath } | { slug: string };

/** Where flushed aggregates go (the UsageRepository in the app; a fake in unit tests). */
export interface UsageSink {
  apply(write: UsageWrite): Promise<void>;
}

export interface UsageMeterOptions {
  sink: UsageSink;
  /** a public slug's tenant path, or undefined for a slug that names no tenant */
  resolveSlug: (slug: string) => Promise<TenantPath | undefined>;
  log?: (entry: Record<string, unknown>) => void;
  /** distinct (tenant, day, group) keys held between flushes; hits on further keys are dropped and logged */
  maxKeys?: number;
  /** parallel UpdateItems during a flush */
  concurrency?: number;
  now?: () => number;
  /**
   * Write before each response instead of on a timer (the API Lambda: a frozen or recycled instance loses nothing).
   * A user id is then sent once per (tenant, day) per process, so most flushes are one small counters write.
   */
  flushEveryRequest?: boolean;
}

/** What one flush did. */
export interface FlushResult {
  writes: number;
  failed: number;
  dropped: number;
}

interface Aggregate {
  ref: TenantRef;
  day: string;
  group: UsageGroup;
  add: Record<string, number>;
  users: Set<string>;
}

/**
 * Usage counted in process memory and written in aggregate: a hit only touches a Map; `flush` swaps the Map for an
 * empty one (so hits during a flush land in the next batch, never lost) and writes one ADD UpdateItem per
 * (tenant, day, group). A failed write is merged back and retried by the next flush. What a crash loses is what
 * was counted since the last flush (see docs/usage.md).
 */
export class UsageMeter {
  private pending = new Map<string, Aggregate>();
  private inflight = new Map<string, Aggregate>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly slugs = new Map<string, TenantPath>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private intervalMs = 0;
  private lastFlush: number;
  private dropped = 0;
  private readonly now: () => number;
  /** (tenant, day, user) already written by this process (flushEveryRequest only; bounded) */
  private readonly seenUsers = new Set<string>();

  constructor(private readonly options: UsageMeterOptions) {
    this.now = options.now ?? Date.now;
    this.lastFlush = this.now();
  }

  /** Count `add` (and the acting user, if any) for a tenant, day and group. Synchronous: no I/O. */
  record(ref: TenantRef, day: string, group: UsageGroup, add: Record<string, number>, userId?: string): void {
    const id = `${refId(ref)}|${day}|${group}`;
    let aggregate = this.pending.get(id);
    if (!aggregate) {
      if (this.pending.size >= (this.options.maxKeys ?? 50_000)) {
        this.dropped++;
        return;
      }
      aggregate = { ref, day, group, add: {}, users: new Set() };
      this.pending.set(id, aggregate);
    }
    let users = userId ? [userId] : [];
    if (userId && this.options.flushEveryRequest) {
      const seen = `${id}|${userId}`;
      if (this.seenUsers.has(seen)) users = [];
      else {
        if (this.seenUsers.size >= 100_000) this.seenUsers.clear();
        this.seenUsers.add(seen);
      }
    }
    mergeInto(aggregate, add, users);
  }

  /** Counted but not yet written for a tenant (e.g. evidence bytes, so a storage quota sees them at once). */
  unflushed(path: TenantPath, counter: string): number {
    let sum = 0;
    for (const map of [this.pending, this.inflight]) {
      for (const a of map.values()) if ('path' in a.ref && a.ref.path === path) sum += a.add[counter] ?? 0;
    }
    return sum;
  }

  /** Write everything counted so far. Calls are serialised: a flush started during another one runs after it. */
  flush(): Promise<FlushResult> {
    const run = this.queue.then(() => this.flushOnce());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Flush every `intervalMs` (timer unref'd, so it never keeps a process alive). */
  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    if (this.timer || intervalMs <= 0) return;
    this.timer = setInterval(() => void this.flushLogged(), intervalMs);
    this.timer.unref?.();
  }

  /**
   * For runtimes whose timers do not run between requests (a frozen Lambda): flush at the end of an invocation
   * once the interval has passed since the last flush.
   */
  async flushIfDue(): Promise<void> {
    if (this.options.flushEveryRequest) {
      if (this.pending.size > 0) await this.flushLogged();
      return;
    }
    if (this.intervalMs > 0 && this.now() - this.lastFlush >= this.intervalMs) await this.flushLogged();
  }

  /** Stop the timer and write what is left (shutdown). */
  async stop(): Promise<FlushResult> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.flush();
  }

  private async flushLogged(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      this.options.log?.({ level: 'ERROR', message: 'usage flush failed', error: (error as Error).message });
    }
  }

  private async flushOnce(): Promise<FlushResult> {
    const batch = this.pending;
    this.pending = new Map();
    this.inflight = batch;
    this.lastFlush = this.now();
    const dropped = this.dropped;
    this.dropped = 0;
    try {
      const writes = await this.resolve(batch);
      let failed = 0;
      const queue = [...writes.values()];
      const worker = async () => {
        for (let a = queue.shift(); a; a = queue.shift()) {
          try {
            await this.options.sink.apply(toWrite(a));
          } catch (error) {
            failed++;
            this.requeue(a);
            this.options.log?.({ level: 'WARN', message: 'usage write failed', error: (error as Error).message });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, queue.length) }, worker));
      if (dropped > 0) this.options.log?.({ level: 'WARN', message: 'usage hits dropped (too many keys)', dropped });
      return { writes: writes.size - failed, failed, dropped };
    } finally {
      this.inflight = new Map();
    }
  }

  /** Slugs to paths, merging a tenant's slug- and path-counted hits into one write per (tenant, day, group). */
  private async resolve(batch: Map<string, Aggregate>): Promise<Map<string, Aggregate>> {
    const out = new Map<string, Aggregate>();
    for (const a of batch.values()) {
      const path = 'path' in a.ref ? a.ref.path : await this.pathOf(a.ref.slug);
      if (!path) continue; // not a tenant: nothing to bill
      const id = `${refId({ path })}|${a.day}|${a.group}`;
      const target = out.get(id) ?? { ref: { path }, day: a.day, group: a.group, add: {}, users: new Set<string>() };
      mergeInto(target, a.add, a.users);
      out.set(id, target);
    }
    return out;
  }

  private async pathOf(slug: string): Promise<TenantPath | undefined> {
    const known = this.slugs.get(slug);
    if (known) return known;
    try {
      const path = await this.options.resolveSlug(slug);
      if (path && this.slugs.size < 100_000) this.slugs.set(slug, path); // slugs never move to another tenant
      return path;
    } catch (error) {
      this.options.log?.({ level: 'WARN', message: 'usage slug lookup failed', slug, error: (error as Error).message });
      return undefined;
    }
  }

  private requeue(a: Aggregate): void {
    const id = `${refId(a.ref)}|${a.day}|${a.group}`;
    const target = this.pending.get(id) ?? { ...a, add: {}, users: new Set<string>() };
    mergeInto(target, a.add, a.users);
    this.pending.set(id, target);
  }
}

function refId(ref: TenantRef): string {
  return 'path' in ref ? `p:${ref.path}` : `s:${ref.slug}`;
}

function mergeInto(target: Aggregate, add: Record<string, number>, users: Iterable<string>): void {
  for (const [name, by] of Object.entries(add)) target.add[name] = (target.add[name] ?? 0) + by;
  for (const user of users) target.users.add(user);
}

function toWrite(a: Aggregate): UsageWrite {
  if (!('path' in a.ref)) throw new Error('unresolved usage ref');
  return { path: a.ref.path, day: a.day, group: a.group, add: { ...a.add }, users: [...a.users] };
}
