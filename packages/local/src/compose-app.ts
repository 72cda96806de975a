import { type BootstrapResult, bootstrapPlatform, createApp, createLocalDeps } from '@civicgrid/api';
import type { ComposeApp } from './runtime';

/**
 * The CivicGrid API and console on the embedded services: `createLocalDeps` wires the store, evidence files, the
 * local issuer (key under `<dataDir>/keys`) and the local Step Functions engine; the first start seeds the platform
 * admin and, unless CIVICGRID_DEMO=0, the demo tenants.
 */
export const composeCivicGridApp: ComposeApp = async (services) => {
  const { deps, stop } = await createLocalDeps({
    dynamoEndpoint: services.dynamo.endpoint,
    tableName: services.dynamo.tableName,
    s3Endpoint: services.s3.endpoint,
    bucket: services.s3.bucket,
    keyDir: services.keyDir,
  });
  try {
    const seeded = await bootstrapPlatform(deps, {
      adminEmail: services.config.adminEmail,
      adminPassword: services.config.adminPassword,
      demo: services.config.demo,
    });
    const app = createApp(deps);
    return { fetch: (request) => app.fetch(request), banner: bannerLines(seeded), stop };
  } catch (error) {
    await stop();
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
