import { type DeliveryRecord, FieldCipher, type Store, type WebhookRecord, WebhookRepository } from '@civicgrid/db';
import { deliveredStatus, nextAttemptAt, type TenantPath, type WebhookEvent } from '@civicgrid/domain';
import { sendDelivery } from './sender';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signDelivery, TIMESTAMP_HEADER } from './signature';
import type { QueuedRef } from './tap';
import type { TargetPolicy } from './target-policy';

/** How long a try holds its delivery: longer than the receiver's timeout, so a crashed runner's try is retaken. */
const LEASE_MS = 60_000;

export interface DelivererOptions {
  store: Store;
  cursorSecret: string;
  fieldSecret: string;
  clock: () => Date;
  policy: TargetPolicy;
  log: (entry: Record<string, unknown>) => void;
  send?: typeof sendDelivery;
}

/**
 * Delivers the webhook outbox, the same on every runtime: an event fans out to one delivery per subscribed
 * webhook (the delivery log entry), each due delivery gets one signed try, a failed try waits its backoff
 * (`nextAttemptAt` of @civicgrid/domain) for up to a day, and the event leaves the outbox once every delivery
 * settled. `process` answers when the event next needs a try (undefined: settled).
 */
export class WebhookDeliverer {
  readonly repo: WebhookRepository;
  private readonly cipher: FieldCipher;

  constructor(private readonly options: DelivererOptions) {
    this.repo = new WebhookRepository(options.store, options.cursorSecret);
    this.cipher = new FieldCipher(options.fieldSecret);
  }

  /** Seal a webhook's secret for storage (it is read again to sign). */
  seal(secret: string): string {
    return this.cipher.seal(secret);
  }

  async process(ref: QueuedRef): Promise<Date | undefined> {
    const queued = await this.repo.queued(ref.tenantPath, ref.eventId);
    if (!queued) return undefined;
    let next: Date | undefined;
    for (const hookId of queued.targets) {
      const hook = await this.repo.get(ref.tenantPath, hookId);
      if (!hook) continue; // deleted since: its deliveries stop
      const delivery = await this.repo.ensureDelivery(ref.tenantPath, hookId, queued.event, this.options.clock());
      const retryAt = await this.attempt(ref.tenantPath, hook, delivery);
      if (retryAt && (!next || retryAt < next)) next = retryAt;
    }
    if (!next) await this.repo.dequeue(ref.tenantPath, ref.eventId);
    return next;
  }

  /** One try of a delivery if it is due; the time of its next try when it stays pending. */
  private async attempt(path: TenantPath, hook: WebhookRecord, d: DeliveryRecord): Promise<Date | undefined> {
    if (d.status !== 'pending') return undefined;
    const now = this.options.clock();
    const due = d.nextAttemptAt ? new Date(d.nextAttemptAt) : now;
    if (due > now) return due;
    if (d.leaseUntil && new Date(d.leaseUntil) > now) return new Date(d.leaseUntil);
    if (!(await this.repo.claim(path, d, now, LEASE_MS))) return new Date(now.getTime() + LEASE_MS);
    const attempts = d.attempts + 1;
    const outcome = await this.send(hook, d.event, now);
    const finishedAt = this.options.clock();
    if ('status' in outcome && deliveredStatus(outcome.status)) {
      await this.repo.settle(path, d, attempts, {
        status: 'delivered',
        lastStatus: outcome.status,
        deliveredAt: finishedAt.toISOString(),
      });
      return undefined;
    }
    const retryAt = nextAttemptAt(new Date(d.event.at), attempts, finishedAt);
    this.options.log({
      level: 'WARN',
      message: 'webhook delivery failed',
      tenantPath: path,
      hookId: hook.id,
      eventId: d.eventId,
      attempts,
      ...outcome,
    });
    await this.repo.settle(path, d, attempts, {
      status: retryAt ? 'pending' : 'failed',
      ...('status' in outcome ? { lastStatus: outcome.status } : { lastError: outcome.error }),
      nextAttemptAt: retryAt?.toISOString(),
    });
    return retryAt;
  }

  private async send(hook: WebhookRecord, event: WebhookEvent, now: Date) {
    const url = new URL(hook.url);
    const refused = await this.options.policy.check(url);
    if (refused) return { error: 'target_refused' };
    const body = JSON.stringify(event);
    const timestamp = Math.floor(now.getTime() / 1000);
    const secret = this.cipher.open(hook.secretSealed);
    const headers = {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'CivicGrid-Webhooks/1',
      [EVENT_ID_HEADER]: event.id,
      [EVENT_TYPE_HEADER]: event.type,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signDelivery(secret, timestamp, body),
    };
    return (this.options.send ?? sendDelivery)(url, headers, body, this.options.policy);
  }
}
