import { afterEach, describe, expect, it } from 'vitest';
import { installPromiseWithResolvers } from './promise-with-resolvers';

const ctor = Promise as unknown as { withResolvers?: <T>() => { promise: Promise<T>; resolve(v: T): void } };
const original = Object.getOwnPropertyDescriptor(Promise, 'withResolvers');

describe('installPromiseWithResolvers', () => {
  afterEach(() => {
    if (original) Object.defineProperty(Promise, 'withResolvers', original);
  });

  it('provides Promise.withResolvers where the runtime lacks it', async () => {
    delete ctor.withResolvers;
    installPromiseWithResolvers();
    const { promise, resolve } = ctor.withResolvers!<number>();
    resolve(7);
    await expect(promise).resolves.toBe(7);
  });

  it('leaves a native implementation alone', () => {
    const native = () => 'native';
    Object.defineProperty(Promise, 'withResolvers', { configurable: true, writable: true, value: native });
    installPromiseWithResolvers();
    expect(ctor.withResolvers).toBe(native);
  });
});
