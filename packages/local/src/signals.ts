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
 * SIGTERM / SIGINT run the shutdown, then exit 0 (1 if a closer failed or the timeout struck).
 * A second signal while shutting down exits at once. Returns a function that removes the handlers.
 */
export function exitOnSignals(shutdown: Shutdown, exit: (code: number) => void = process.exit): () => void {
  let signalled = false;
  const onSignal = () => {
    if (signalled) {
      exit(1);
      return;
    }
    signalled = true;
    void shutdown.run().then((clean) => exit(clean ? 0 : 1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
