// `POST /api/<method>` with a JSON body: the same table for scripts (curl with a bearer token).
// The reply body is a CallReply; the HTTP status follows the error code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorCode, ApiHandlers } from '../shared/api.js';
import { callReply, MAX_WIRE_BYTES, type CallReply } from '../shared/wire.js';

export const API_PREFIX = '/api/';

const STATUS: Record<ApiErrorCode, number> = {
  bad_input: 400,
  not_found: 404,
  ambiguous: 409,
  conflict: 409,
  failed: 500,
  unavailable: 503,
  internal: 500,
};

function reply(res: ServerResponse, status: number, body: CallReply): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

const fail = (res: ServerResponse, status: number, code: ApiErrorCode, message: string) =>
  reply(res, status, { ok: false, error: { code, message } });

/** Read the body, refusing (without buffering it) anything over the wire limit. */
function readBody(req: IncomingMessage): Promise<string | 'too_big'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_WIRE_BYTES) return resolve('too_big');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WIRE_BYTES) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        resolve('too_big');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function serveApi(
  handlers: ApiHandlers,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  log: (line: string) => void,
): Promise<void> {
  let method: string;
  try {
    method = decodeURIComponent(path.slice(API_PREFIX.length));
  } catch {
    return fail(res, 400, 'bad_input', 'the method name in the path is not valid percent-encoding');
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return fail(res, 405, 'bad_input', `use POST ${API_PREFIX}${method} with a JSON body`);
  }
  const body = await readBody(req);
  if (body === 'too_big') {
    res.setHeader('Connection', 'close');
    return fail(res, 413, 'bad_input', `the request body is over the ${MAX_WIRE_BYTES} byte limit`);
  }
  let input: unknown;
  try {
    input = body.trim() === '' ? undefined : JSON.parse(body);
  } catch (err) {
    return fail(res, 400, 'bad_input', `malformed JSON: ${(err as Error).message}`);
  }
  const out = await callReply(handlers, method, input);
  if (!out.ok && out.error.code === 'internal') log(`web: ${method} failed: ${out.error.message}`);
  reply(res, out.ok ? 200 : STATUS[out.error.code], out);
}
