// Sessions by the sha-256 of their token, with the person they belong to as an Actor. A session lives
// until its absolute end (expires_at) or until it has not been used for the idle timeout.
import type { Knex } from 'knex';
import type { PackCatalog } from '../workflow/pack-catalog';
import { type Actor, grantsOf } from './actor';

export async function insertSession(
  db: Knex,
  session: { tokenHash: string; userId: string; provider: string; ttlMinutes: number },
): Promise<Date> {
  const [row] = await db('sessions')
    .insert({
      token_hash: session.tokenHash,
      user_id: session.userId,
      provider: session.provider,
      expires_at: db.raw('now() + make_interval(mins => ?)', [session.ttlMinutes]),
    })
    .returning('expires_at');
  return row.expires_at as Date;
}

/** Use is recorded at most this often: no write on every request. */
const TOUCH_EVERY_SECONDS = 60;

/** The actor of a live session (not expired, not idle too long, not revoked), or null; marks the session used when `inUse`. */
export async function findSessionActor(db: Knex, catalog: PackCatalog, tokenHash: string, idleMinutes: number, inUse = true): Promise<Actor | null> {
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', tokenHash)
    .whereNull('s.revoked_at')
    .whereNull('u.disabled_at')
    .andWhere('s.expires_at', '>', db.fn.now())
    .andWhereRaw('s.last_seen_at > now() - make_interval(mins => ?)', [idleMinutes])
    .first(...ACTOR_COLUMNS, db.raw('s.last_seen_at < now() - make_interval(secs => ?) as stale', [TOUCH_EVERY_SECONDS]));
  if (!row) return null;
  if (row.stale && inUse) await db('sessions').where('token_hash', tokenHash).update({ last_seen_at: db.fn.now() });
  return actorFromRow(db, catalog, row);
}

export async function findActor(db: Knex, catalog: PackCatalog, userId: string): Promise<Actor | null> {
  const row = await db('users as u').where('u.id', userId).first(...ACTOR_COLUMNS);
  return row ? actorFromRow(db, catalog, row) : null;
}

const ACTOR_COLUMNS = ['u.id', 'u.username', 'u.display_name', 'u.city_id', 'u.unit_id', 'u.must_change_password'] as const;

/** The person with what their roles grant under the city's pack in force now (a new version's roles apply at once). */
async function actorFromRow(db: Knex, catalog: PackCatalog, row: Record<string, string | boolean>): Promise<Actor> {
  const roles: string[] = await db('user_roles').where('user_id', row.id).orderBy('role').pluck('role');
  const cityId = row.city_id as string;
  const grants = grantsOf(roles, await catalog.roles(cityId));
  return {
    userId: row.id as string,
    username: row.username as string,
    displayName: row.display_name as string,
    cityId,
    unitId: row.unit_id as string,
    roles,
    grants,
    mustChangePassword: row.must_change_password === true,
  };
}

/** Ends every live session of a user (but `except`, the caller's own); returns how many. */
export async function revokeUserSessions(db: Knex, userId: string, except?: string): Promise<number> {
  return db('sessions')
    .where('user_id', userId)
    .whereNull('revoked_at')
    .andWhere('expires_at', '>', db.fn.now())
    .modify((q) => (except ? q.whereNot('token_hash', except) : q))
    .update({ revoked_at: db.fn.now() });
}

export async function revokeSession(db: Knex, tokenHash: string): Promise<void> {
  await db('sessions').where('token_hash', tokenHash).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}
