import { TenantRepository } from '@civicgrid/db';
import type { WebhookDeliverer } from './deliverer';
import type { HookScheduler } from './scheduler';
import type { QueuedRef } from './tap';

/** After a runner error (the store unreachable) the event is looked at again this much later. */
const ERROR_RETRY_MS = 60_000;

/**
 * The embedded runtime's webhook delivery: each committed event is handed here (the write path's tap), and its
 * tries run one after another off the request path — so a tenant's receiver hears its events in the order they
 * were raised — at the times the scheduler keeps. `resume` queues what the outbox still holds after a restart.
 */
export function createLocalWebhookRunner(
  deliverer: WebhookDeliverer,
  scheduler: HookScheduler,
  clock: () => Date,
  log: (entry: Record<string, unknown>) => void,
) {
  let chain: Promise<void> = Promise.resolve();
  const schedule = (ref: QueuedRef, when: Date) => scheduler.at(when, () => run(ref));
  const run = (ref: QueuedRef): Promise<void> => {
    chain = chain.then(async () => {
      try {
        const next = await deliverer.process(ref);
        if (next) schedule(ref, next);
      } catch (error) {
        log({ level: 'ERROR', message: 'webhook runner failed', ...ref, error: (error as Error).message });
        schedule(ref, new Date(clock().getTime() + ERROR_RETRY_MS));
      }
    });
    return chain;
  };
  return {
    enqueue: (ref: QueuedRef) => schedule(ref, clock()),
    /** queue every event still in a tenant's outbox (after a restart); returns how many */
    async resume(): Promise<number> {
      let count = 0;
      for (const tenant of await new TenantRepository(deliverer.repo.store).listAll()) {
        for (const q of await deliverer.repo.queuedEvents(tenant.path)) {
          schedule({ tenantPath: tenant.path, eventId: q.event.id }, clock());
          count++;
        }
      }
      return count;
    },
    /** waits for the tries running now */
    idle: () => chain,
    stop: () => scheduler.stop(),
  };
}

/** The embedded runtime's runner. */
export type LocalWebhookRunner = ReturnType<typeof createLocalWebhookRunner>;
