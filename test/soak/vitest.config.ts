import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:soak`: the long reliability runs, kept out of `npm test` (whose config includes test/**/*.test.ts
// only). Same shared DynamoDB Local and s3rver as the main suite.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/soak/**/*.soak.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
