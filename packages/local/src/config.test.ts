import { expect, test } from 'vitest';
import { readConfig } from './config';
import { StartupError } from './errors';

test('defaults follow API.md', () => {
  expect(readConfig({})).toEqual({
    port: 3000,
    host: '127.0.0.1',
    dataDir: './.civicgrid',
    adminEmail: undefined,
    adminPassword: undefined,
    demo: true,
  });
});

test('values are read and CIVICGRID_DEMO=0 disables the demo', () => {
  const config = readConfig({
    PORT: '0',
    HOST: '0.0.0.0',
    CIVICGRID_DATA_DIR: '/var/lib/civicgrid',
    CIVICGRID_ADMIN_EMAIL: 'admin@example.cn',
    CIVICGRID_ADMIN_PASSWORD: 'a-long-password',
    CIVICGRID_DEMO: '0',
  });
  expect(config).toMatchObject({ port: 0, host: '0.0.0.0', dataDir: '/var/lib/civicgrid', demo: false });
});

test('an empty variable counts as unset', () => {
  expect(readConfig({ PORT: '' }).port).toBe(3000);
});

test.each([
  [{ PORT: 'abc' }, /^PORT="abc" is invalid: /],
  [{ PORT: '70000' }, /^PORT="70000" is invalid: /],
  [{ CIVICGRID_ADMIN_EMAIL: 'nobody' }, /^CIVICGRID_ADMIN_EMAIL="nobody" is invalid: /],
  [
    { CIVICGRID_ADMIN_PASSWORD: 'short' },
    /^CIVICGRID_ADMIN_PASSWORD="short" is invalid: must be at least 10 characters$/,
  ],
])('%o is a one-line StartupError', (env, message) => {
  expect(() => readConfig(env)).toThrow(StartupError);
  expect(() => readConfig(env)).toThrow(message);
});
