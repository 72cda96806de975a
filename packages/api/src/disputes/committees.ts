import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { committeeTypes, ProcessRuleError, requiredText, type TenantPath } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import type { Route } from '../http/routes';
import { jsonBody } from '../http/validate';

/** Mediation committees (人民 / 行政 / 司法调解, 三调联动) and their mediators, as tenant configuration. */
export const committeesBody = z.object({
  committees: z
    .array(
      z.object({
        name: requiredText('committees.name', 100),
        type: z.enum(committeeTypes, { error: 'committees.type is people, administrative or judicial' }),
        mediators: z.array(requiredText('committees.mediators', 50)).max(200),
      }),
    )
    .max(100, { error: 'committees holds at most 100' }),
});
export type Committees = z.infer<typeof committeesBody>['committees'];

const key = (path: TenantPath) => ({ PK: `${path}PROCESS#SETTINGS`, SK: 'dispute#committees' });

export async function committeesOf(deps: AppDeps, path: TenantPath): Promise<Committees> {
  const res = await deps.store.doc.send(new GetCommand({ TableName: deps.store.tableName, Key: key(path) }));
  return (res.Item?.committees as Committees | undefined) ?? [];
}

/**
 * Once a tenant has configured its committees, a mediation session names one of them and one of its mediators
 * (422 naming the field); a tenant without configuration records free text.
 */
export async function checkMediation(deps: AppDeps, path: TenantPath, action: string, body: unknown): Promise<void> {
  if (action !== 'mediate') return;
  const committees = await committeesOf(deps, path);
  if (committees.length === 0) return;
  const { committee, mediator } = body as { committee: string; mediator: string };
  const found = committees.find((c) => c.name === committee);
  if (!found) {
    throw new ProcessRuleError('Not a mediation committee of this tenant', [
      { path: 'committee', message: `one of ${committees.map((c) => c.name).join(', ')}` },
    ]);
  }
  if (found.mediators.length > 0 && !found.mediators.includes(mediator)) {
    throw new ProcessRuleError('Not a mediator of this committee', [
      { path: 'mediator', message: `one of ${found.mediators.join(', ')}` },
    ]);
  }
}

export function registerCommitteeRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/api/dispute-committees',
      operationId: 'getDisputeCommittees',
      isolation: 'tenant',
      permission: 'dispute.read',
      summary: 'The tenant’s mediation committees (people’s, administrative, judicial) and their mediators',
    },
    async (c) => c.json({ committees: await committeesOf(deps, claimsOf(c).tenantPath) }),
  );
  route(
    {
      method: 'PUT',
      path: '/api/dispute-committees',
      operationId: 'setDisputeCommittees',
      isolation: 'tenant',
      permission: 'process.configure',
      summary: 'Set the mediation committees and mediators (a session must then name one of them)',
      body: committeesBody,
    },
    async (c) => {
      const body = await jsonBody(c, committeesBody);
      const path = claimsOf(c).tenantPath;
      await deps.store.doc.send(
        new PutCommand({ TableName: deps.store.tableName, Item: { ...key(path), committees: body.committees } }),
      );
      return c.json(body);
    },
  );
}
