import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CaseRepository, CursorCodec, keys, pageLimit } from '@civicgrid/db';
import { ConflictError, maskPhone, NotFoundError, requiredText, type TenantPath } from '@civicgrid/domain';
import * as z from 'zod';
import { DEFAULT_DUPLICATE_RADIUS_M, findNearbyOpenCases, REGISTER_HINT_SCOPE } from '../cases/duplicates';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import { outboxPageSchema } from '../http/response-schemas';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { caseOwner } from './cases';

const publicationSchema = z.object({
  description: requiredText('description', 500),
});

const outboxQuery = z.object({
  limit: z.string().optional(),
  cursor: z.string().max(2000).optional(),
  tenantId: z.string().max(40).optional(),
});

/** The staff side of the citizen channel: duplicate hints while registering, and the outgoing messages. */
export function registerCitizenChannelRoutes(route: Route, deps: AppDeps): void {
  const cases = new CaseRepository(deps.store, deps.config.cursorSecret);
  const cursors = new CursorCodec(deps.config.cursorSecret);
  const radius = deps.config.duplicateRadiusMeters ?? DEFAULT_DUPLICATE_RADIUS_M;

  route(
    {
      method: 'GET',
      path: '/api/cases/:id/duplicates',
      operationId: 'listCaseDuplicates',
      isolation: 'tenant',
      permission: 'case.register',
      summary: 'Open cases of the same category near this one (possible duplicates)',
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const id = param(c, 'id', 'Case');
      // registering happens in the case's own tenant, so only the caller's own cases are compared
      if (caseOwner(id) !== path) throw new NotFoundError('Case');
      const stored = await cases.get(path, id);
      if (!stored) throw new NotFoundError('Case');
      const nearby = await findNearbyOpenCases(
        cases,
        path,
        { location: stored.state.location, categoryCode: stored.state.categoryCode, excludeId: id },
        radius,
        REGISTER_HINT_SCOPE,
      );
      return c.json({
        radiusMeters: radius,
        items: nearby.map(({ state, distanceMeters }) => ({
          id: state.id,
          trackingCode: state.trackingCode,
          step: state.step,
          categoryCode: state.categoryCode,
          description: state.description,
          createdAt: state.createdAt,
          distanceMeters,
        })),
      });
    },
  );

  /** A case of the caller's own tenant filed from outside (only those are public through Open311). */
  async function ownOutsideCase(path: TenantPath, id: string) {
    if (caseOwner(id) !== path) throw new NotFoundError('Case');
    const stored = await cases.get(path, id);
    if (!stored) throw new NotFoundError('Case');
    if (!stored.state.trackingCode) {
      throw new ConflictError('Only reports filed by citizens or Open311 clients are public', 'not_public');
    }
    return stored;
  }

  route(
    {
      method: 'PUT',
      path: '/api/cases/:id/publication',
      operationId: 'publishCase',
      isolation: 'tenant',
      permission: 'case.register',
      summary: 'Publish a reviewed public text for a citizen report (Open311 reads show it, with the exact place)',
      body: publicationSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const stored = await ownOutsideCase(claims.tenantPath, param(c, 'id', 'Case'));
      const input = await jsonBody(c, publicationSchema);
      const publication = { description: input.description, by: claims.userId, at: deps.clock().toISOString() };
      await cases.setPublication(claims.tenantPath, stored.state.id, publication);
      return c.json(publication);
    },
  );

  route(
    {
      method: 'DELETE',
      path: '/api/cases/:id/publication',
      operationId: 'withdrawCasePublication',
      isolation: 'tenant',
      permission: 'case.register',
      summary: 'Withdraw the public text of a citizen report',
    },
    async (c) => {
      const claims = claimsOf(c);
      const stored = await ownOutsideCase(claims.tenantPath, param(c, 'id', 'Case'));
      await cases.setPublication(claims.tenantPath, stored.state.id, undefined);
      return c.body(null, 204);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/outbox',
      operationId: 'listOutbox',
      response: outboxPageSchema,
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'Messages sent by the tenant (SMS to citizens, notices to staff), newest first; phones masked',
    },
    async (c) => {
      const q = queryParams(c, outboxQuery);
      // like every tenant list: a district may read an approved tenant below it with `?tenantId=`
      const pk = keys.outboxPK(await scopedTenantPath(c, deps, q.tenantId));
      const res = await deps.store.doc.send(
        new QueryCommand({
          TableName: deps.store.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: false,
          Limit: pageLimit(q.limit),
          ExclusiveStartKey: cursors.decode(q.cursor, (k) => k.PK === pk),
        }),
      );
      const items = (res.Items ?? []).map((item) => ({
        id: String(item.SK),
        at: item.at,
        kind: item.kind,
        channel: item.channel,
        caseId: item.caseId,
        text: item.text,
        ...(typeof item.to === 'string' ? { to: maskPhone(item.to) } : {}),
      }));
      return c.json({ items, cursor: cursors.encode(res.LastEvaluatedKey) });
    },
  );
}

/** The phone mask is shared with every module (domain `sensitive/masking`). */
export { maskPhone };
