// Deny by default: every route states who may call it (config.access) or it refuses to register.
// The onRequest hook signs the caller in and checks what their roles grant; scope inside a city
// (which unit's records, which caller may be revealed) is the services' job, from the Actor this
// hook puts on the request. Routes speak of what the pack's roles grant (a page, any pack role, a
// reveal rule), never of the pack's role names: those are the city's data.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformRole, PortalPage } from '@hotline/rules';
import { type Actor, hasPlatformRole, seesCallers } from '../modules/auth/actor';
import { forbidden, outOfScope, unauthorized } from './errors';

/** One thing a person may hold. */
export type Grant =
  /** One of these platform roles (policy staff, implementers). */
  | { roles: readonly PlatformRole[] }
  /** A pack role that gives this portal page. */
  | { page: PortalPage }
  /** Any of the pack's roles: reading tickets in one's scope, working one's tasks. */
  | { packRole: true }
  /** A pack role that may reveal a caller on some ticket (which ones: the ticket service decides). */
  | { reveal: true };

export type Access =
  /** Anyone, signed in or not; the text says why that is safe. */
  | { public: string }
  /** Any signed-in person of any role. */
  | { signedIn: true }
  | Grant
  /** Any of these grants. */
  | { anyOf: readonly Grant[] };

function holds(actor: Actor, grant: Grant): boolean {
  if ('roles' in grant) return hasPlatformRole(actor, grant.roles);
  if ('page' in grant) return actor.grants.pages.includes(grant.page);
  if ('packRole' in grant) return actor.grants.packRoles.length > 0;
  return seesCallers(actor);
}

function grantText(grant: Grant): string {
  if ('roles' in grant) return `role ${grant.roles.join(' or ')}`;
  if ('page' in grant) return `a role with the page "${grant.page}"`;
  if ('packRole' in grant) return "a role of the city's pack";
  return "a role of the city's pack that may reveal a caller";
}

const grantsIn = (access: Grant | { anyOf: readonly Grant[] }): readonly Grant[] => ('anyOf' in access ? access.anyOf : [access]);

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export type Authenticate = (request: FastifyRequest) => Promise<Actor | null>;

function describe(access: Access): string {
  if ('public' in access) return `Public: ${access.public}`;
  if ('signedIn' in access) return 'Any signed-in user.';
  return `Needs ${grantsIn(access).map(grantText).join('; or ')}.`;
}

export function installAccessControl(app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) {
      throw new Error(`route ${String(route.method)} ${route.url} has no access rule: set config.access (deny by default)`);
    }
    const schema = route.schema ?? {};
    route.schema = {
      ...schema,
      description: [schema.description, describe(access)].filter(Boolean).join('\n\n'),
      security: 'public' in access ? [] : [{ session: [] }],
    };
  });

  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (!access) throw forbidden('this route has no access rule');
    if ('public' in access) return;
    const actor = await authenticate(request);
    if (!actor) throw unauthorized();
    // known before the grants are checked: a refusal names who was refused (access.denied)
    request.actor = actor;
    if (!('signedIn' in access)) {
      const grants = grantsIn(access);
      if (!grants.some((g) => holds(actor, g))) throw forbidden(`this needs ${grants.map(grantText).join('; or ')}`);
    }
  });
}

/** The signed-in caller of a non-public route (the hook above guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

/** The caller's own city, or a 404: another city's data does not exist for them. */
export function ownCity(request: FastifyRequest, city: string): Actor {
  const actor = actorOf(request);
  if (actor.cityId !== city) throw outOfScope(`city "${city}"`, `another city: ${city}`);
  return actor;
}
