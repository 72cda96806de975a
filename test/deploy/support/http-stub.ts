import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An AWS-style service error: `__type` names it, as the JSON protocols answer. */
export class StubError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Listens on 127.0.0.1 at a free port; answers with `handle`, closing every connection on stop. */
export async function listen(
  handle: (
    req: IncomingMessage,
    body: string,
  ) => Promise<{ status?: number; headers?: Record<string, string>; body: string }>,
): Promise<{ endpoint: string; server: Server; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    void readBody(req)
      .then((body) => handle(req, body))
      .then(
        (out) => {
          res.writeHead(out.status ?? 200, { 'content-type': 'application/x-amz-json-1.1', ...out.headers });
          res.end(out.body);
        },
        (error: unknown) => {
          const e = error instanceof StubError ? error : new StubError('InternalErrorException', String(error), 500);
          res.writeHead(e.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': e.type });
          res.end(JSON.stringify({ __type: e.type, message: e.message }));
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
