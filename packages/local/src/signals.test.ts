import { expect, test } from 'vitest';
import { createShutdown, exitOnSignals } from './signals';

test('closers run once, in reverse order of registration', async () => {
  const order: string[] = [];
  const shutdown = createShutdown();
  shutdown.add('store', () => {
    order.push('store');
  });
  shutdown.add('http', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    order.push('http');
  });
  await expect(Promise.all([shutdown.run(), shutdown.run()])).resolves.toEqual([true, true]);
  expect(order).toEqual(['http', 'store']);
});

test('a failing closer does not stop the others, and the result says so', async () => {
  const lines: string[] = [];
  const closed: string[] = [];
  const shutdown = createShutdown({ log: (line) => lines.push(line) });
  shutdown.add('store', () => {
    closed.push('store');
  });
  shutdown.add('http', () => {
    throw new Error('boom');
  });
  await expect(shutdown.run()).resolves.toBe(false);
  expect(closed).toEqual(['store']);
  expect(lines).toEqual(['shutdown: http failed: boom']);
});

test('a closer that hangs is abandoned after the timeout', async () => {
  const shutdown = createShutdown({ timeoutMs: 50 });
  shutdown.add('stuck', () => new Promise(() => {}));
  await expect(shutdown.run()).resolves.toBe(false);
});

test('SIGTERM shuts down then exits 0; a later second signal exits at once', async () => {
  const codes: number[] = [];
  let release: () => void = () => {};
  const shutdown = createShutdown();
  shutdown.add('slow', () => new Promise<void>((resolve) => (release = resolve)));
  const remove = exitOnSignals(shutdown, (code) => codes.push(code), { forceAfterMs: 20 });
  try {
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT'); // an echo of the same request
    expect(codes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    process.emit('SIGINT', 'SIGINT');
    expect(codes).toEqual([1]);
    release();
    await shutdown.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(codes).toEqual([1, 0]);
  } finally {
    remove();
  }
});
