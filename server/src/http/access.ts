// Deny by default: every route states who may call it (config.access) or it refuses to register.
// The onRequest hook signs the caller in and checks the roles; scope inside a city (which unit's
// records) is the services' job, from the Actor this hook puts on the request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, hasAnyRole, type Role } from '../modules/auth/actor';
import { forbidden, notFound, unauthorized } from './errors';

export type Access =
  /** Anyone, signed in or not; the text says why that is safe. */
  | { public: string }
  /** Any signed-in person of any role. */
  | { signedIn: true }
  /** Signed in with at least one of these roles. */
  | { roles: readonly Role[] };

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
  return `Roles: ${access.roles.join(', ')}.`;
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
    if ('roles' in access && !hasAnyRole(actor, access.roles)) {
      throw forbidden(`this needs one of the roles ${access.roles.join(', ')}`);
    }
    request.actor = actor;
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
  if (actor.cityId !== city) throw notFound(`city "${city}"`);
  return actor;
}
