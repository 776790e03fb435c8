// Setting up a city's organisation: its places (区划), units in their hierarchy and the people with their roles.
// An import is checked whole against what the city already has, then written in one transaction
// with an audit event per change; one bad row stores nothing.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { HotlineError, type RoleDefinition } from '@hotline/rules';
import { InputRejectedError, type Issue, notFound } from '../../http/errors';
import { type AuditAction, recordEvent } from '../audit/audit.repository';
import type { AuditActor, Role } from '../auth/actor';
import { MIN_PASSWORD_LENGTH, hashPassword } from '../auth/password';
import { cityExists } from '../packs/packs.repository';
import type { OrganisationInput, PlaceKind, UnitKind, UserInput } from './organisation-file';
import * as org from './organisations.repository';
import { packRolesOf, rolesMisfit } from './role-fit';
import { divideRoleChange } from './role-grants';
import { applyRoleChange, grantsApplyAtOnce, requestGrants } from './role-grants.service';

/** Where each kind of unit may hang: district → street office → community; departments may nest. */
const PARENT_KINDS: Record<UnitKind, ReadonlyArray<UnitKind | null>> = {
  centre: [null],
  district: [null],
  street: ['district'],
  community: ['street'],
  department: [null, 'department'],
};

/** Where each kind of place sits: a district at the top, a street in a district, a community in a street. */
const PLACE_PARENT_KIND: Record<PlaceKind, PlaceKind | null> = { district: null, street: 'district', community: 'street' };
const PLACE_DEPTH: Record<PlaceKind, number> = { district: 0, street: 1, community: 2 };

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export interface ImportSummary {
  placesCreated: number;
  placesUpdated: number;
  unitsCreated: number;
  unitsUpdated: number;
  usersCreated: number;
  usersUpdated: number;
  /** Passwords made up for new users the file gave none: shown this once, stored only hashed. */
  generatedPasswords: Array<{ username: string; password: string }>;
  /** Roles that see personal data, waiting for a security administrator's approval (imports by a person). */
  pendingGrants: Array<{ username: string; role: Role }>;
}

interface PlannedUnit {
  kind: UnitKind;
  parent: string | null;
  where: string;
}

/** The places' problems against the city's as they would be afterwards; the kinds keep the tree free of loops. */
function checkPlaces(input: OrganisationInput, existing: readonly org.Place[], issues: Issue[]): Map<string, PlaceKind> {
  const kindOf = new Map(existing.map((p) => [p.code, p.kind]));
  const seen = new Set<string>();
  for (const place of input.places) {
    if (!CODE_RE.test(place.code)) issues.push({ where: `${place.where}, code`, message: `"${place.code}" is not a code: letters, digits, ".", "_" or "-", at most 64` });
    if (seen.has(place.code)) issues.push({ where: `${place.where}, code`, message: `"${place.code}" appears twice in the file` });
    seen.add(place.code);
    kindOf.set(place.code, place.kind);
  }
  for (const place of input.places) {
    const wanted = PLACE_PARENT_KIND[place.kind];
    if (place.parent === null) {
      if (wanted !== null) issues.push({ where: `${place.where}, parent`, message: `a ${place.kind} needs a parent (a ${wanted})` });
      continue;
    }
    const parentKind = kindOf.get(place.parent);
    if (parentKind === undefined) issues.push({ where: `${place.where}, parent`, message: `place "${place.parent}" is neither in the file nor in the city` });
    else if (parentKind !== wanted) {
      issues.push({ where: `${place.where}, parent`, message: `a ${place.kind} cannot sit under a ${parentKind} ("${place.parent}"); allowed: ${wanted ?? 'no parent'}` });
    }
  }
  // a place already in the city whose kind the file changes must still fit under its parent and over its children
  for (const old of existing) {
    const kind = kindOf.get(old.code)!;
    const parentKind = old.parent === null ? null : kindOf.get(old.parent)!;
    const movedInFile = input.places.some((p) => p.code === old.code);
    if (!movedInFile && parentKind !== PLACE_PARENT_KIND[kind]) {
      issues.push({ where: `place "${old.code}" (already in the city), parent`, message: `a ${kind} cannot sit under a ${parentKind ?? 'no parent'} ("${old.parent}")` });
    }
  }
  return kindOf;
}

