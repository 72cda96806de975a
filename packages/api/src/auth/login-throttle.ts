import type { Store } from '@civicgrid/db';

/** Wrong passwords one client may try for one account before it has to wait. */
export const FREE_ATTEMPTS = 3;
/** The longest a client waits between attempts on one account. */
export const MAX_WAIT_SECONDS = 15 * 60;
/** Wrong passwords (from every client) after which each attempt on the account is answered slowly. */
export const ACCOUNT_CEILING = 10;
/** How long failures count towards the ceiling. */
export const CEILING_WINDOW_MS = 15 * 60_000;
/** What the ceiling adds to each answer for the account: a delay, never a lock-out. */
export const CEILING_DELAY_MS = 1_000;

interface ClientState {
  failures: number;
  /** no attempt before this instant (ms) */
  nextAt: number;
  lastAt: number;
}

const ENTRIES_MAX = 50_000;

/**
 * Brute-force defence that never hands an attacker a lock-out. Each (account, client) pair gets a few free wrong
 * passwords, then waits 1 s, 2 s, 4 s … (at most 15 min) between attempts: an attacker at one address is slowed
 * to a crawl while the owner, at another, is not affected. Across clients, an account that has collected many
 * failures (the stored count, so every instance sees it) answers each attempt a second late — slower, still open.
 * Unknown e-mails go through exactly the same steps, so the answers do not tell accounts apart.
 *
 * The pairs live in process memory (per Lambda instance in AWS; the stored per-account count is global).
 */
export class LoginThrottle {
  private readonly clients = new Map<string, ClientState>();
  /** failures per e-mail seen by this process (the ceiling for unknown e-mails, which have no stored count) */
  private readonly accounts = new Map<string, { count: number; lastAt: number }>();

  /** Seconds the client must still wait before trying this account again, or 0. */
  waitSeconds(email: string, client: string, now: number): number {
    const state = this.clients.get(pairKey(email, client));
    if (!state || state.nextAt <= now) return 0;
    return Math.ceil((state.nextAt - now) / 1000);
  }

  /** Count a wrong password for the pair and the account. */
  fail(email: string, client: string, now: number): void {
    const key = pairKey(email, client);
    const state = this.clients.get(key) ?? { failures: 0, nextAt: 0, lastAt: now };
    // a pair quiet for longer than the longest wait starts afresh
    if (now - state.lastAt > MAX_WAIT_SECONDS * 1000) state.failures = 0;
    state.failures += 1;
    state.lastAt = now;
    const over = state.failures - FREE_ATTEMPTS;
    state.nextAt = over >= 0 ? now + Math.min(2 ** over, MAX_WAIT_SECONDS) * 1000 : now;
    this.remember(this.clients, key, state);
    const account = this.accounts.get(email);
    const fresh = account && now - account.lastAt < CEILING_WINDOW_MS ? account.count : 0;
    this.remember(this.accounts, email, { count: fresh + 1, lastAt: now });
  }

  /** A successful login clears the pair. */
  succeed(email: string, client: string): void {
    this.clients.delete(pairKey(email, client));
  }

  /** An administrator's unlock: every pair and count of the account goes. */
  forget(email: string): void {
    const prefix = `${email}|`;
    for (const key of this.clients.keys()) if (key.startsWith(prefix)) this.clients.delete(key);
    this.accounts.delete(email);
  }

  /** True when the account is over the ceiling: `stored` is the account's stored count (absent when unknown). */
  overCeiling(email: string, now: number, stored?: { count: number; lastAt?: string }): boolean {
    const storedCount = stored?.lastAt && now - Date.parse(stored.lastAt) < CEILING_WINDOW_MS ? (stored.count ?? 0) : 0;
    const seen = this.accounts.get(email);
    const seenCount = seen && now - seen.lastAt < CEILING_WINDOW_MS ? seen.count : 0;
    return Math.max(storedCount, seenCount) >= ACCOUNT_CEILING;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    if (map.size >= ENTRIES_MAX) map.delete(map.keys().next().value as string);
    map.set(key, value);
  }
}

function pairKey(email: string, client: string): string {
  return `${email}|${client}`;
}

const throttles = new WeakMap<Store, LoginThrottle>();

/** The throttle of this process for a store (shared by the login route and the administrators' unlock). */
export function loginThrottleOf(store: Store): LoginThrottle {
  let throttle = throttles.get(store);
  if (!throttle) {
    throttle = new LoginThrottle();
    throttles.set(store, throttle);
  }
  return throttle;
}
