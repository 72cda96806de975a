import { ApiFailure, call, loadSession, Offline, putFile } from './api';
import { kvGet, kvSet, type QueuedWrite, queued, removeEntry, saveEntry } from './queue';

/**
 * Send the queue, oldest first, one at a time. A network failure stops the run (everything stays queued, in
 * order); a refusal (4xx) marks that entry failed with the server's message and goes on; a 401 stops (log in
 * again). A success removes the entry. Only one run at a time.
 */
let running: Promise<SyncResult> | undefined;

export interface SyncResult {
  sent: number;
  failed: number;
  offline: boolean;
}

export function syncNow(): Promise<SyncResult> {
  running ??= run().finally(() => {
    running = undefined;
  });
  return running;
}

/** Server ids of patrols started from this phone, by the local id the queue uses. */
async function patrolIds(): Promise<Record<string, string>> {
  return (await kvGet<Record<string, string>>('patrolIds')) ?? {};
}

async function run(): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, failed: 0, offline: false };
  const session = loadSession();
  if (!session) return result;
  for (const entry of await queued()) {
    if (entry.status === 'failed') continue;
    try {
      await send(entry, session.token);
      await removeEntry(entry.id);
      result.sent++;
    } catch (error) {
      if (error instanceof Offline) {
        await saveEntry({ ...entry, attempts: entry.attempts + 1 });
        result.offline = true;
        return result;
      }
      if (error instanceof ApiFailure && (error.status === 401 || error.status >= 500 || error.status === 429)) {
        // not this entry's fault: keep it pending and try later
        await saveEntry({ ...entry, attempts: entry.attempts + 1, error: error.message });
        return result;
      }
      const message =
        error instanceof ApiFailure && error.field
          ? `${error.field}: ${error.message}`
          : String((error as Error).message);
      await saveEntry({ ...entry, attempts: entry.attempts + 1, status: 'failed', error: message });
      result.failed++;
    }
  }
  return result;
}

/** Upload the entry's photos not uploaded yet; their keys are kept on the entry. */
async function uploadPhotos(entry: QueuedWrite, token: string, caseId?: string): Promise<string[]> {
  const keys: string[] = [];
  for (const [i, photo] of entry.photos.entries()) {
    if (!photo.key) {
      const path = caseId ? `/api/cases/${caseId}/evidence` : '/api/field-uploads';
      const upload = await call<{ key: string; uploadUrl: string; headers?: Record<string, string> }>(
        'POST',
        path,
        { fileName: photo.name, contentType: photo.type, size: photo.blob.size },
        { token },
      );
      await putFile(upload, photo.blob);
      entry.photos[i] = { ...photo, key: upload.key };
      await saveEntry(entry);
    }
    keys.push(entry.photos[i]?.key as string);
  }
  return keys;
}

async function send(entry: QueuedWrite, token: string): Promise<void> {
  const idem = { token, idempotencyKey: entry.id };
  switch (entry.kind) {
    case 'case': {
      const photos = await uploadPhotos(entry, token);
      const patrolId = entry.target ? (await patrolIds())[entry.target] : undefined;
      await call(
        'POST',
        '/api/cases',
        { ...entry.body, ...(photos.length ? { photos } : {}), ...(patrolId ? { patrolId } : {}) },
        idem,
      );
      return;
    }
    case 'visit': {
      const photos = await uploadPhotos(entry, token);
      const patrolId = entry.target ? (await patrolIds())[entry.target] : undefined;
      await call(
        'POST',
        '/api/visits',
        { ...entry.body, ...(photos.length ? { photos } : {}), ...(patrolId ? { patrolId } : {}) },
        idem,
      );
      return;
    }
    case 'verify': {
      const caseId = entry.target as string;
      const evidence = await uploadPhotos(entry, token, caseId);
      const action = entry.body.fixed === false ? 'rework' : 'verify';
      const note = String(entry.body.note ?? '');
      const body =
        action === 'rework'
          ? { reason: note || '现场核查未整改到位', evidence }
          : { ...(note ? { note } : {}), evidence };
      try {
        await call('POST', `/api/cases/${caseId}/actions/${action}`, body, { token });
      } catch (error) {
        // already verified (the first try went through, its answer was lost): the same outcome, done
        if (error instanceof ApiFailure && error.status === 409) return;
        throw error;
      }
      return;
    }
    case 'patrolStart': {
      const local = entry.target as string;
      try {
        const started = await call<{ id: string }>('POST', '/api/patrols', entry.body, { token });
        await kvSet('patrolIds', { ...(await patrolIds()), [local]: started.id });
      } catch (error) {
        // the first try started it: the server names the open patrol
        if (error instanceof ApiFailure && error.status === 409 && error.field === 'patrolId') {
          await kvSet('patrolIds', { ...(await patrolIds()), [local]: error.message });
          return;
        }
        throw error;
      }
      return;
    }
    case 'patrolPoints':
    case 'patrolEnd': {
      const id = (await patrolIds())[entry.target as string];
      if (!id) throw new ApiFailure(409, 'patrol not started');
      const path = entry.kind === 'patrolPoints' ? `/api/patrols/${id}/points` : `/api/patrols/${id}/end`;
      await call('POST', path, entry.body, { token });
      return;
    }
  }
}
