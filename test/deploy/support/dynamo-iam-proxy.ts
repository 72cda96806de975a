import { request as httpRequest } from 'node:http';
import { listen } from './http-stub';
import { isAllowed, type Statement } from './iam-eval';
import type { StsSession } from './sts-secrets-standin';

// biome-ignore lint/suspicious/noExplicitAny: DynamoDB JSON requests, read loosely
type Json = Record<string, any>;

export interface DynamoIamProxyOptions {
  /** DynamoDB Local */
  target: string;
  /** table name → its ARN (as the policy names it) */
  tableArn: (tableName: string) => string;
  /** partition key attribute of the table and of each index */
  hashKeys: Record<string, string>;
  /** session token → tenant session (the STS stand-in's) */
  sessions: Map<string, StsSession>;
  /** the tenant role's policy statements, from the template */
  tenantPolicy: Statement[];
  /** fault injection: an error to answer instead of forwarding (`__type`, message) */
  fault?: (operation: string, body: Json) => { type: string; message: string } | undefined;
}

const OP_ACTION: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

/** (action, table, index?, partition keys) of each item a request touches, as IAM authorizes them. */
function accesses(
  op: string,
  body: Json,
  hashKeys: Record<string, string>,
): Array<{ action: string; table: string; index?: string; keys: string[] }> {
  const pk = (item: Json | undefined, attr = hashKeys.table as string) => (item?.[attr]?.S as string | undefined) ?? '';
  switch (op) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [{ action: op, table: body.TableName, keys: [pk(body.Key)] }];
    case 'PutItem':
      return [{ action: op, table: body.TableName, keys: [pk(body.Item)] }];
    case 'Query': {
      const attr = body.IndexName ? (hashKeys[body.IndexName] as string) : (hashKeys.table as string);
      const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
      const values = (body.ExpressionAttributeValues ?? {}) as Json;
      let key = '';
      for (const m of String(body.KeyConditionExpression).matchAll(/(#?[A-Za-z0-9_]+)\s*=\s*(:[A-Za-z0-9_]+)/g)) {
        const name = m[1]?.startsWith('#') ? names[m[1]] : m[1];
        if (name === attr) key = values[m[2] as string]?.S ?? '';
      }
      return [{ action: 'Query', table: body.TableName, index: body.IndexName, keys: [key] }];
    }
    case 'BatchGetItem':
      return Object.entries(body.RequestItems as Json).map(([table, r]) => ({
        action: 'BatchGetItem',
        table,
        keys: (r.Keys as Json[]).map((k) => pk(k)),
      }));
    case 'BatchWriteItem':
      return Object.entries(body.RequestItems as Json).map(([table, rs]) => ({
        action: 'BatchWriteItem',
        table,
        keys: (rs as Json[]).map((r) => pk(r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
      }));
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return (body.TransactItems as Json[]).map((t) => {
        const [kind, part] = Object.entries(t)[0] as [string, Json];
        return { action: OP_ACTION[kind] as string, table: part.TableName, keys: [pk(part.Item ?? part.Key)] };
      });
    default:
      return [{ action: op, table: body.TableName ?? '', keys: [] }];
  }
}

/**
 * In front of DynamoDB Local: a request signed with a tenant session's token (from the STS stand-in) is
 * evaluated against the tenant role's policy from the template — action, table or index ARN, and
 * `dynamodb:LeadingKeys` with the session's `TenantPath` tag — and refused with AccessDeniedException as DynamoDB
 * would; everything else (the function role's platform requests) is forwarded as is.
 */
export async function startDynamoIamProxy(options: DynamoIamProxyOptions) {
  const denied: string[] = [];
  const target = new URL(options.target);
  const service = await listen(async (req, raw) => {
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const body = JSON.parse(raw || '{}') as Json;
    const fault = options.fault?.(op, body);
    if (fault) {
      return {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`, message: fault.message }),
      };
    }
    const session = options.sessions.get(String(req.headers['x-amz-security-token'] ?? ''));
    if (session) {
      for (const a of accesses(op, body, options.hashKeys)) {
        const resource = `${options.tableArn(a.table)}${a.index ? `/index/${a.index}` : ''}`;
        const ok = isAllowed(options.tenantPolicy, {
          action: `dynamodb:${a.action}`,
          resource,
          keys: { 'dynamodb:LeadingKeys': a.keys },
          principalTags: session.tags,
        });
        if (!ok) {
          denied.push(`${a.action} ${a.keys.join(',')} as ${session.tags.TenantPath}`);
          return {
            status: 400,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: JSON.stringify({
              __type: 'com.amazon.coral.service#AccessDeniedException',
              message: `User: ${session.roleArn}/${session.sessionName} is not authorized to perform: dynamodb:${a.action} on resource: ${resource}`,
            }),
          };
        }
      }
    }
    const answer = await new Promise<{ status: number; headers: Record<string, string>; body: string }>(
      (resolve, reject) => {
        const forward = httpRequest(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 500,
                headers: {
                  'content-type': String(res.headers['content-type'] ?? 'application/x-amz-json-1.0'),
                  ...(res.headers['x-amz-crc32'] ? { 'x-amz-crc32': String(res.headers['x-amz-crc32']) } : {}),
                },
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          },
        );
        forward.on('error', reject);
        forward.end(raw);
      },
    );
    return answer;
  });
  return { endpoint: service.endpoint, denied, stop: service.stop };
}
