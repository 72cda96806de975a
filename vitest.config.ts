import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'infra/test/**/*.test.ts',
      'test/**/*.test.ts',
      'functions/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', '**/cdk.out/**'],
    // One DynamoDB Local and one s3rver for the whole run; each test file brings its own table and bucket.
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    // a page under load takes more than the default second to show what a poll waits for (a pass is no slower)
    expect: { poll: { timeout: 10_000 } },
    // the deploy-shaped suite imports the Lambda bundles CDK synthesized: Node loads them untransformed
    server: { deps: { external: [/cdk\.out/] } },
    hookTimeout: 120_000,
  },
});
