// Security headers on every response (API and the web apps' files) by @fastify/helmet, and
// `Cache-Control: no-store` on every API answer (they carry personal data; no cache, proxy or back
// button keeps one). The Content-Security-Policy is the one both built apps run under:
// - scripts only from this origin: no inline scripts, no eval (the modeler's pages excepted: see
//   contentSecurityPolicy's evalForSchemas);
// - styles from this origin and inline: antd's CSS-in-JS writes <style> elements and bpmn-js sets style
//   attributes at run time. Styles cannot run code; the risk left (CSS used to leak a page's text) is
//   documented in docs/security/C-headers-session.md;
// - images also from data: and blob: (the favicon `data:,`, bpmn-js's icons, downloaded diagrams);
// - no plugins, no <base> elsewhere, forms post only here, no framing by anyone.
// HSTS (and upgrade-insecure-requests) only when the server is reached over HTTPS, which COOKIE_SECURE
// says (on unless the server listens on loopback): a laptop on http://127.0.0.1 must not be told to use https.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const HSTS_MAX_AGE_S = 365 * 24 * 3600;

type Directives = Record<string, string[] | null>;

/**
 * The policy; `evalForSchemas`: the page's own scripts may compile code (the modeler: ajv turns the JSON
 * Schemas being written into functions with `new Function`), never inline or foreign scripts.
 * See docs/security/C-headers-session.md.
 */
export function contentSecurityPolicy(overHttps: boolean, options: { evalForSchemas?: boolean } = {}): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': options.evalForSchemas ? ["'self'", "'unsafe-eval'"] : ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'upgrade-insecure-requests': overHttps ? [] : null,
  };
}

/** The policy as the header's text (a web app's page overrides the API's stricter one with it). */
export function policyText(directives: Directives): string {
  return Object.entries(directives)
    .filter((entry): entry is [string, string[]] => entry[1] !== null)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

export async function installSecurityHeaders(app: FastifyInstance, options: { overHttps: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options.overHttps) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.overHttps ? { maxAge: HSTS_MAX_AGE_S, includeSubDomains: true } : false,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/api' || request.url.startsWith('/api/') || request.url.startsWith('/api?')) reply.header('cache-control', 'no-store');
  });
}
