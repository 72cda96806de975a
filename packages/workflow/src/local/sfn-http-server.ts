import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { LocalSfnError } from './local-sfn-error';

/** One Step Functions API operation: the parsed JSON request in, the JSON response out. */
export type SfnOperation = (request: Record<string, unknown>) => Promise<Record<string, unknown>>;

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Step Functions caps inputs and outputs at 256 KiB; a request body a little over that is plenty. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An HTTP server speaking the Step Functions AWS JSON 1.0 protocol (`POST /`, `X-Amz-Target:
 * AWSStepFunctions.<Op>`), so `@aws-sdk/client-sfn` works against it unchanged.
 */
export function createSfnHttpServer(operations: Record<string, SfnOperation>): Server {
  return createServer((req, res) => {
    handle(operations, req, res).catch((error: unknown) => {
      send(res, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
    });
  });
}

async function handle(
  operations: Record<string, SfnOperation>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
      throw new LocalSfnError('UnknownOperationException', `Unsupported request ${req.method} ${target}`, 404);
    }
    const operation = operations[target.slice(TARGET_PREFIX.length)];
    if (!operation) throw new LocalSfnError('UnknownOperationException', `Unsupported operation ${target}`);
    const request = parseBody(await readBody(req));
    send(res, 200, await operation(request));
  } catch (error) {
    if (!(error instanceof LocalSfnError)) throw error;
    send(res, error.status, { __type: error.type, message: error.message });
  }
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new LocalSfnError('SerializationException', 'The request body is not a JSON object');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new LocalSfnError('ValidationException', 'The request body is too large', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  };
  if (typeof body.__type === 'string') headers['x-amzn-errortype'] = body.__type;
  res.writeHead(status, headers);
  res.end(text);
}