/** Every problem of the import against the city as it would be afterwards. */
function checkOrganisation(
  input: OrganisationInput,
  existing: org.Unit[],
  existingPlaces: readonly org.Place[],
  takenElsewhere: Set<string>,
  packRoles: readonly RoleDefinition[],
  existingUsers: ReadonlyArray<{ username: string; unitCode: string }> = [],
): { issues: Issue[]; plan: Map<string, PlannedUnit> } {
  const issues: Issue[] = [];
  const places = checkPlaces(input, existingPlaces, issues);
  const codeOf = new Map(existing.map((u) => [u.id, u.code]));
  const plan = new Map<string, PlannedUnit>(
    existing.map((u) => [u.code, { kind: u.kind, parent: u.parentId ? codeOf.get(u.parentId)! : null, where: `unit "${u.code}" (already in the city)` }]),
  );
  const seenCodes = new Set<string>();
  for (const unit of input.units) {
    if (!CODE_RE.test(unit.code)) issues.push({ where: `${unit.where}, code`, message: `"${unit.code}" is not a code: letters, digits, ".", "_" or "-", at most 64` });
    if (seenCodes.has(unit.code)) issues.push({ where: `${unit.where}, code`, message: `"${unit.code}" appears twice in the file` });
    seenCodes.add(unit.code);
    if (unit.place !== null && !places.has(unit.place)) issues.push({ where: `${unit.where}, place`, message: `place "${unit.place}" is neither in the file nor in the city` });
    plan.set(unit.code, { kind: unit.kind, parent: unit.parent, where: unit.where });
  }
  for (const [code, unit] of plan) {
    if (unit.parent === null) {
      if (!PARENT_KINDS[unit.kind].includes(null)) issues.push({ where: `${unit.where}, parent`, message: `a ${unit.kind} needs a parent (${PARENT_KINDS[unit.kind].join(' or ')})` });
      continue;
    }
    const parent = plan.get(unit.parent);
    if (!parent) {
      issues.push({ where: `${unit.where}, parent`, message: `unit "${unit.parent}" is neither in the file nor in the city` });
    } else if (!PARENT_KINDS[unit.kind].includes(parent.kind)) {
      const allowed = PARENT_KINDS[unit.kind].map((k) => k ?? 'no parent').join(' or ');
      issues.push({ where: `${unit.where}, parent`, message: `a ${unit.kind} cannot sit under a ${parent.kind} ("${unit.parent}"); allowed: ${allowed}` });
    } else if (ancestors(plan, code).includes(code)) {
      issues.push({ where: `${unit.where}, parent`, message: `"${unit.parent}" is below "${code}": the hierarchy would be a loop` });
    }
  }

  const seenUsers = new Set<string>();
  for (const user of input.users) {
    if (!USERNAME_RE.test(user.username)) {
      issues.push({ where: `${user.where}, username`, message: `"${user.username}" is not a username: 3–64 lower-case letters, digits, ".", "_" or "-"` });
    }
    if (seenUsers.has(user.username)) issues.push({ where: `${user.where}, username`, message: `"${user.username}" appears twice in the file` });
    seenUsers.add(user.username);
    if (takenElsewhere.has(user.username)) issues.push({ where: `${user.where}, username`, message: `"${user.username}" is taken by another city's user` });
    const unit = plan.get(user.unit);
    if (!unit) issues.push({ where: `${user.where}, unit`, message: `unit "${user.unit}" is neither in the file nor in the city` });
    for (const message of unit ? rolesMisfit(user.roles, { code: user.unit, kind: unit.kind }, packRoles) : []) issues.push({ where: `${user.where}, roles`, message });
    if (user.password !== null && user.password.length < MIN_PASSWORD_LENGTH) {
      issues.push({ where: `${user.where}, password`, message: `must have at least ${MIN_PASSWORD_LENGTH} characters` });
    }
  }
  const unitOfUser = new Map([...existingUsers.map((u) => [u.username, u.unitCode] as const), ...input.users.map((u) => [u.username, u.unit] as const)]);
  for (const unit of input.units) {
    if (!unit.contact) continue;
    const at = unitOfUser.get(unit.contact);
    if (at === undefined) issues.push({ where: `${unit.where}, contact`, message: `user "${unit.contact}" is neither in the file nor in the city` });
    else if (at !== unit.code) issues.push({ where: `${unit.where}, contact`, message: `user "${unit.contact}" works at "${at}", not at this unit: the contact person must be one of its staff` });
  }
  return { issues, plan };
}

