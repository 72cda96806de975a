import type { AppDeps, BootstrapResult } from '@civicgrid/api';
import * as api from '@civicgrid/api';
import { StartupError } from './errors';
import type { ComposeApp, EmbeddedServices } from './runtime';

/**
 * The contract this runtime expects from `@civicgrid/api` (not exported there yet): build AppDeps on the embedded
 * services — document client on `services.dynamo`, evidence store on `services.s3`, the local issuer under
 * `services.keyDir`, and the local Step Functions engine (`startLocalStepFunctions` from `@civicgrid/workflow`) with
 * its SFN client — and return a `stop` for what it started.
 */
export type CreateLocalDeps = (services: EmbeddedServices) => Promise<{ deps: AppDeps; stop?: () => Promise<void> }>;

/** The CivicGrid API and console on the embedded services, with the first-start admin and demo seeded. */
export const composeCivicGridApp: ComposeApp = async (services) => {
  const createLocalDeps = (api as Record<string, unknown>).createLocalDeps as CreateLocalDeps | undefined;
  if (typeof createLocalDeps !== 'function') {
    throw new StartupError('@civicgrid/api does not export createLocalDeps yet, so there is no API to serve');
  }
  const { deps, stop } = await createLocalDeps(services);
  try {
    const seeded = await api.bootstrapPlatform(deps, {
      adminEmail: services.config.adminEmail,
      adminPassword: services.config.adminPassword,
      demo: services.config.demo,
    });
    const app = api.createApp(deps);
    return { fetch: (request) => app.fetch(request), banner: bannerLines(seeded), stop };
  } catch (error) {
    await stop?.();
    throw error;
  }
};

function bannerLines(result: BootstrapResult): string[] {
  const lines: string[] = [];
  if (result.admin.password) {
    lines.push(`platform admin created: ${result.admin.email}  password: ${result.admin.password}  (shown once)`);
  }
  if (result.demo?.seeded) {
    lines.push(`demo tenants: ${result.demo.slugs.join(', ')}; logins:`);
    for (const login of result.demo.logins) lines.push(`  ${login.role.padEnd(30)} ${login.email}  ${login.password}`);
  }
  return lines;
}
