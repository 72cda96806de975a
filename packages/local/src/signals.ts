export type Closer = () => Promise<void> | void;

export interface Shutdown {
  /** Registers a closer; closers run in reverse order of registration (last started, first stopped). */
  add(name: string, closer: Closer): void;
  /** Runs every closer once, each awaited, all within the timeout; resolves true when all finished cleanly. */
  run(): Promise<boolean>;
}

export interface ShutdownOptions {
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** Creates an ordered list of closers for graceful shutdown. */
export function createShutdown({ timeoutMs = 15_000, log = () => {} }: ShutdownOptions = {}): Shutdown {
  const closers: { name: string; closer: Closer }[] = [];
  let running: Promise<boolean> | undefined;

  const closeAll = async () => {
    let clean = true;
    for (const { name, closer } of closers.toReversed()) {
      try {
        await closer();
      } catch (error) {
        clean = false;
        log(`shutdown: ${name} failed: ${(error as Error).message}`);
      }
    }
    return clean;
  };

  return {
    add: (name, closer) => {
      closers.push({ name, closer });
    },
    run: () => {
      running ??= new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          log(`shutdown: gave up after ${timeoutMs / 1000} s`);
          resolve(false);
        }, timeoutMs);
        timer.unref();
        void closeAll().then((clean) => {
          clearTimeout(timer);
          resolve(clean);
        });
      });
      return running;
    },
  };
}

/**
 * SIGTERM / SIGINT (and SIGHUP) run the shutdown, then exit 0 (1 if a closer failed or the timeout struck).
 * Another signal later than `forceAfterMs` exits at once; an echo sooner than that (a terminal's Ctrl-C reaches
 * `npm start`'s wrapper and this process alike, and the wrapper forwards it) is the same request.
 * Returns a function that removes the handlers.
 */
export function exitOnSignals(
  shutdown: Shutdown,
  exit: (code: number) => void = process.exit,
  { forceAfterMs = 1_000 }: { forceAfterMs?: number } = {},
): () => void {
  let firstAt: number | undefined;
  const onSignal = () => {
    if (firstAt !== undefined) {
      if (Date.now() - firstAt >= forceAfterMs) exit(1);
      return;
    }
    firstAt = Date.now();
    void shutdown.run().then((clean) => exit(clean ? 0 : 1));
  };
  // Started by scripts/start.mjs with an IPC channel: the channel closing means that parent is gone.
  const onDisconnect = () => onSignal();
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  process.on('disconnect', onDisconnect);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('disconnect', onDisconnect);
  };
}