/** Codes above a unit, nearest first; stops at a loop (the loop's start shows up in the list). */
function ancestors(plan: Map<string, PlannedUnit>, code: string): string[] {
  const found: string[] = [];
  for (let parent = plan.get(code)?.parent; parent && found.length <= plan.size; parent = plan.get(parent)?.parent) {
    found.push(parent);
    if (parent === code) break;
  }
  return found;
}

async function lockCity(trx: Knex.Transaction, cityId: string): Promise<void> {
  if (!(await cityExists(trx, cityId))) {
    throw new HotlineError('UNKNOWN_CITY', `city "${cityId}" has no pack in the database: import one first (hotline city import cities/${cityId})`);
  }
  await trx('cities').where('id', cityId).forUpdate().first('id');
}

export interface ImportOptions {
  /**
   * The new users are demo accounts (shipped demo data, test fixtures): their passwords are published,
   * so they sign in only where demo accounts are allowed. Otherwise a new user's initial password
   * must be changed at the first sign-in.
   */
  demoAccounts?: boolean;
}

export async function importOrganisation(db: Knex, cityId: string, input: OrganisationInput, actor: AuditActor, options: ImportOptions = {}): Promise<ImportSummary> {
  return db.transaction(async (trx) => {
    await lockCity(trx, cityId);
    const existingUnits = await org.listUnits(trx, cityId);
    const existingPlaces = await org.listPlaces(trx, cityId);
    const takenElsewhere = await org.usernamesTakenElsewhere(trx, cityId, input.users.map((u) => u.username));
    const packRoles = await packRolesOf(trx, cityId);
    const unitCodeOf = new Map(existingUnits.map((u) => [u.id, u.code]));
    const existingUsers = (await org.listUsers(trx, cityId)).map((u) => ({ username: u.username, unitCode: unitCodeOf.get(u.unitId) ?? '' }));
    const { issues, plan } = checkOrganisation(input, existingUnits, existingPlaces, takenElsewhere, packRoles, existingUsers);
    if (issues.length > 0) throw new InputRejectedError('ORGANISATION_INVALID', `the organisation of ${cityId}`, issues);

    const summary: ImportSummary = { placesCreated: 0, placesUpdated: 0, unitsCreated: 0, unitsUpdated: 0, usersCreated: 0, usersUpdated: 0, generatedPasswords: [], pendingGrants: [] };
    const audit = (action: AuditAction, subjectType: string, subjectId: string, details: Record<string, unknown>) => recordEvent(trx, { cityId, actor, action, subjectType, subjectId, details });

    const placeBefore = new Map(existingPlaces.map((p) => [p.code, p]));
    for (const { where: _where, ...place } of [...input.places].sort((a, b) => PLACE_DEPTH[a.kind] - PLACE_DEPTH[b.kind])) {
      const old = placeBefore.get(place.code);
      if (!old) {
        await org.insertPlace(trx, cityId, place);
        await audit('place.created', 'place', place.code, { name: place.name, kind: place.kind, parent: place.parent });
        summary.placesCreated++;
      } else if (old.name !== place.name || old.kind !== place.kind || old.parent !== place.parent) {
        await org.updatePlace(trx, cityId, place);
        await audit('place.updated', 'place', place.code, { name: place.name, kind: place.kind, parent: place.parent });
        summary.placesUpdated++;
      }
    }

    const idOf = new Map(existingUnits.map((u) => [u.code, u.id]));
    const before = new Map(existingUnits.map((u) => [u.code, u]));
    const depth = (code: string) => ancestors(plan, code).length;
    for (const unit of [...input.units].sort((a, b) => depth(a.code) - depth(b.code))) {
      const parentId = unit.parent ? idOf.get(unit.parent)! : null;
      const old = before.get(unit.code);
      const after = { code: unit.code, name: unit.name, kind: unit.kind, parentId, placeCode: unit.place };
      const details = { name: unit.name, kind: unit.kind, parent: unit.parent, place: unit.place };
      if (!old) {
        idOf.set(unit.code, await org.insertUnit(trx, cityId, after));
        await audit('unit.created', 'unit', unit.code, details);
        summary.unitsCreated++;
      } else if (old.name !== unit.name || old.kind !== unit.kind || old.parentId !== parentId || old.placeCode !== unit.place) {
        await org.updateUnit(trx, cityId, old.id, after);
        await audit('unit.updated', 'unit', unit.code, details);
        summary.unitsUpdated++;
      }
    }

    const users = new Map((await org.listUsers(trx, cityId)).map((u) => [u.username, u]));
    const direct = await grantsApplyAtOnce(trx, cityId, actor);
    for (const user of input.users) {
      const unitId = idOf.get(user.unit)!;
      const old = users.get(user.username);
      const pending = (result: { pendingRoles: readonly Role[] }) => summary.pendingGrants.push(...result.pendingRoles.map((role) => ({ username: user.username, role })));
      if (!old) {
        const change = divideRoleChange([], user.roles, packRoles, direct);
        const id = await createUser(trx, cityId, user, unitId, change.now, summary, options.demoAccounts === true);
        await audit('user.created', 'user', user.username, { name: user.name, unit: user.unit, roles: change.now });
        await requestGrants(trx, cityId, { id, username: user.username }, change.pending, actor);
        pending({ pendingRoles: change.pending });
        summary.usersCreated++;
        continue;
      }
      let changed = false;
      if (old.displayName !== user.name || old.unitId !== unitId) {
        await org.updateUser(trx, cityId, old.id, { displayName: user.name, unitId });
        await audit('user.updated', 'user', user.username, { name: user.name, unit: user.unit });
        changed = true;
      }
      if (!sameRoles(old.roles, user.roles)) {
        const result = await applyRoleChange(trx, cityId, old, user.roles, packRoles, actor, direct);
        pending(result);
        changed ||= result.changed;
      }
      if (user.phone && (await org.setUserPhone(trx, cityId, old.id, user.phone))) {
        await audit('user.updated', 'user', user.username, { phone: 'changed' }); // the number itself stays out of the trail
        changed = true;
      }
      if (changed) summary.usersUpdated++;
    }

    // contact persons last: they may be people this file adds
    const userIds = new Map((await org.listUsers(trx, cityId)).map((u) => [u.username, u.id]));
    for (const unit of input.units) {
      if (!unit.contact) continue;
      if (await org.setUnitContact(trx, cityId, idOf.get(unit.code)!, userIds.get(unit.contact)!)) {
        await audit('unit.updated', 'unit', unit.code, { contact: unit.contact });
      }
    }
    return summary;
  });
}

