import type { BackgroundJob, JobPort } from '../deps';

/**
 * Background jobs in the same process, one after another, after the request that queued them has answered
 * (the embedded runtime). `idle()` resolves when the queue is empty — tests wait on it instead of sleeping.
 */
export function createInProcessJobs(
  log: (entry: Record<string, unknown>) => void,
): JobPort & { idle(): Promise<void> } {
  const handlers = new Map<string, (job: BackgroundJob) => Promise<void>>();
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  return {
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    async enqueue(job) {
      const handler = handlers.get(job.kind);
      if (!handler) throw new Error(`no handler for background job ${job.kind}`);
      pending++;
      tail = tail
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => handler(job))
        .catch((error: unknown) => {
          log({ level: 'ERROR', message: 'background job failed', job, error: (error as Error).message });
        })
        .finally(() => {
          pending--;
        });
    },
    async idle() {
      while (pending > 0) await tail;
    },
  };
}
