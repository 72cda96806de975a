// `npm start`: make sure the web console is built and s3rver is patched, then run the embedded runtime in one
// Node process (no npx, no extra shells) and pass signals and the exit code straight through.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Build the console once; a checkout without a built web app would serve the API only.
const webPackage = JSON.parse(readFileSync(join(root, 'web', 'package.json'), 'utf8'));
if (!existsSync(join(root, 'web', 'dist', 'index.html')) && webPackage.scripts?.build) {
  console.log('civicgrid: building the web console (first start only)…');
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '-w', 'web']);
}

// `npm install -w <workspace>` skips the root postinstall, which leaves s3rver unpatched.
const s3rverAuth = join(dirname(require.resolve('@20minutes/s3rver')), 'middleware', 'authentication.js');
if (!readFileSync(s3rverAuth, 'utf8').includes('trailing slash included')) {
  run(process.execPath, [require.resolve('patch-package/index.js')]);
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/local/src/main.ts')], {
  cwd: process.cwd(),
  // The IPC channel is a tether: if this process dies, the runtime sees 'disconnect' and shuts down.
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: { NODE_NO_WARNINGS: '1', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // A terminal's Ctrl-C reaches the child too; it treats a repeat within a second as the same request.
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal) {
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});
