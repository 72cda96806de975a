import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type EventTap,
  type HookEventDraft,
  newId,
  type Store,
  WEBHOOK_EVENT_ITEM_TYPE,
  type WebhookRecord,
  WebhookRepository,
} from '@civicgrid/db';
import { type TenantPath, tenantIdFromPath } from '@civicgrid/domain';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** An event the write path queued: what the runner delivers. */
export interface QueuedRef {
  tenantPath: TenantPath;
  eventId: string;
}

/**
 * How long this process reuses a tenant's list of webhooks on the write path (it is read on every transition).
 * Registering or deleting through this process drops the copy at once; another process (another Lambda instance)
 * sees the change within this long.
 */
export const WEBHOOK_CACHE_MS = 5_000;

/**
 * The write path's webhook tap: for each event some webhook of the tenant subscribed to, one outbox item (the
 * event with the ids of its subscribers) in the transaction that raised it. `onQueued` hears of each committed
 * event (the embedded runtime delivers from there; on AWS the table's stream does and `onQueued` is absent).
 */
export function createWebhookTap(
  store: Store,
  options: { cursorSecret: string; clock: () => Date; onQueued?: (ref: QueuedRef) => void },
): EventTap & { forget(path: TenantPath): void } {
  const repo = new WebhookRepository(store, options.cursorSecret);
  const cache = new Map<TenantPath, { at: number; hooks: WebhookRecord[] }>();
  const subscribers = async (path: TenantPath): Promise<WebhookRecord[]> => {
    const now = Date.now();
    const hit = cache.get(path);
    if (hit && now - hit.at < WEBHOOK_CACHE_MS) return hit.hooks;
    const hooks = await repo.list(path);
    cache.set(path, { at: now, hooks });
    return hooks;
  };
  return {
    forget: (path) => {
      cache.delete(path);
    },
    async itemsFor(path: TenantPath, events: readonly HookEventDraft[]): Promise<TransactItem[]> {
      if (events.length === 0) return [];
      const hooks = await subscribers(path);
      if (hooks.length === 0) return [];
      const tenantId = tenantIdFromPath(path);
      return events.flatMap((draft) => {
        const targets = hooks.filter((h) => h.events.includes(draft.type)).map((h) => h.id);
        if (targets.length === 0) return [];
        const event = {
          id: `evt_${newId(options.clock())}`,
          type: draft.type,
          at: draft.at,
          tenantId,
          data: draft.data,
        };
        return [repo.outboxItem(path, { event, targets })];
      });
    },
    committed(items) {
      if (!options.onQueued) return;
      for (const item of items) {
        const put = item.Put?.Item;
        if (put?.type !== WEBHOOK_EVENT_ITEM_TYPE) continue;
        options.onQueued({ tenantPath: put.tenantPath as TenantPath, eventId: String(put.SK) });
      }
    },
  };
}
