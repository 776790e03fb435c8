// Account lifecycle, by the city's system administrator (系统管理员): disable and enable a person, end
// their sessions, reset their password (a temporary one they must change at the next sign-in), unlock
// them. Each change and its audit event are one transaction; nobody acts on their own account here.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuthConfig } from '../../config';
import { forbidden, notFoundZh } from '../../http/errors';
import { type AuditAction, recordEvent } from '../audit/audit.repository';
import { type Actor, auditActorOf } from '../auth/actor';
import { isCommonPassword } from '../auth/common-passwords';
import { forgetDevices } from '../auth/known-devices';
import { hashPassword } from '../auth/password';
import { passwordProblems } from '../auth/password-policy';
import { revokeUserSessions } from '../auth/sessions.repository';
import { WATCHING_ROLES } from '../organisations/role-grants';

export interface Account {
  username: string;
  displayName: string;
  unit: { code: string; name: string };
  roles: string[];
  disabled: boolean;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  /** A demo account: its password is published. */
  demo: boolean;
  activeSessions: number;
}

function accountsQuery(db: Knex, cityId: string) {
  return db('users as u')
    .join('units as n', 'n.id', 'u.unit_id')
    .where('u.city_id', cityId)
    .orderBy('u.username')
    .select(
      'u.username',
      'u.display_name',
      'n.code as unit_code',
      'n.name as unit_name',
      'u.disabled_at',
      'u.locked_until',
      'u.must_change_password',
      'u.password_changed_at',
      'u.demo',
      db.raw("coalesce((select array_agg(r.role order by r.role) from user_roles r where r.user_id = u.id), '{}') as roles"),
      db.raw('(select count(*)::int from sessions s where s.user_id = u.id and s.revoked_at is null and s.expires_at > now()) as active_sessions'),
    );
}

const accountOf = (row: Record<string, unknown>): Account => ({
  username: row.username as string,
  displayName: row.display_name as string,
  unit: { code: row.unit_code as string, name: row.unit_name as string },
  roles: row.roles as string[],
  disabled: row.disabled_at !== null,
  // a lock that ran out is no lock
  lockedUntil: row.locked_until !== null && (row.locked_until as Date) > new Date() ? (row.locked_until as Date) : null,
  mustChangePassword: row.must_change_password as boolean,
  passwordChangedAt: row.password_changed_at as Date,
  demo: row.demo as boolean,
  activeSessions: row.active_sessions as number,
});

export async function listAccounts(db: Knex, cityId: string): Promise<Account[]> {
  return (await accountsQuery(db, cityId)).map(accountOf);
}

export type AccountAction = 'disable' | 'enable' | 'endSessions' | 'resetPassword' | 'unlock';

export interface ActionResult {
  account: Account;
  /** resetPassword only: the temporary password, shown this once and stored only hashed. */
  temporaryPassword?: string;
}

/** A random temporary password the policy accepts (16 characters of base64url). */
export function temporaryPassword(policy: AuthConfig['passwordPolicy'], username: string): string {
  for (;;) {
    const candidate = randomBytes(12).toString('base64url');
    if (passwordProblems(policy, candidate, { username, isCommon: isCommonPassword }).length === 0) return candidate;
  }
}

/**
 * 三员分立: the system administrator runs ordinary accounts; the accounts of the security and audit
 * administrators — who watch the system administrator — only a security administrator, or resetting one's
 * password would hand over their approvals.
 */
async function mayAdminister(trx: Knex.Transaction, actor: Actor, userId: string): Promise<void> {
  const guarded = await trx('user_roles').where('user_id', userId).whereIn('role', WATCHING_ROLES).first('role');
  if (guarded && !actor.roles.includes('security')) throw forbidden('安全管理员、审计管理员的账号只能由另一位安全管理员处理（三员分立）');
  if (!guarded && !actor.roles.includes('admin')) throw forbidden('普通账号由系统管理员处理（三员分立）');
}

export async function actOnAccount(
  db: Knex,
  actor: Actor,
  username: string,
  action: AccountAction,
  config: Pick<AuthConfig, 'passwordPolicy'>,
): Promise<ActionResult> {
  return db.transaction(async (trx) => {
    const user = await trx('users').where({ city_id: actor.cityId, username }).forUpdate().first('id', 'disabled_at', 'locked_until');
    if (!user) throw notFoundZh(`本市没有用户“${username}”`);
    if (user.id === actor.userId) throw forbidden('不能在账号管理中操作自己的账号；修改自己的密码请使用“修改密码”');
    await mayAdminister(trx, actor, user.id);
    const audit = (event: AuditAction, details: Record<string, unknown> = {}) =>
      recordEvent(trx, { cityId: actor.cityId, actor: auditActorOf(actor), action: event, subjectType: 'user', subjectId: username, details });
    const users = () => trx('users').where('id', user.id);
    let temporary: string | undefined;
    switch (action) {
      case 'disable':
        if (user.disabled_at === null) {
          await users().update({ disabled_at: trx.fn.now() });
          await audit('user.disabled', { sessionsEnded: await revokeUserSessions(trx, user.id) });
        }
        break;
      case 'enable':
        if (user.disabled_at !== null) {
          await users().update({ disabled_at: null, failed_logins: 0 });
          await audit('user.enabled');
        }
        break;
      case 'endSessions':
        await audit('user.sessionsEnded', { sessionsEnded: await revokeUserSessions(trx, user.id) });
        break;
      case 'resetPassword': {
        temporary = temporaryPassword(config.passwordPolicy, username);
        await users().update({
          password_hash: await hashPassword(temporary),
          must_change_password: true,
          password_changed_at: trx.fn.now(),
          failed_logins: 0,
          locked_until: null,
          lock_count: 0,
        });
        // whoever knew the old password, on whichever device, starts from nothing
        await forgetDevices(trx, user.id);
        await audit('user.passwordReset', { sessionsEnded: await revokeUserSessions(trx, user.id) });
        break;
      }
      case 'unlock':
        await users().update({ failed_logins: 0, locked_until: null, lock_count: 0 });
        if (user.locked_until !== null && user.locked_until > new Date()) await audit('user.unlocked', { by: 'admin' });
        break;
    }
    const account = accountOf(await accountsQuery(trx, actor.cityId).where('u.id', user.id).first());
    return { account, ...(temporary ? { temporaryPassword: temporary } : {}) };
  });
}
