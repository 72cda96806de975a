import { type ChildProcess, spawn } from 'node:child_process';

/*
 * Runs a command so that it cannot outlive this Node process, even when Node is SIGKILLed (no exit handler runs then).
 * A tiny POSIX shell wrapper starts the command in the background and watches its own stdin, a pipe held open by us:
 * when the pipe reaches EOF — we exited or died — the wrapper terminates the command (SIGTERM, then SIGKILL).
 * The wrapper leads its own process group, so a normal stop signals the whole group at once.
 */
const WRAPPER = `
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
(
  while read -r _; do :; done
  kill -TERM "$child" 2>/dev/null
  n=0
  while kill -0 "$child" 2>/dev/null && [ "$n" -lt 50 ]; do sleep 0.2; n=$((n + 1)); done
  kill -KILL "$child" 2>/dev/null
) <&3 >/dev/null 2>&1 &
watcher=$!
exec 3<&-
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do wait "$child" || status=$?; done
kill "$watcher" 2>/dev/null
exit "$status"
`;

export interface TetheredProcess {
  child: ChildProcess;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  outputTail(): string;
  /** Resolves with the exit code (or signal name) once the wrapper has exited. */
  exited: Promise<number | string>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command args` tethered to this process (see above). */
export function spawnTethered(
  command: string,
  args: readonly string[],
  options: { cwd?: string } = {},
): TetheredProcess {
  const child = spawn('/bin/sh', ['-c', WRAPPER, 'civicgrid-tether', command, ...args], {
    cwd: options.cwd,
    detached: true, // own process group: a terminal's Ctrl-C reaches us, and we decide the shutdown order
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.on('error', () => {}); // the wrapper may be gone already; we never write
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 40));
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // A plain exit (process.exit, end of the event loop) also closes stdin; this just makes it immediate.
  const onExit = () => killGroup('SIGTERM');
  process.once('exit', onExit);
  void exited.then(() => process.off('exit', onExit));

  return {
    child,
    exited,
    outputTail: () => tail.join('\n'),
    stop: async (graceMs = 10_000) => {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      child.stdin?.destroy();
    },
  };
}
