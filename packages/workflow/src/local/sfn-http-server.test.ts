import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSfnError } from './local-sfn-error';
import { createSfnHttpServer } from './sfn-http-server';

const server = createSfnHttpServer({
  Echo: async (request) => ({ echoed: request }),
  Refuse: async () => {
    throw new LocalSfnError('TaskDoesNotExist', 'gone');
  },
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const call = (target: string, body: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' },
    body,
  });

describe('createSfnHttpServer', () => {
  it('dispatches on X-Amz-Target and answers AWS JSON 1.0', async () => {
    const res = await call('AWSStepFunctions.Echo', '{"a":1}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await res.json()).toEqual({ echoed: { a: 1 } });
  });

  it('answers errors with __type and the x-amzn-errortype header', async () => {
    const res = await call('AWSStepFunctions.Refuse', '{}');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('TaskDoesNotExist');
    expect(await res.json()).toEqual({ __type: 'TaskDoesNotExist', message: 'gone' });
  });

  it('refuses unknown operations and bodies that are not JSON objects', async () => {
    expect(await (await call('AWSStepFunctions.CreateStateMachine', '{}')).json()).toMatchObject({
      __type: 'UnknownOperationException',
    });
    const bad = await call('AWSStepFunctions.Echo', '[1');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ __type: 'SerializationException' });
  });
});
