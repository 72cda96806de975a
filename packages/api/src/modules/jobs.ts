import type { BackgroundJob, JobHandler, JobPort } from '../deps';

/**
 * Background jobs in the same process, one after another, after the request that queued them has answered
 * (the embedded runtime). `idle()` resolves when the queue is empty — tests wait on it instead of sleeping.
 * `pause()` makes the running job stop at its next checkpoint and drops the queued ones (what a stop or a crash
 * leaves behind: unfinished jobs, resumed at their checkpoints on the next start).
 */
export function createInProcessJobs(
  log: (entry: Record<string, unknown>) => void,
): JobPort & { idle(): Promise<void>; pause(): Promise<void>; handler(kind: string): JobHandler | undefined } {
  const handlers = new Map<string, JobHandler>();
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  let paused = false;
  const run = { shouldYield: () => paused };
  return {
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    handler: (kind) => handlers.get(kind),
    async enqueue(job: BackgroundJob) {
      const handler = handlers.get(job.kind);
      if (!handler) throw new Error(`no handler for background job ${job.kind}`);
      pending++;
      tail = tail
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(async () => {
          if (paused) return;
          // a job that yields without being paused is continued right away (same queue, at its checkpoint)
          while ((await handler(job, run)) === 'yielded' && !paused) {}
        })
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
    async pause() {
      paused = true;
      while (pending > 0) await tail;
    },
  };
}
