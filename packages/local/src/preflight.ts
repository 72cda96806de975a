import { createServer } from 'node:net';
import { prepareDataDir } from './data-dir';
import { StartupError } from './errors';
import { findJava } from './services/java';

export interface PreflightInput {
  host: string;
  port: number;
  dataDir: string;
}

/** Checks what a person can fix before anything starts; each failure is a StartupError with a one-line reason. */
export async function preflight(input: PreflightInput): Promise<{ dataDir: string }> {
  findJava();
  const dataDir = prepareDataDir(input.dataDir);
  await assertPortFree(input.host, input.port);
  return { dataDir };
}

/** Fails with `PORT <n> is already in use` when something listens there (port 0 always passes). */
export function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** The one-line reason for a failed listen, shared by the preflight probe and the real HTTP server. */
export function listenError(error: NodeJS.ErrnoException, host: string, port: number): StartupError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(`PORT ${port} is already in use`, { cause: error });
    case 'EACCES':
      return new StartupError(`PORT ${port} needs privileges this user does not have; choose a port above 1023`, {
        cause: error,
      });
    case 'EADDRNOTAVAIL':
      return new StartupError(`HOST ${host} is not an address of this machine`, { cause: error });
    default:
      return new StartupError(`cannot listen on ${host}:${port} (${error.code ?? error.message})`, { cause: error });
  }
}
