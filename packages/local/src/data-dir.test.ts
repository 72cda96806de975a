import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { acquireDataDirLock, LOCK_FILE, prepareDataDir } from './data-dir';
import { StartupError } from './errors';

const root = mkdtempSync(join(tmpdir(), 'civicgrid-datadir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A pid that certainly belongs to no running process: a child that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('prepareDataDir', () => {
  test('creates a missing directory', () => {
    const dir = join(root, 'new', 'nested');
    expect(prepareDataDir(dir)).toBe(dir);
    expect(existsSync(dir)).toBe(true);
  });

  test('a directory that cannot be written is a one-line StartupError', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    // Under a regular file nothing can be created, even as root (chmod would not stop root).
    const error = (() => {
      try {
        prepareDataDir(join(file, 'data'));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe(`data directory ${join(file, 'data')} is not writable (ENOTDIR)`);
  });
});

describe('acquireDataDirLock', () => {
  test('a second instance on the same directory is refused with the holder named', () => {
    const dir = prepareDataDir(join(root, 'locked'));
    const lock = acquireDataDirLock(dir, 3000);
    expect(() => acquireDataDirLock(dir, 3001)).toThrow(
      new StartupError(`data directory ${dir} is already used by a running CivicGrid (pid ${process.pid}, port 3000)`),
    );
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    acquireDataDirLock(dir, 3001).release();
  });

  test('another directory is independent', () => {
    const one = acquireDataDirLock(prepareDataDir(join(root, 'one')), 3000);
    const two = acquireDataDirLock(prepareDataDir(join(root, 'two')), 3001);
    one.release();
    two.release();
  });

  test('a lock left by a dead process is taken over', () => {
    const dir = prepareDataDir(join(root, 'stale'));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), port: 3000 }));
    const lock = acquireDataDirLock(dir, 4000);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, port: 4000 });
    lock.updatePort(4321);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ port: 4321 });
    lock.release();
  });

  test('a lock held by a zombie (killed, never reaped) is taken over', async () => {
    // the child exits only after its parent has exec'd into `sleep 5`, which never waits for it: a zombie for
    // five seconds (a child that exited before the exec could be reaped by the shell, and vanish)
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 5']);
    const zombie = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
    );
    for (let i = 0; i < 250 && !readFileSync(`/proc/${zombie}/stat`, 'utf8').includes(') Z'); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const dir = prepareDataDir(join(root, 'zombie'));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: zombie, port: 3000 }));
    acquireDataDirLock(dir, 4000).release();
    parent.kill();
  });

  test('a half-written lock is stale too', () => {
    const dir = prepareDataDir(join(root, 'garbage'));
    writeFileSync(join(dir, LOCK_FILE), '{"pi');
    acquireDataDirLock(dir, 3000).release();
  });

  test('release leaves a lock that is no longer ours alone', () => {
    const dir = prepareDataDir(join(root, 'stolen'));
    const lock = acquireDataDirLock(dir, 3000);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, port: 9 }));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});
