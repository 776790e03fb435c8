// Known devices (OWASP "device cookies"): each successful sign-in leaves a random token in an HttpOnly
// cookie, kept here only as its sha-256. A correct password with a device cookie of the same user signs
// in even while others' guesses have locked the account; guesses with a device cookie count against
// that cookie only, which is forgotten after as many failures as lock an account.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { hashToken } from './tokens';

export const DEVICE_COOKIE = 'hotline_device';
/** How long a device stays known without signing in. */
export const DEVICE_DAYS = 180;

export interface KnownDevice {
  tokenHash: string;
  failedLogins: number;
}

export async function findDevice(trx: Knex.Transaction, userId: string, token: string | null): Promise<KnownDevice | null> {
  if (!token) return null;
  const row = await trx('known_devices')
    .where({ token_hash: hashToken(token), user_id: userId })
    .andWhere('last_used_at', '>', trx.raw('now() - make_interval(days => ?)', [DEVICE_DAYS]))
    .forUpdate()
    .first('token_hash', 'failed_logins');
  return row ? { tokenHash: row.token_hash, failedLogins: row.failed_logins } : null;
}

/** A failed attempt with this device's cookie; at `maxFailures` the device is no longer known. */
export async function deviceFailed(trx: Knex.Transaction, device: KnownDevice, maxFailures: number): Promise<void> {
  const query = trx('known_devices').where('token_hash', device.tokenHash);
  await (device.failedLogins + 1 >= maxFailures ? query.delete() : query.update({ failed_logins: device.failedLogins + 1 }));
}

/** After a successful sign-in: the device seen again, or a new one (its token, to set as the cookie). */
export async function rememberDevice(trx: Knex.Transaction, userId: string, device: KnownDevice | null): Promise<string | undefined> {
  if (device) {
    await trx('known_devices').where('token_hash', device.tokenHash).update({ failed_logins: 0, last_used_at: trx.fn.now() });
    return undefined;
  }
  const token = randomBytes(32).toString('base64url');
  await trx('known_devices').insert({ token_hash: hashToken(token), user_id: userId });
  return token;
}

/** Forget every device of a user (their password was reset or the account disabled). */
export async function forgetDevices(trx: Knex.Transaction, userId: string): Promise<void> {
  await trx('known_devices').where('user_id', userId).delete();
}
