/** The worker app's calls: same origin, the session token from localStorage. */

const SESSION_KEY = 'civicgrid.field.session';

export interface Session {
  token: string;
  userId: string;
  name: string;
  gridCodes: string[];
}

export function loadSession(): Session | undefined {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
}

/** An answer of the API that is not a success: the error shape's message and the first field it names. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A network failure (no signal): the write stays queued. */
export class Offline extends Error {}

export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string; idempotencyKey?: string } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Offline('offline');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const error = (json as { error?: { message?: string; details?: { path?: string; message?: string }[] } })?.error;
    const detail = error?.details?.[0];
    throw new ApiFailure(res.status, detail?.message ?? error?.message ?? `HTTP ${res.status}`, detail?.path);
  }
  return json as T;
}

/** PUT a photo to its presigned URL (the bucket); a network failure is `Offline`. */
export async function putFile(upload: { uploadUrl: string; headers?: Record<string, string> }, blob: Blob) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(upload.headers ?? {})) if (!/^(content-length|host)$/i.test(k)) headers[k] = v;
  let res: Response;
  try {
    res = await fetch(upload.uploadUrl, { method: 'PUT', headers, body: blob });
  } catch {
    throw new Offline('offline');
  }
  if (!res.ok) throw new ApiFailure(res.status, `upload failed: HTTP ${res.status}`);
}
