// Local accounts: argon2 password check with a lock-out that cannot lock the owner out.
// Every attempt costs one argon2 check, whatever the account's state, and unknown users, wrong
// passwords, locked and disabled accounts get the same answer. Failures from unknown devices count
// toward a lock that lasts twice as long each time in a row and ends the account's sessions; a correct
// password from a known device (device cookie) signs in despite it. The counts and the audit events are
// committed even though the sign-in fails.
import type { Knex } from 'knex';
import type { AuthConfig } from '../../config';
import { type AuditEventInput, recordEvent } from '../audit/audit.repository';
import type { AuditActor } from './actor';
import { SYSTEM } from './actor';
import type { Credentials, IdentityProvider, IdentityResult, SignInContext } from './identity-provider';
import { deviceFailed, findDevice, rememberDevice } from './known-devices';
import { verifyDecoy, verifyPassword } from './password';
import { passwordExpired } from './password-policy';
import { revokeUserSessions } from './sessions.repository';

/** The longest lock, however many came before in a row. */
const MAX_LOCK_MINUTES = 24 * 60;

export type LocalAuthConfig = Pick<AuthConfig, 'maxFailedLogins' | 'lockMinutes' | 'demoAccountsAllowed' | 'passwordPolicy' | 'passwordMaxAgeDays'>;

interface UserRow {
  id: string;
  city_id: string;
  username: string;
  failed_logins: number;
  lock_count: number;
}

/** Who tried to sign in: nobody known yet. */
const ANONYMOUS: AuditActor = { userId: null, name: 'anonymous' };

export class LocalIdentityProvider implements IdentityProvider {
  readonly id = 'local';

  /**
   * `publishedPasswords`: passwords printed in this repository (the demo organisations'). Whoever signs in
   * with one is a demo account, flagged or not — a database set up before accounts were flagged included.
   */
  constructor(
    private readonly db: Knex,
    private readonly config: LocalAuthConfig,
    private readonly publishedPasswords: ReadonlySet<string> = new Set(),
  ) {}

  authenticate(credentials: Credentials, context: SignInContext): Promise<IdentityResult> {
    return this.db.transaction(async (trx) => {
      const username = credentials.username.trim().toLowerCase();
      const failed = async (cityId: string | null, reason: string, extra: Partial<AuditEventInput> = {}) => {
        await recordEvent(trx, { cityId, actor: ANONYMOUS, action: 'auth.signInFailed', subjectType: 'user', subjectId: username, details: { reason, address: context.address }, ...extra });
        return { ok: false, reason: 'invalid' } as const;
      };
      // The row lock makes concurrent guesses queue up, so none escapes the count.
      const user = await trx('users').where('username', username).forUpdate().first();
      if (!user || user.password_hash === null) {
        await verifyDecoy(credentials.password);
        return failed(null, 'unknownUser');
      }
      const correct = await verifyPassword(user.password_hash, credentials.password);
      if (user.disabled_at !== null) return failed(user.city_id, 'disabled');
      const device = await findDevice(trx, user.id, context.deviceToken);
      const locked = user.locked_until !== null && user.locked_until > new Date();

      if (!correct) {
        if (device) {
          await deviceFailed(trx, device, this.config.maxFailedLogins);
          return failed(user.city_id, locked ? 'locked' : 'wrongPassword');
        }
        if (locked) return failed(user.city_id, 'locked');
        await this.countFailure(trx, user);
        return failed(user.city_id, 'wrongPassword');
      }
      if (locked && !device) return failed(user.city_id, 'locked');
      if ((user.demo || this.publishedPasswords.has(credentials.password)) && !this.config.demoAccountsAllowed) {
        await failed(user.city_id, 'demoRefused');
        return { ok: false, reason: 'demoRefused' } as const;
      }

      const mustChangePassword =
        user.must_change_password || passwordExpired(this.config.passwordPolicy, user.password_changed_at, new Date(), this.config.passwordMaxAgeDays);
      await trx('users').where('id', user.id).update({ failed_logins: 0, locked_until: null, lock_count: 0, must_change_password: mustChangePassword });
      if (locked) {
        await recordEvent(trx, { cityId: user.city_id, actor: { userId: user.id, name: user.username }, action: 'user.unlocked', subjectType: 'user', subjectId: user.username, details: { by: 'knownDevice', address: context.address } });
      }
      const deviceToken = await rememberDevice(trx, user.id, device);
      return { ok: true, userId: user.id as string, mustChangePassword, ...(deviceToken ? { deviceToken } : {}) } as const;
    });
  }

  /** One more failure from an unknown device; at the threshold the account locks and its sessions end. */
  private async countFailure(trx: Knex.Transaction, user: UserRow): Promise<void> {
    const failures = user.failed_logins + 1;
    if (failures < this.config.maxFailedLogins) {
      await trx('users').where('id', user.id).update({ failed_logins: failures });
      return;
    }
    const lockCount = user.lock_count + 1;
    const minutes = Math.min(this.config.lockMinutes * 2 ** (lockCount - 1), MAX_LOCK_MINUTES);
    const [{ locked_until: lockedUntil }] = await trx('users')
      .where('id', user.id)
      .update({ failed_logins: 0, lock_count: lockCount, locked_until: trx.raw('now() + make_interval(mins => ?)', [minutes]) })
      .returning('locked_until');
    const sessionsEnded = await revokeUserSessions(trx, user.id);
    await recordEvent(trx, {
      cityId: user.city_id,
      actor: SYSTEM,
      action: 'user.locked',
      subjectType: 'user',
      subjectId: user.username,
      details: { failedLogins: failures, lockCount, lockedUntil: (lockedUntil as Date).toISOString(), sessionsEnded },
    });
  }
}
