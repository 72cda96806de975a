import { ProcessSettingsRepository } from '@civicgrid/db';
import { can, clockValue, NotFoundError, ValidationError } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { jsonBody } from '../http/validate';
import { kindsOf } from './service';

const clocksBody = z.object({
  clocks: z.record(
    z.string().max(40),
    z
      .int({ error: 'clocks values are whole numbers' })
      .positive({ error: 'clocks values must be positive' })
      .max(365, { error: 'clocks values are at most 365' }),
    { error: 'clocks maps a clock name to its value' },
  ),
});

/** Each kind's clocks for the caller's tenant: the statutory default, the tenant's value, the unit. */
export function registerProcessSettingsRoutes(route: Route, deps: AppDeps): void {
  const settings = new ProcessSettingsRepository(deps.store);
  // a hidden kind (special populations) does not exist for a role that may not read it
  const kindOf = (name: string, roles: readonly string[]) => {
    const kind = kindsOf(deps).find((k) => k.kind === name);
    if (!kind || (kind.hidden && !can(roles, kind.permissions.read))) throw new NotFoundError('Process kind');
    return kind;
  };
  const view = async (path: Parameters<typeof settings.clocks>[0], name: string, roles: readonly string[]) => {
    const kind = kindOf(name, roles);
    const values = await settings.clocks(path, kind.kind);
    return {
      kind: kind.kind,
      clocks: Object.entries(kind.clocks).map(([clock, spec]) => ({
        name: clock,
        label: spec.label,
        unit: spec.unit,
        default: spec.value,
        value: clockValue(kind, clock, values),
      })),
    };
  };

  route(
    {
      method: 'GET',
      path: '/api/process-settings/:kind',
      operationId: 'getProcessSettings',
      isolation: 'tenant',
      permission: 'tenant.read',
      summary: 'The clocks of a process kind (dispute, petition, …) for this tenant: statutory default and value',
    },
    async (c) => c.json(await view(claimsOf(c).tenantPath, param(c, 'kind', 'Process kind'), claimsOf(c).roles)),
  );

  route(
    {
      method: 'PUT',
      path: '/api/process-settings/:kind',
      operationId: 'setProcessSettings',
      isolation: 'tenant',
      permission: 'process.configure',
      summary: 'Set this tenant’s clock values of a process kind (`{ "clocks": { "acceptance": 10 } }`)',
      body: clocksBody,
    },
    async (c) => {
      const { tenantPath: path, roles } = claimsOf(c);
      const kind = kindOf(param(c, 'kind', 'Process kind'), roles);
      const body = await jsonBody(c, clocksBody);
      const unknown = Object.keys(body.clocks).find((name) => !Object.hasOwn(kind.clocks, name));
      if (unknown) {
        throw new ValidationError(`${kind.label} has no clock ${unknown}`, [
          { path: `clocks.${unknown}`, message: `one of ${Object.keys(kind.clocks).join(', ')}` },
        ]);
      }
      await settings.setClocks(path, kind.kind, body.clocks);
      return c.json(await view(path, kind.kind, roles));
    },
  );
}
