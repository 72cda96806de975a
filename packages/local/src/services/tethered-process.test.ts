import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { spawnTethered } from './tethered-process';

function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
}

test('stop() ends the command and its wrapper', async () => {
  const tethered = spawnTethered('sleep', ['600']);
  await tethered.stop(2_000);
  expect(alive(tethered.child.pid!)).toBe(false);
});

test('the command dies with a parent that is SIGKILLed', async () => {
  // A parent that tethers `sleep`, prints the wrapper's pid, then waits to be killed.
  const script = `
    import { spawnTethered } from ${JSON.stringify(new URL('./tethered-process.ts', import.meta.url).pathname)};
    const t = spawnTethered('sh', ['-c', 'echo $$; exec sleep 600']);
    t.child.stdout.once('data', (d) => console.log(String(d).trim()));
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sleeperPid = await new Promise<number>((resolve) =>
    parent.stdout.once('data', (d) => resolve(Number(String(d)))),
  );
  expect(alive(sleeperPid)).toBe(true);
  parent.kill('SIGKILL');
  await expect.poll(() => alive(sleeperPid), { timeout: 5_000 }).toBe(false);
});