async function createUser(trx: Knex.Transaction, cityId: string, user: UserInput, unitId: string, roles: readonly Role[], summary: ImportSummary, demo: boolean): Promise<string> {
  let password = user.password;
  if (password === null) {
    password = randomBytes(12).toString('base64url');
    summary.generatedPasswords.push({ username: user.username, password });
  }
  const id = await org.insertUser(trx, cityId, { username: user.username, displayName: user.name, unitId, passwordHash: await hashPassword(password), demo, phone: user.phone ?? null });
  await org.replaceRoles(trx, id, roles);
  return id;
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/** Replaces a person's roles; those that see personal data wait for approval (role-grants.service). */
export async function changeRoles(db: Knex, cityId: string, username: string, roles: Role[], actor: AuditActor): Promise<org.User & { pendingRoles: Role[] }> {
  return db.transaction(async (trx) => {
    const user = (await org.listUsers(trx, cityId)).find((u) => u.username === username);
    if (!user) throw notFound(`user "${username}"`);
    const unit = (await org.listUnits(trx, cityId)).find((u) => u.id === user.unitId)!;
    const packRoles = await packRolesOf(trx, cityId);
    const misfits = rolesMisfit(roles, unit, packRoles);
    if (misfits.length > 0) throw new InputRejectedError('ROLES_INVALID', `the roles of ${username}`, misfits.map((message) => ({ where: 'roles', message })));
    const result = await applyRoleChange(trx, cityId, user, roles, packRoles, actor, await grantsApplyAtOnce(trx, cityId, actor));
    return { ...user, roles: result.roles, pendingRoles: result.pendingRoles };
  });
}

export function listUnits(db: Knex, cityId: string): Promise<org.Unit[]> {
  return org.listUnits(db, cityId);
}

export function listUsers(db: Knex, cityId: string): Promise<org.User[]> {
  return org.listUsers(db, cityId);
}

export function listPlaces(db: Knex, cityId: string): Promise<org.Place[]> {
  return org.listPlaces(db, cityId);
}

export function placeSubtree(db: Knex, cityId: string, code: string): Promise<string[]> {
  return org.placeSubtree(db, cityId, code);
}

export function findUnit(db: Knex, cityId: string, code: string): Promise<org.Unit | null> {
  return org.findUnitByCode(db, cityId, code);
}

export function unitSubtree(db: Knex, unitId: string): Promise<string[]> {
  return org.unitSubtree(db, unitId);
}

