import { type BootstrapResult, bootstrapPlatform, createApp, createLocalDeps } from '@civicgrid/api';
import { tileTemplates } from './http-edge';
import { type ComposeApp, WEB_DIST } from './runtime';

/**
 * The CivicGrid API and console on the embedded services: `createLocalDeps` wires the store, evidence files, the
 * local issuer (key under `<dataDir>/keys`) and the local Step Functions engine; the first start seeds the platform
 * admin and, unless CIVICGRID_DEMO=0, the demo tenants.
 */
export const composeCivicGridApp: ComposeApp = async (services) => {
  const { deps, stop, resume, resumeImports } = await createLocalDeps({
    dynamoEndpoint: services.dynamo.endpoint,
    tableName: services.dynamo.tableName,
    s3Endpoint: services.s3.endpoint,
    bucket: services.s3.bucket,
    keyDir: services.keyDir,
    // tenants may choose tile hosts the built pages' CSP allows (their `civicgrid-tiles` templates)
    config: {
      ...(services.config.publicUrl ? { publicUrl: services.config.publicUrl } : {}),
      tileSources: tileTemplates(WEB_DIST),
    },
  });
  try {
    const seeded = await bootstrapPlatform(deps, {
      adminEmail: services.config.adminEmail,
      adminPassword: services.config.adminPassword,
      demo: services.config.demo,
    });
    const app = createApp(deps);
    // the engine's executions live in memory: every open case resumes at its persisted step and deadline
    const resumeStarted = performance.now();
    const resumed = await resume();
    const banner = bannerLines(seeded);
    const took = ((performance.now() - resumeStarted) / 1000).toFixed(1);
    if (resumed > 0) banner.push(`resumed ${resumed} open case workflow(s) in ${took} s`);
    // so do imports a stop or a crash interrupted: each goes on at its last chunk checkpoint
    const imports = await resumeImports();
    if (imports > 0) banner.push(`resumed ${imports} unfinished import(s)`);
    // pass the node-server bindings on: the app reads the client's socket address for rate limits
    return {
      fetch: (request, env) => app.fetch(request, env),
      banner,
      stop,
      // without CIVICGRID_PUBLIC_URL, SMS links point at this runtime's own address (known once it listens)
      listening: (url) => {
        deps.config.publicUrl ??= url;
      },
    };
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
  if (result.demo) {
    lines.push(`demo tenants: ${result.demo.slugs.join(', ')}; logins:`);
    for (const login of result.demo.logins) lines.push(`  ${login.role.padEnd(30)} ${login.email}  ${login.password}`);
  }
  return lines;
}
