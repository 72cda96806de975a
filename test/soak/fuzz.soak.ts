import { describeRouteFuzz } from '../reliability/route-fuzz';

// The route fuzzer of test/reliability at soak depth (FUZZ_RUNS to change it).
await describeRouteFuzz(Number(process.env.FUZZ_RUNS ?? 500));
