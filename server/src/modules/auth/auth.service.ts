// Sessions: an opaque random token goes to the client, only its sha-256 is kept. The token comes
// back as `Authorization: Bearer <token>` or in the HttpOnly session cookie.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import type { AuthConfig } from '../../config';
import { ApiError, unauthorized } from '../../http/errors';
import type { PackCatalog } from '../workflow/pack-catalog';
import type { Actor } from './actor';
import type { Credentials, IdentityProvider } from './identity-provider';
import { findActor, findSessionActor, insertSession, revokeSession } from './sessions.repository';

export const SESSION_COOKIE = 'hotline_session';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SignedIn {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

export async function signIn(db: Knex, catalog: PackCatalog, provider: IdentityProvider, credentials: Credentials, config: AuthConfig): Promise<SignedIn> {
  const result = await provider.authenticate(credentials);
  if (!result.ok) {
    if (result.reason === 'locked') {
      throw new ApiError(423, 'ACCOUNT_LOCKED', `too many failed sign-ins: the account is locked until ${result.lockedUntil.toISOString()}`);
    }
    throw unauthorized('wrong username or password');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = await insertSession(db, { tokenHash: hashToken(token), userId: result.userId, provider: provider.id, ttlMinutes: config.sessionTtlMinutes });
  const actor = await findActor(db, catalog, result.userId);
  if (!actor) throw unauthorized();
  return { token, expiresAt, actor };
}

export function sessionToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1]! : null;
  }
  return request.cookies[SESSION_COOKIE] ?? null;
}

export async function actorOfToken(db: Knex, catalog: PackCatalog, token: string | null, config: AuthConfig): Promise<Actor | null> {
  return token ? findSessionActor(db, catalog, hashToken(token), config.sessionIdleMinutes) : null;
}

export async function signOut(db: Knex, token: string): Promise<void> {
  await revokeSession(db, hashToken(token));
}
