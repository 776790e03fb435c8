// Local accounts: argon2 password check with lock-out after repeated failures. The failure count is
// committed even though the login fails, and locking writes an audit event in the same transaction.
import type { Knex } from 'knex';
import type { AuthConfig } from '../../config';
import { recordEvent } from '../audit/audit.repository';
import type { Credentials, IdentityProvider, IdentityResult } from './identity-provider';
import { verifyDecoy, verifyPassword } from './password';
import { SYSTEM } from './actor';

export class LocalIdentityProvider implements IdentityProvider {
  readonly id = 'local';

  constructor(
    private readonly db: Knex,
    private readonly config: Pick<AuthConfig, 'maxFailedLogins' | 'lockMinutes'>,
  ) {}

  authenticate(credentials: Credentials): Promise<IdentityResult> {
    return this.db.transaction(async (trx) => {
      // The row lock makes concurrent guesses queue up, so none escapes the count.
      const user = await trx('users').where('username', credentials.username.trim().toLowerCase()).forUpdate().first();
      if (!user || user.password_hash === null) {
        await verifyDecoy(credentials.password);
        return { ok: false, reason: 'invalid' } as const;
      }
      if (user.locked_until !== null && user.locked_until > new Date()) {
        return { ok: false, reason: 'locked', lockedUntil: user.locked_until as Date } as const;
      }
      if (await verifyPassword(user.password_hash, credentials.password)) {
        if (user.failed_logins > 0 || user.locked_until !== null) {
          await trx('users').where('id', user.id).update({ failed_logins: 0, locked_until: null });
        }
        return { ok: true, userId: user.id as string } as const;
      }
      const failures = (user.failed_logins as number) + 1;
      if (failures < this.config.maxFailedLogins) {
        await trx('users').where('id', user.id).update({ failed_logins: failures });
        return { ok: false, reason: 'invalid' } as const;
      }
      const [{ locked_until: lockedUntil }] = await trx('users')
        .where('id', user.id)
        .update({ failed_logins: 0, locked_until: trx.raw(`now() + make_interval(mins => ?)`, [this.config.lockMinutes]) })
        .returning('locked_until');
      await recordEvent(trx, {
        cityId: user.city_id,
        actor: SYSTEM,
        action: 'user.locked',
        subjectType: 'user',
        subjectId: user.username,
        details: { failedLogins: failures, lockedUntil: (lockedUntil as Date).toISOString() },
      });
      return { ok: false, reason: 'locked', lockedUntil: lockedUntil as Date } as const;
    });
  }
}
