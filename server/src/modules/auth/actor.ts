// Who is calling: the signed-in person with their city, unit and roles (RULES.md "Roles"), and what
// those roles grant under the city's pack in force. Every scope decision starts from here; nothing
// below trusts a city or unit taken from a request.
import { PLATFORM_ROLE_LABELS, type PlatformRole, type PortalPage, type RoleDefinition, type RoleScope, isPlatformRole } from '@hotline/rules';

/** A role name: one the city's pack declares (`city.json` `roles`), or a platform role (policy, admin). */
export type Role = string;

/** What a person's roles give them under the city's pack. */
export interface Grants {
  /** Their roles the pack declares, as it declares them (scope, pages, when they may reveal a caller). */
  packRoles: readonly RoleDefinition[];
  /** The widest scope of those roles (centre > unitTree > unit); null with platform roles only. */
  scope: RoleScope | null;
  /** The portal pages of those roles, besides the inbox everyone has. */
  pages: PortalPage[];
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  cityId: string;
  unitId: string;
  roles: Role[];
  grants: Grants;
  /** An initial, reset or expired password: until it is changed, the session may only change it. */
  mustChangePassword: boolean;
}

const WIDTH: Readonly<Record<RoleScope, number>> = { unit: 1, unitTree: 2, centre: 3 };

/** The widest of these scopes, or null for none. */
export function widestScope(scopes: readonly RoleScope[]): RoleScope | null {
  return scopes.reduce<RoleScope | null>((widest, s) => (widest === null || WIDTH[s] > WIDTH[widest] ? s : widest), null);
}

/** The grants of these role names under a pack's roles; a name the pack does not declare grants nothing. */
export function grantsOf(roles: readonly Role[], packRoles: readonly RoleDefinition[]): Grants {
  const mine = packRoles.filter((r) => roles.includes(r.key));
  return { packRoles: mine, scope: widestScope(mine.map((r) => r.scope)), pages: [...new Set(mine.flatMap((r) => r.pages))] };
}

/** Each role's words: the pack's label, the platform's for its own roles, else the key itself. */
export function roleLabels(roles: readonly Role[], packRoles: readonly RoleDefinition[]): Record<Role, string> {
  return Object.fromEntries(
    roles.map((r) => [r, packRoles.find((d) => d.key === r)?.label ?? (isPlatformRole(r) ? PLATFORM_ROLE_LABELS[r as PlatformRole] : r)]),
  );
}

export function hasPlatformRole(actor: Actor, roles: readonly PlatformRole[]): boolean {
  return actor.roles.some((r) => (roles as readonly string[]).includes(r));
}

/** Who appears in the audit trail: a person, or the CLI / the server itself. */
export interface AuditActor {
  userId: string | null;
  name: string;
}

export const auditActorOf = (actor: Actor): AuditActor => ({ userId: actor.userId, name: actor.username });
export const SYSTEM: AuditActor = { userId: null, name: 'system' };
export const CLI: AuditActor = { userId: null, name: 'cli' };

/** Whether any pack role of the person may ever see a caller (its revealCaller is not `never`). */
export const seesCallers = (actor: Actor): boolean => actor.grants.packRoles.some((r) => r.revealCaller !== 'never');
