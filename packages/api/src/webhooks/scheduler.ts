/**
 * When the embedded runtime's webhook runner runs a task. The timer scheduler waits in real time (by the app's
 * clock); tests use the manual one and move their clock (no sleeps).
 */
export interface HookScheduler {
  at(when: Date, task: () => Promise<void>): void;
  /** drop every waiting task (shutdown) */
  stop(): void;
}

/** Real timers, by the distance from the app's clock (chained below Node's ~24.8-day timer limit). */
export function timerScheduler(clock: () => Date): HookScheduler {
  const timers = new Set<NodeJS.Timeout>();
  return {
    at(when, task) {
      const wait = Math.max(0, Math.min(when.getTime() - clock().getTime(), 2 ** 31 - 1));
      const timer = setTimeout(() => {
        timers.delete(timer);
        void task();
      }, wait);
      timer.unref();
      timers.add(timer);
    },
    stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

/** Tasks run only when the test says so: `runDue()` runs, in order, every task due by the clock (and any they queue that is due). */
export function manualScheduler(clock: () => Date): HookScheduler & { runDue(): Promise<number>; waiting(): number } {
  let seq = 0;
  let tasks: { when: number; seq: number; task: () => Promise<void> }[] = [];
  return {
    at(when, task) {
      tasks.push({ when: when.getTime(), seq: seq++, task });
    },
    stop() {
      tasks = [];
    },
    waiting: () => tasks.length,
    async runDue() {
      let ran = 0;
      for (;;) {
        const now = clock().getTime();
        const due = tasks.filter((t) => t.when <= now).sort((a, b) => a.when - b.when || a.seq - b.seq)[0];
        if (!due) return ran;
        tasks = tasks.filter((t) => t !== due);
        await due.task();
        ran++;
      }
    },
  };
}
