import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { newIdempotencyKey } from '../shared/idempotency';

/**
 * The phone's write queue (IndexedDB): every write the grid worker makes — a new case, a visit, a verification, a
 * patrol's trace — is stored here first, with its idempotency key, and sent when there is a signal. The server
 * answers a repeated key with the first record, so a write sent twice (its answer lost on a weak signal) is still
 * one record; an entry leaves the queue only once the server has answered it.
 */

export type QueuedKind = 'case' | 'visit' | 'verify' | 'patrolStart' | 'patrolPoints' | 'patrolEnd';

export interface QueuedPhoto {
  name: string;
  type: string;
  blob: Blob;
  /** the storage key once uploaded (a retry does not upload it again) */
  key?: string;
}

export interface QueuedWrite {
  /** the Idempotency-Key, also the entry's id */
  id: string;
  kind: QueuedKind;
  /** what the worker sees in the queue */
  label: string;
  body: Record<string, unknown>;
  /** for a verification: the case; for a patrol's points or end: the local patrol id */
  target?: string;
  photos: QueuedPhoto[];
  createdAt: string;
  attempts: number;
  status: 'pending' | 'failed';
  error?: string;
}

interface FieldDb extends DBSchema {
  queue: { key: string; value: QueuedWrite; indexes: { createdAt: string } };
  kv: { key: string; value: unknown };
}

let dbPromise: Promise<IDBPDatabase<FieldDb>> | undefined;

function db(): Promise<IDBPDatabase<FieldDb>> {
  dbPromise ??= openDB<FieldDb>('civicgrid-field', 1, {
    upgrade(database) {
      const queue = database.createObjectStore('queue', { keyPath: 'id' });
      queue.createIndex('createdAt', 'createdAt');
      database.createObjectStore('kv');
    },
  });
  return dbPromise;
}

const listeners = new Set<() => void>();

/** Re-render whoever shows the queue. */
export function onQueueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed() {
  for (const l of listeners) l();
}

/** Put a write in the queue (oldest first is the order they are sent in). */
export async function enqueue(
  entry: Omit<QueuedWrite, 'id' | 'createdAt' | 'attempts' | 'status'> & { id?: string },
): Promise<QueuedWrite> {
  const write: QueuedWrite = {
    ...entry,
    id: entry.id ?? newIdempotencyKey(),
    createdAt: new Date().toISOString(),
    attempts: 0,
    status: 'pending',
  };
  await (await db()).put('queue', write);
  changed();
  return write;
}

/** Every queued write, oldest first. */
export async function queued(): Promise<QueuedWrite[]> {
  return (await db()).getAllFromIndex('queue', 'createdAt');
}

export async function saveEntry(entry: QueuedWrite): Promise<void> {
  await (await db()).put('queue', entry);
  changed();
}

export async function removeEntry(id: string): Promise<void> {
  await (await db()).delete('queue', id);
  changed();
}

/** A small key-value store beside the queue (the last lists seen, the patrol in progress). */
export async function kvGet<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('kv', key)) as T | undefined;
}

export async function kvSet(key: string, value: unknown): Promise<void> {
  await (await db()).put('kv', value, key);
}
