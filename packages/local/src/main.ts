import { readConfig } from './config';
import { StartupError } from './errors';
import { startRuntime } from './runtime';
import { createShutdown, exitOnSignals } from './signals';

/** `npm start`: one line on failure (`civicgrid: <reason>`, exit 1), a clean stop on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  const shutdown = createShutdown({ log: (line) => console.error(`civicgrid: ${line}`) });
  // Signals during start-up also stop whatever has started so far.
  exitOnSignals(shutdown);
  // The API is loaded only once the preflight has passed, so a one-line refusal comes at once.
  const runtime = await startRuntime(readConfig(), {
    composeApp: async (services) => (await import('./compose-app')).composeCivicGridApp(services),
  });
  shutdown.add('runtime', () => runtime.stop());
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    console.error(`civicgrid: ${error.message}`);
  } else {
    console.error('civicgrid: unexpected failure during start-up');
    console.error(error);
  }
  process.exit(1);
});
