// The web apps' built files (portal/dist at `/`), served from the API's own origin so the session
// cookie (path /api) goes with every call. Hashed assets are cached for a year, index.html never;
// any other path without a file extension answers index.html (the apps route in the browser).
// Text assets are gzipped once and kept in memory. Paths under /api never fall back to the app.
// The security headers (CSP, nosniff, frame-ancestors …) come from http/security-headers.ts.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface StaticApp {
  /** URL prefix, with a trailing slash (`/`, `/modeler/`). */
  prefix: string;
  /** The folder Vite built (index.html and assets/). */
  root: string;
  /** Said when the folder has not been built yet. */
  buildCommand: string;
  /** The Content-Security-Policy of this app's files, instead of the API's (http/security-headers.ts). */
  contentSecurityPolicy?: string;
}

export interface StaticAppsOptions {
  apps: readonly StaticApp[];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);
const ONE_YEAR_S = 365 * 24 * 3600;

interface Cached {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer;
}

/** The file of `relative` inside `root`, or null when it would leave the folder. */
export function fileInside(root: string, relative: string): string | null {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const path = resolve(base, normalize(`.${sep}${decoded}`));
  return path === base || path.startsWith(base + sep) ? path : null;
}

export async function staticApps(app: FastifyInstance, options: StaticAppsOptions): Promise<void> {
  const cache = new Map<string, Cached>();
  const apps = [...options.apps].sort((a, b) => b.prefix.length - a.prefix.length);

  async function isFile(path: string): Promise<{ mtimeMs: number; size: number } | null> {
    try {
      const s = await stat(path);
      return s.isFile() ? { mtimeMs: s.mtimeMs, size: s.size } : null;
    } catch {
      return null;
    }
  }

  async function send(request: FastifyRequest, reply: FastifyReply, target: StaticApp, path: string, info: { mtimeMs: number; size: number }, immutable: boolean) {
    const ext = extname(path).toLowerCase();
    if (target.contentSecurityPolicy) reply.header('content-security-policy', target.contentSecurityPolicy);
    reply.header('content-type', TYPES[ext] ?? 'application/octet-stream');
    reply.header('cache-control', immutable ? `public, max-age=${ONE_YEAR_S}, immutable` : 'no-cache');
    if (!COMPRESSIBLE.has(ext)) return reply.send(createReadStream(path));
    let hit = cache.get(path);
    if (!hit || hit.mtimeMs !== info.mtimeMs) {
      const body = await readFile(path);
      hit = { mtimeMs: info.mtimeMs, body, gzip: gzipSync(body) };
      cache.set(path, hit);
    }
    reply.header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      reply.header('content-encoding', 'gzip');
      return reply.send(hit.gzip);
    }
    return reply.send(hit.body);
  }

  app.get('/*', {
    config: { access: { public: 'the web apps’ own files (HTML, scripts, styles) hold no data; every API call they make is checked' } },
    schema: { hide: true },
    handler: async (request, reply) => {
      const url = request.url.split('?')[0] ?? '/';
      if (url === '/api' || url.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${url}` } });
      }
      const target = apps.find((a) => url.startsWith(a.prefix) || `${url}/` === a.prefix);
      if (!target) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${url}` } });
      if (`${url}/` === target.prefix) return reply.redirect(target.prefix);
      const relative = url.slice(target.prefix.length);
      const index = join(target.root, 'index.html');
      const path = relative === '' ? index : fileInside(target.root, relative);
      if (path === null) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'no such file' } });
      const info = await isFile(path);
      if (info) return send(request, reply, target, path, info, path !== index && relative.startsWith('assets/'));
      // a missing asset is a 404; any other path is a route of the app
      if (extname(relative) !== '') return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no file ${url}` } });
      const indexInfo = await isFile(index);
      if (!indexInfo) {
        return reply
          .status(503)
          .header('content-type', 'text/plain; charset=utf-8')
          .send(`This web app has not been built yet: run \`${target.buildCommand}\` and reload.\n尚未构建前端页面：请先运行 ${target.buildCommand}。\n`);
      }
      return send(request, reply, target, index, indexInfo, false);
    },
  });
}
