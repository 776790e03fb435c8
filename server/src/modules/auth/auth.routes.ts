import { Type } from 'typebox';
import type { App } from '../../http/app-types';
import { actorOf } from '../../http/access';
import { CSRF_COOKIE, csrfTokenOf } from '../../http/csrf';
import { StrictObject, Timestamp, errorResponses } from '../../http/schemas';
import { PORTAL_PAGES, ROLE_SCOPES } from '@hotline/rules';
import { type Actor, roleLabels } from './actor';
import { SESSION_COOKIE, sessionToken, signIn, signOut } from './auth.service';
import type { IdentityProvider } from './identity-provider';

const RoleName = Type.String({ description: "a role of the city's pack (city.json roles), or policy / admin" });
/** What the roles grant under the city's pack in force: the portal builds its menu and words from it. */
const GrantFields = {
  pages: Type.Array(Type.Enum(PORTAL_PAGES), { description: 'portal pages besides the inbox' }),
  scope: Type.Union([Type.Enum(ROLE_SCOPES), Type.Null()], { description: 'whose tickets: the city (centre), the own unit and those below (unitTree), the own unit; null: none' }),
  roleLabels: Type.Record(Type.String(), Type.String(), { description: "each role's name in the pack's words" }),
};
const grantsView = ({ roles, grants }: Actor) => ({ pages: grants.pages, scope: grants.scope, roleLabels: roleLabels(roles, grants.packRoles) });
const ActorBody = StrictObject({
  username: Type.String(),
  displayName: Type.String(),
  cityId: Type.String(),
  unitId: Type.String(),
  roles: Type.Array(RoleName),
  ...GrantFields,
});
const actorView = (actor: Actor) => ({
  username: actor.username,
  displayName: actor.displayName,
  cityId: actor.cityId,
  unitId: actor.unitId,
  roles: actor.roles,
  ...grantsView(actor),
});

export async function authRoutes(app: App, options: { provider: IdentityProvider }): Promise<void> {
  app.post('/api/auth/login', {
    config: { access: { public: 'signing in needs no session' } },
    schema: {
      summary: 'Sign in with a local account; returns a session token for API clients (Bearer) and sets it as an HttpOnly cookie with its CSRF token (hotline_csrf) for the web apps',
      tags: ['auth'],
      body: StrictObject({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 200: StrictObject({ token: Type.String(), expiresAt: Timestamp, user: ActorBody }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const session = await signIn(app.db, app.catalog, options.provider, request.body, app.authConfig);
      const cookie = { sameSite: 'strict', secure: app.authConfig.secureCookie, expires: session.expiresAt } as const;
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookie, path: '/api', httpOnly: true });
      // readable by the web apps (portal at /, modeler at /modeler/), which echo it in x-csrf-token
      reply.setCookie(CSRF_COOKIE, csrfTokenOf(session.token), { ...cookie, path: '/', httpOnly: false });
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: actorView(session.actor) };
    },
  });

  app.post('/api/auth/logout', {
    config: { access: { signedIn: true } },
    schema: { summary: 'End this session', tags: ['auth'], response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      const token = sessionToken(request);
      if (token) await signOut(app.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/api' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/api/auth/me', {
    config: { access: { signedIn: true } },
    schema: { summary: 'Who is signed in', tags: ['auth'], response: { 200: ActorBody, ...errorResponses } },
    handler: async (request) => actorView(actorOf(request)),
  });

  app.get('/api/me', {
    config: { access: { signedIn: true } },
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
        },
        city: { id: city.id, name: city.name },
      };
    },
  });
}
