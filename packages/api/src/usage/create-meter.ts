import { type Store, TenantRepository, UsageRepository, withPlatformCredentials } from '@civicgrid/db';
import { UsageMeter } from './meter';

/**
 * The app's usage meter over the table. Flushes write many tenants' items and resolve public slugs through the
 * platform registry, so they run with the platform credentials even when a request's tenant context is active.
 */
export function createUsageMeter(
  store: Store,
  log?: (entry: Record<string, unknown>) => void,
  options: { flushEveryRequest?: boolean } = {},
): UsageMeter {
  const usage = new UsageRepository(store);
  const tenants = new TenantRepository(store);
  return new UsageMeter({
    sink: { apply: (write) => withPlatformCredentials(() => usage.apply(write)) },
    resolveSlug: (slug) => withPlatformCredentials(async () => (await tenants.getBySlug(slug))?.path),
    log,
    flushEveryRequest: options.flushEveryRequest,
  });
}
