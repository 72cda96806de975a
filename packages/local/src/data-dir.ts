import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StartupError } from './errors';

export const LOCK_FILE = 'civicgrid.lock';

/** Creates the data directory if needed and proves it is writable by writing a file into it. */
export function prepareDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  const probe = join(dir, `.write-probe-${process.pid}-${randomUUID()}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StartupError(`data directory ${dir} is not writable (${code})`, { cause: error });
  }
  return dir;
}

interface LockContent {
  pid: number;
  port: number;
  startedAt: string;
}

export interface DataDirLock {
  /** Records the port actually bound (PORT=0 is only known after listening). */
  updatePort(port: number): void;
  /** Removes the lock if it is still ours. */
  release(): void;
}

/**
 * One running instance per data directory: DynamoDB Local's SQLite file and s3rver's folders are not safe to share.
 * The lock file holds the owner's pid and port; a lock whose pid is dead is stale and is taken over.
 */
export function acquireDataDirLock(dataDir: string, port: number): DataDirLock {
  const file = join(resolve(dataDir), LOCK_FILE);
  const content: LockContent = { pid: process.pid, port, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, content)) return ownedLock(file, content);
    const holder = readLock(file);
    if (holder && isAlive(holder.pid)) {
      throw new StartupError(
        `data directory ${resolve(dataDir)} is already used by a running CivicGrid (pid ${holder.pid}, port ${holder.port})`,
      );
    }
    // Stale: move it aside atomically so two starters cannot both delete a fresh lock.
    try {
      renameSync(file, `${file}.stale-${process.pid}`);
      rmSync(`${file}.stale-${process.pid}`, { force: true });
    } catch {
      // someone else took it over first; look again
    }
  }
  throw new StartupError(`could not take the lock ${file}`);
}

function tryCreate(file: string, content: LockContent): boolean {
  try {
    writeFileSync(file, `${JSON.stringify(content)}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StartupError(`cannot create ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, port: parsed.port ?? 0, startedAt: '' } : undefined;
  } catch {
    return undefined; // unreadable or half-written: treat as stale
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
  return !isZombie(pid);
}

/**
 * A process killed with SIGKILL whose parent died too stays a zombie until init reaps it — and in a container the
 * init may never do so. A zombie holds no files and serves nothing: its lock is stale.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false; // no /proc (not Linux): trust kill(pid, 0)
  }
}

function ownedLock(file: string, content: LockContent): DataDirLock {
  const stillOurs = () => readLock(file)?.pid === content.pid;
  return {
    updatePort(port) {
      if (!stillOurs()) return;
      content.port = port;
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(content)}\n`);
      renameSync(temp, file);
    },
    release() {
      if (!stillOurs()) return;
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    },
  };
}
