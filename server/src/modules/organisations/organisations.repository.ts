// Units and users of a city. Every query is bounded by the city: the composite keys in the schema
// make a cross-city reference impossible, these functions make it impossible to ask for one.
import type { Knex } from 'knex';
import type { Role } from '../auth/actor';
import type { PlaceKind, UnitKind } from './organisation-file';

/** A division of the city (区划); `parent` is the code of the one above it. */
export interface Place {
  code: string;
  name: string;
  kind: PlaceKind;
  parent: string | null;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  /** The division it governs (a street office's street), by code. */
  placeCode: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  lockedUntil: Date | null;
}

const toUnit = (r: Record<string, string>): Unit => ({
  id: r.id!,
  code: r.code!,
  name: r.name!,
  kind: r.kind as UnitKind,
  parentId: r.parent_id ?? null,
  placeCode: r.place_code ?? null,
});

const PLACE_KIND_ORDER = "array_position(array['district', 'street', 'community'], kind)";

/** The city's places, each after the one above it (districts, streets, communities), by code within a level. */
export async function listPlaces(db: Knex, cityId: string): Promise<Place[]> {
  const rows = await db('places').where('city_id', cityId).orderByRaw(`${PLACE_KIND_ORDER}, code`).select('code', 'name', 'kind', 'parent_code');
  return rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, parent: r.parent_code ?? null }));
}

export async function insertPlace(trx: Knex.Transaction, cityId: string, place: Place): Promise<void> {
  await trx('places').insert({ city_id: cityId, code: place.code, name: place.name, kind: place.kind, parent_code: place.parent });
}

export async function updatePlace(trx: Knex.Transaction, cityId: string, place: Place): Promise<void> {
  await trx('places').where({ city_id: cityId, code: place.code }).update({ name: place.name, kind: place.kind, parent_code: place.parent });
}

/** A place and every place below it, by code; empty when the city has no such place. */
export async function placeSubtree(db: Knex, cityId: string, code: string): Promise<string[]> {
  const result = await db.raw(
    `with recursive tree as (
       select code from places where city_id = ? and code = ?
       union all
       select p.code from places p join tree t on p.parent_code = t.code where p.city_id = ?
     ) select code from tree`,
    [cityId, code, cityId],
  );
  return result.rows.map((r: { code: string }) => r.code);
}

export async function listUnits(db: Knex, cityId: string): Promise<Unit[]> {
  return (await db('units').where('city_id', cityId).orderBy('code')).map(toUnit);
}

export async function findUnitByCode(db: Knex, cityId: string, code: string): Promise<Unit | null> {
  const r = await db('units').where({ city_id: cityId, code }).first();
  return r ? toUnit(r) : null;
}

/** A unit and every unit below it (a leader's scope). */
export async function unitSubtree(db: Knex, unitId: string): Promise<string[]> {
  const result = await db.raw(
    `with recursive tree as (
       select id from units where id = ?
       union all
       select u.id from units u join tree t on u.parent_id = t.id
     ) select id from tree`,
    [unitId],
  );
  return result.rows.map((r: { id: string }) => r.id);
}

export async function insertUnit(trx: Knex.Transaction, cityId: string, unit: Omit<Unit, 'id'>): Promise<string> {
  const [row] = await trx('units')
    .insert({ city_id: cityId, code: unit.code, name: unit.name, kind: unit.kind, parent_id: unit.parentId, place_code: unit.placeCode })
    .returning('id');
  return row.id;
}

export async function updateUnit(trx: Knex.Transaction, cityId: string, id: string, unit: Pick<Unit, 'name' | 'kind' | 'parentId' | 'placeCode'>): Promise<void> {
  await trx('units').where({ city_id: cityId, id }).update({ name: unit.name, kind: unit.kind, parent_id: unit.parentId, place_code: unit.placeCode });
}

export async function listUsers(db: Knex, cityId: string): Promise<User[]> {
  const rows = await db('users as u')
    .leftJoin('user_roles as r', 'r.user_id', 'u.id')
    .where('u.city_id', cityId)
    .groupBy('u.id')
    .orderBy('u.username')
    .select('u.id', 'u.username', 'u.display_name', 'u.unit_id', 'u.locked_until', db.raw("coalesce(array_agg(r.role order by r.role) filter (where r.role is not null), '{}') as roles"));
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id, roles: r.roles, lockedUntil: r.locked_until }));
}

/** Which of these usernames already belong to another city's staff (usernames are unique platform-wide). */
export async function usernamesTakenElsewhere(db: Knex, cityId: string, usernames: readonly string[]): Promise<Set<string>> {
  if (usernames.length === 0) return new Set();
  const rows = await db('users').whereIn('username', usernames).whereNot('city_id', cityId).pluck('username');
  return new Set(rows);
}

export async function insertUser(
  trx: Knex.Transaction,
  cityId: string,
  user: { username: string; displayName: string; unitId: string; passwordHash: string; demo: boolean; phone: string | null },
): Promise<string> {
  // an initial password is the importer's to know: its owner changes it at the first sign-in (demo accounts' are public anyway)
  const [row] = await trx('users')
    .insert({ city_id: cityId, username: user.username, display_name: user.displayName, unit_id: user.unitId, password_hash: user.passwordHash, demo: user.demo, must_change_password: !user.demo, phone: user.phone })
    .returning('id');
  return row.id;
}

export async function updateUser(trx: Knex.Transaction, cityId: string, id: string, user: { displayName: string; unitId: string }): Promise<void> {
  await trx('users').where({ city_id: cityId, id }).update({ display_name: user.displayName, unit_id: user.unitId });
}

/** A person's mobile number for SMS reminders (personal data: written, never listed). */
export async function setUserPhone(trx: Knex.Transaction, cityId: string, userId: string, phone: string): Promise<boolean> {
  return (await trx('users').where({ city_id: cityId, id: userId }).whereRaw('phone is distinct from ?', [phone]).update({ phone })) > 0;
}

/** Names a unit's contact person (联系人) for reminders. */
export async function setUnitContact(trx: Knex.Transaction, cityId: string, unitId: string, userId: string): Promise<boolean> {
  return (await trx('units').where({ city_id: cityId, id: unitId }).whereRaw('contact_user_id is distinct from ?', [userId]).update({ contact_user_id: userId })) > 0;
}

/** Whether someone of the city holds this role. */
/** Whether anyone of the city (but `except`) holds the role. */
export async function anyoneHolds(db: Knex, cityId: string, role: Role, except?: string): Promise<boolean> {
  const row = await db('user_roles as r')
    .join('users as u', 'u.id', 'r.user_id')
    .where({ 'u.city_id': cityId, 'r.role': role })
    .modify((q) => {
      if (except) q.whereNot('u.id', except);
    })
    .first('u.id');
  return row !== undefined;
}

export async function replaceRoles(trx: Knex.Transaction, userId: string, roles: readonly Role[]): Promise<void> {
  await trx('user_roles').where('user_id', userId).delete();
  if (roles.length > 0) await trx('user_roles').insert(roles.map((role) => ({ user_id: userId, role })));
}
