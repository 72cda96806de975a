import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { StartupError } from './errors';
import { assertPortFree, preflight } from './preflight';
import { findJava, JAVA_MISSING } from './services/java';

let occupied: Server;
let port: number;
const dataDir = mkdtempSync(join(tmpdir(), 'civicgrid-preflight-'));

beforeAll(async () => {
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
  port = (occupied.address() as { port: number }).port;
});
afterAll(() => {
  occupied.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a port in use is named in one line', async () => {
  await expect(assertPortFree('127.0.0.1', port)).rejects.toThrow(new StartupError(`PORT ${port} is already in use`));
  await expect(preflight({ host: '127.0.0.1', port, dataDir })).rejects.toBeInstanceOf(StartupError);
});

test('a free port and a writable directory pass', async () => {
  await occupied.close();
  await new Promise((resolve) => setTimeout(resolve, 10));
  await expect(preflight({ host: '127.0.0.1', port, dataDir })).resolves.toEqual({ dataDir });
});

test('PORT 0 always passes (the server picks one)', async () => {
  await expect(assertPortFree('127.0.0.1', 0)).resolves.toBeUndefined();
});

test('java missing from PATH says what to install', () => {
  expect(() => findJava('/nonexistent:/also-not-here')).toThrow(new StartupError(JAVA_MISSING));
  expect(JAVA_MISSING).toBe('Java 17+ is required for DynamoDB Local: install openjdk-17-jre-headless');
  expect(findJava()).toMatch(/java$/);
});
