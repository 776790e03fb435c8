import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { actorOf } from '../../http/access';
import { CSRF_COOKIE, csrfTokenOf } from '../../http/csrf';
import { ApiError } from '../../http/errors';
import { StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { PORTAL_PAGES, ROLE_SCOPES } from '@hotline/rules';
import { type Actor, roleLabels, seesCallers } from './actor';
import { SESSION_COOKIE, changeOwnPassword, sessionToken, signIn, signOut } from './auth.service';
import type { IdentityProvider } from './identity-provider';
import { DEVICE_COOKIE, DEVICE_DAYS } from './known-devices';

/** Anonymous bodies are small: a sign-in is a name and a password; a 16 MiB body is refused unread (413). */
const SIGN_IN_BODY_LIMIT = 4 * 1024;

const RoleName = Type.String({ description: "a role of the city's pack (city.json roles), or policy / admin" });
/** What the roles grant under the city's pack in force: the portal builds its menu and words from it. */
const GrantFields = {
  pages: Type.Array(Type.Enum(PORTAL_PAGES), { description: 'portal pages besides the inbox' }),
  scope: Type.Union([Type.Enum(ROLE_SCOPES), Type.Null()], { description: 'whose tickets: the city (centre), the own unit and those below (unitTree), the own unit; null: none' }),
  roleLabels: Type.Record(Type.String(), Type.String(), { description: "each role's name in the pack's words" }),
  seesCallers: Type.Boolean({ description: "whether a role of theirs may ever see a caller (revealCaller not never): only then may they search or match by a caller's phone" }),
};
const grantsView = (actor: Actor) => ({ pages: actor.grants.pages, scope: actor.grants.scope, roleLabels: roleLabels(actor.roles, actor.grants.packRoles), seesCallers: seesCallers(actor) });
const ActorBody = StrictObject({
  username: Type.String(),
  displayName: Type.String(),
  cityId: Type.String(),
  unitId: Type.String(),
  roles: Type.Array(RoleName),
  ...GrantFields,
  mustChangePassword: Type.Boolean({ description: 'true: the password must be changed (POST /api/auth/password) before anything else' }),
});
const actorView = (actor: Actor) => ({
  username: actor.username,
  displayName: actor.displayName,
  cityId: actor.cityId,
  unitId: actor.unitId,
  roles: actor.roles,
  ...grantsView(actor),
  mustChangePassword: actor.mustChangePassword,
});

export async function authRoutes(app: App, options: { provider: IdentityProvider }): Promise<void> {
  const { loginRate } = app.authConfig;
  // per client address, before the body is read; the per-account lock is the identity provider's
  const rateLimit = {
    max: loginRate.max,
    timeWindow: loginRate.windowSeconds * 1000,
    errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
      new ApiError(429, 'TOO_MANY_ATTEMPTS', `尝试过于频繁，请在 ${Math.ceil(context.ttl / 1000)} 秒后再试`),
  };

  app.post('/api/auth/login', {
    config: { access: { public: 'signing in needs no session' }, rateLimit },
    bodyLimit: SIGN_IN_BODY_LIMIT,
    schema: {
      summary: 'Sign in with a local account; returns a session token for API clients (Bearer) and sets it as an HttpOnly cookie with its CSRF token (hotline_csrf) for the web apps, and a device cookie',
      description: 'An unknown user, a wrong password, a locked and a disabled account get the same 401. Too many attempts from one address: 429 with Retry-After.',
      tags: ['auth'],
      body: StrictObject({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 200: StrictObject({ token: Type.String(), expiresAt: Timestamp, user: ActorBody }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const context = { address: request.ip, deviceToken: request.cookies[DEVICE_COOKIE] ?? null };
      const session = await signIn(app.db, app.catalog, options.provider, request.body, context, app.authConfig);
      const cookie = { sameSite: 'strict', secure: app.authConfig.secureCookie } as const;
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookie, path: '/api', httpOnly: true, expires: session.expiresAt });
      // readable by the web apps (portal at /, modeler at /modeler/), which echo it in x-csrf-token
      reply.setCookie(CSRF_COOKIE, csrfTokenOf(session.token), { ...cookie, path: '/', httpOnly: false, expires: session.expiresAt });
      if (session.deviceToken) reply.setCookie(DEVICE_COOKIE, session.deviceToken, { ...cookie, path: '/api/auth/login', httpOnly: true, maxAge: DEVICE_DAYS * 86_400 });
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: actorView(session.actor) };
    },
  });

  app.post('/api/auth/logout', {
    config: { access: { signedIn: true }, duringPasswordChange: true },
    schema: { summary: 'End this session', tags: ['auth'], response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      const token = sessionToken(request);
      if (token) await signOut(app.db, token, actorOf(request), request.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/api' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.post('/api/auth/password', {
    config: { access: { signedIn: true }, duringPasswordChange: true, rateLimit },
    bodyLimit: SIGN_IN_BODY_LIMIT,
    schema: {
      summary: "Change one's own password (needs the current one); the person's other sessions end",
      description: 'The new password must meet the configured policy (PASSWORD_POLICY); refusals are 422 with Chinese messages at /newPassword.',
      tags: ['auth'],
      body: StrictObject({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 204: Type.Null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await changeOwnPassword(app.db, actorOf(request), sessionToken(request), request.body, app.authConfig);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/auth/me', {
    config: { access: { signedIn: true }, duringPasswordChange: true },
    schema: { summary: 'Who is signed in', tags: ['auth'], response: { 200: ActorBody, ...errorResponses } },
    handler: async (request) => actorView(actorOf(request)),
  });

  app.get('/api/me', {
    config: { access: { signedIn: true }, duringPasswordChange: true },
    schema: {
      summary: 'Who is signed in, with their unit and city (TASKS-API.md)',
      tags: ['auth'],
      response: {
        200: StrictObject({
          user: StrictObject({
            id: Type.String(),
            username: Type.String(),
            name: Type.String(),
            roles: Type.Array(RoleName),
            ...GrantFields,
            unit: Type.Union([StrictObject({ code: Type.String(), name: Type.String() }), Type.Null()]),
            mustChangePassword: Type.Boolean({ description: 'true: the password must be changed before anything else' }),
          }),
          city: StrictObject({ id: Type.String(), name: Type.String() }),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      const unit = await app.db('units').where({ id: actor.unitId }).first('code', 'name');
      const city = await app.db('cities').where({ id: actor.cityId }).first('id', 'name');
      return {
        user: {
          id: actor.userId,
          username: actor.username,
          name: actor.displayName,
          roles: actor.roles,
          ...grantsView(actor),
          unit: unit ? { code: unit.code, name: unit.name } : null,
          mustChangePassword: actor.mustChangePassword,
        },
        city: { id: city.id, name: city.name },
      };
    },
  });
}
