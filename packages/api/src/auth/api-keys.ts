import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys, type Store } from '@civicgrid/db';
import { type ApiKeyScope, apiKeyScopes, type Role, type TenantPath, UnauthorizedError } from '@civicgrid/domain';
import type { Context } from 'hono';

/** Hash of an API key as stored (the key itself is shown once and never stored). */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** An integration's key as the router resolved it: its tenant (from the key only), id, name and scopes. */
export interface ApiKeyPrincipal {
  tenantPath: TenantPath;
  keyId: string;
  name: string;
  scopes: ApiKeyScope[];
}

/**
 * The key a request carries: `X-Api-Key: <key>` or `Authorization: ApiKey <key>`; undefined when it carries none
 * (a bearer token, or nothing).
 */
export function apiKeyOf(c: Context): string | undefined {
  const header = c.req.header('x-api-key');
  if (header !== undefined) return header.trim();
  const match = /^ApiKey\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1];
}

/**
 * The key's principal, read on every request from the platform's hash item (one GetItem, no cache): revoking a
 * key deletes that item, so it stops working at once. An unknown or revoked key is a 401.
 */
export async function authenticateApiKey(store: Store, key: string): Promise<ApiKeyPrincipal> {
  if (key.length < 10 || key.length > 200)
    throw new UnauthorizedError('API key is invalid or revoked', 'invalid_api_key');
  const res = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keys.apiKeyHash(apiKeyHash(key)) }),
  );
  const item = res.Item;
  if (!item || typeof item.tenantPath !== 'string') {
    throw new UnauthorizedError('API key is invalid or revoked', 'invalid_api_key');
  }
  const scopes = Array.isArray(item.scopes)
    ? (item.scopes as string[]).filter((s): s is ApiKeyScope => (apiKeyScopes as readonly string[]).includes(s))
    : [];
  return {
    tenantPath: item.tenantPath as TenantPath,
    keyId: String(item.keyId),
    name: String(item.name ?? ''),
    scopes,
  };
}

/**
 * The staff role whose reading or reporting a scope stands for on the one route it opens: `cases:read` reads like a
 * leader (every case of the tenant, no action), `reports:create` reports like the centre; `webhooks:receive` reads
 * the webhooks and their delivery logs like the admin — each only on the routes that name the scope.
 */
export const scopeRoles: Record<ApiKeyScope, Role[]> = {
  'cases:read': ['leader'],
  'reports:create': ['dispatcher'],
  'webhooks:receive': ['tenant_admin'],
};
