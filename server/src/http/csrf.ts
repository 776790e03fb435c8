// CSRF protection for requests the browser signs in with the session cookie: a double-submit token
// bound to the session. At sign-in the server sets a second, readable cookie (hotline_csrf) holding a
// hash of the session token; the web apps copy it into the x-csrf-token header of every state-changing
// request, which the server compares with the hash of the session cookie the request carries. Another
// site can make the browser send the cookies but can neither read them nor set the header.
// Requests with an Authorization header (CLI, tests) are exempt: browsers never attach it on their own.
// SameSite=Strict on both cookies is the first line; this is the second (ASVS 4.0 V4.2.2, V3.5.3).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';

export const CSRF_COOKIE = 'hotline_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session: knowing it says nothing of the session token. */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`hotline-csrf\0${sessionToken}`).digest('base64url');
}

const csrfRefused = () =>
  new ApiError(403, 'CSRF_TOKEN_INVALID', '请求缺少有效的防伪令牌（x-csrf-token），请刷新页面后重试。');

/** `sessionCookie`: the name of the session cookie (the only credential this guards). */
export function installCsrfProtection(app: FastifyInstance, sessionCookie: string): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.headers.authorization) return;
    const session = request.cookies[sessionCookie];
    if (!session) return; // no cookie session: access control answers
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return; // a public route does not use the session
    const sent = Buffer.from(String(request.headers[CSRF_HEADER] ?? ''));
    const expected = Buffer.from(csrfTokenOf(session));
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) throw csrfRefused();
  });
}
