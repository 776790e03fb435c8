// Sessions: an opaque random token goes to the client, only its sha-256 is kept. The token comes
// back as `Authorization: Bearer <token>` or in the HttpOnly session cookie. Signing in and out and
// changing one's password are audited in the transaction that does them.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import type { AuthConfig } from '../../config';
import { ApiError, refusedAtField, unauthorized } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import type { PackCatalog } from '../workflow/pack-catalog';
import { type Actor, auditActorOf } from './actor';
import { isCommonPassword } from './common-passwords';
import type { Credentials, IdentityProvider, SignInContext } from './identity-provider';
import { hashPassword, verifyPassword } from './password';
import { passwordProblems } from './password-policy';
import { findActor, findSessionActor, insertSession, revokeSession, revokeUserSessions } from './sessions.repository';
import { hashToken } from './tokens';

export const SESSION_COOKIE = 'hotline_session';

/** One answer for an unknown user, a wrong password, a locked or a disabled account. */
export const WRONG_CREDENTIALS = '用户名或密码错误';

export interface SignedIn {
  token: string;
  expiresAt: Date;
  actor: Actor;
  /** A new device cookie to set, if any. */
  deviceToken?: string;
}

export async function signIn(
  db: Knex,
  catalog: PackCatalog,
  provider: IdentityProvider,
  credentials: Credentials,
  context: SignInContext,
  config: AuthConfig,
): Promise<SignedIn> {
  const result = await provider.authenticate(credentials, context);
  if (!result.ok) {
    if (result.reason === 'demoRefused') {
      throw new ApiError(403, 'DEMO_ACCOUNT_REFUSED', '演示账号的密码是公开的，不能在生产环境或对外提供服务的服务器上登录');
    }
    throw unauthorized(WRONG_CREDENTIALS);
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = await db.transaction(async (trx) => {
    const expires = await insertSession(trx, { tokenHash: hashToken(token), userId: result.userId, provider: provider.id, ttlMinutes: config.sessionTtlMinutes });
    const user = await trx('users').where('id', result.userId).first('city_id', 'username');
    await recordEvent(trx, {
      cityId: user.city_id,
      actor: { userId: result.userId, name: user.username },
      action: 'auth.signedIn',
      subjectType: 'user',
      subjectId: user.username,
      details: { address: context.address, provider: provider.id, mustChangePassword: result.mustChangePassword },
    });
    return expires;
  });
  const actor = await findActor(db, catalog, result.userId);
  if (!actor) throw unauthorized();
  return { token, expiresAt, actor, ...(result.deviceToken ? { deviceToken: result.deviceToken } : {}) };
}

export function sessionToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1]! : null;
  }
  return request.cookies[SESSION_COOKIE] ?? null;
}

/**
 * A page's own timer (the inbox refreshing itself) says so in this header: such a request is no sign of a
 * person at the screen, so it does not keep the session from its idle timeout.
 */
export const BACKGROUND_HEADER = 'x-background-refresh';

export async function actorOfRequest(db: Knex, catalog: PackCatalog, request: FastifyRequest, config: AuthConfig): Promise<Actor | null> {
  const token = sessionToken(request);
  // an event stream (GET /api/events, opened and reopened by the page itself) is no sign of a person either
  const inUse = request.headers[BACKGROUND_HEADER] !== '1' && request.headers.accept !== 'text/event-stream';
  return token ? findSessionActor(db, catalog, hashToken(token), config.sessionIdleMinutes, inUse) : null;
}

export async function signOut(db: Knex, token: string, actor: Actor, address: string): Promise<void> {
  await db.transaction(async (trx) => {
    await revokeSession(trx, hashToken(token));
    await recordEvent(trx, { cityId: actor.cityId, actor: auditActorOf(actor), action: 'auth.signedOut', subjectType: 'user', subjectId: actor.username, details: { address } });
  });
}

/** The policy's refusal of a new password, one error per problem, at the field the person filled in. */
export function checkNewPassword(config: Pick<AuthConfig, 'passwordPolicy'>, username: string, password: string, field: string): void {
  const problems = passwordProblems(config.passwordPolicy, password, { username, isCommon: isCommonPassword });
  if (problems.length > 0) {
    throw new ApiError(422, 'PASSWORD_REFUSED', problems.join('；'), undefined, { errors: problems.map((message) => ({ path: field, message, messageZh: message })) });
  }
}

/**
 * One's own password, with the current one; the person's other sessions end (whoever knew the old
 * password is signed out), this one goes on with the change requirement lifted.
 */
export async function changeOwnPassword(
  db: Knex,
  actor: Actor,
  token: string | null,
  change: { currentPassword: string; newPassword: string },
  config: Pick<AuthConfig, 'passwordPolicy'>,
): Promise<void> {
  await db.transaction(async (trx) => {
    const user = await trx('users').where('id', actor.userId).forUpdate().first('password_hash');
    if (!user?.password_hash || !(await verifyPassword(user.password_hash, change.currentPassword))) {
      throw refusedAtField('WRONG_PASSWORD', '/currentPassword', '当前密码不正确');
    }
    if (change.newPassword === change.currentPassword) throw refusedAtField('PASSWORD_REFUSED', '/newPassword', '新密码不能与当前密码相同');
    checkNewPassword(config, actor.username, change.newPassword, '/newPassword');
    await trx('users')
      .where('id', actor.userId)
      .update({ password_hash: await hashPassword(change.newPassword), must_change_password: false, password_changed_at: trx.fn.now() });
    const sessionsEnded = await revokeUserSessions(trx, actor.userId, token ? hashToken(token) : undefined);
    await recordEvent(trx, { cityId: actor.cityId, actor: auditActorOf(actor), action: 'user.passwordChanged', subjectType: 'user', subjectId: actor.username, details: { sessionsEnded } });
  });
}
