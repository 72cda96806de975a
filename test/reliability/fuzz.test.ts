import { describeRouteFuzz } from './route-fuzz';

// Quick enough for `npm test`; `npm run test:soak` runs the same fuzzer with many more cases per route.
await describeRouteFuzz(Number(process.env.FUZZ_RUNS ?? 30));
