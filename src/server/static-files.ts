// Serving the renderer build: correct content types, the SPA's index.html for client-side
// routes, nothing outside the root (no `..`, no encoded escapes, no symlinks out), and cache
// headers that let hashed assets stay cached while index.html is always revalidated.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Vite's build puts content-hashed files under assets/: safe to cache for good. */
function cacheControl(relPath: string): string {
  return /^assets[/\\].+[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(relPath)
    ? 'private, max-age=31536000, immutable'
    : 'no-cache';
}

export type Resolved = { kind: 'file'; abs: string; rel: string; size: number; mtimeMs: number } | { kind: 'missing' } | { kind: 'refused' };

/**
 * Map a URL path to a file under `root`. Refused: undecodable paths, NUL bytes, backslashes,
 * anything whose normalised path or real path (after symlinks) lies outside the root.
 */
export async function resolveStatic(root: string, urlPath: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  const rootAbs = resolve(root);
  const abs = resolve(join(rootAbs, decoded));
  if (!inside(rootAbs, abs)) return { kind: 'refused' };
  try {
    const real = await realpath(abs);
    if (!inside(await realpath(rootAbs), real)) return { kind: 'refused' };
    const st = await stat(real);
    if (!st.isFile()) return { kind: 'missing' };
    return { kind: 'file', abs: real, rel: relative(rootAbs, abs), size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return { kind: 'missing' };
  }
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** A route of the single-page app (no file extension) falls back to index.html; a missing asset is a 404. */
function isAppRoute(urlPath: string): boolean {
  return extname(urlPath) === '';
}

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void> {
  const path = urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath;
  let found = await resolveStatic(root, path);
  if (found.kind === 'refused') return plain(res, 400, 'bad path');
  if (found.kind === 'missing' && isAppRoute(path)) found = await resolveStatic(root, '/index.html');
  if (found.kind !== 'file') {
    return path === '/index.html' || isAppRoute(path)
      ? plain(res, 503, 'the dashboard is not built: run `npm run build` and start the server again')
      : plain(res, 404, 'not found');
  }
  const etag = `W/"${found.size.toString(16)}-${Math.floor(found.mtimeMs).toString(16)}"`;
  res.setHeader('Content-Type', contentType(found.abs));
  res.setHeader('Cache-Control', cacheControl(found.rel));
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('Content-Length', found.size);
  res.statusCode = 200;
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.abs);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text + '\n');
}
