// Separation of duties (三员分立) as pure rules: which roles need a second person's approval before
// they take effect, and how a wanted set of roles divides into what applies now and what waits.
import { PLATFORM_ROLES, PLATFORM_ROLE_LABELS, type PlatformRole, type RoleDefinition } from '@hotline/rules';
import type { Role } from '../auth/actor';

/** The platform roles that themselves watch over personal data and the trail: the security and audit administrators. */
export const WATCHING_ROLES: readonly Role[] = ['security', 'auditor'];

/** A role that can see callers' personal data (a pack role that may reveal), or a security or audit administrator. */
export function needsApproval(role: Role, packRoles: readonly RoleDefinition[]): boolean {
  if (WATCHING_ROLES.includes(role)) return true;
  const definition = packRoles.find((r) => r.key === role);
  return definition !== undefined && definition.revealCaller !== 'never';
}

export interface RoleChange {
  /** The roles the person holds once the change is stored. */
  now: Role[];
  /** Roles asked for that wait for a security administrator's approval. */
  pending: Role[];
}

/**
 * From the roles held to the roles wanted: removals apply at once (taking a right away is safe), additions
 * that need approval wait, others apply. `direct` applies everything (the operator's CLI; a city that has
 * no security administrator yet to approve).
 */
export function divideRoleChange(held: readonly Role[], wanted: readonly Role[], packRoles: readonly RoleDefinition[], direct: boolean): RoleChange {
  const added = wanted.filter((r) => !held.includes(r));
  const pending = direct ? [] : [...new Set(added.filter((r) => needsApproval(r, packRoles)))].sort();
  const now = [...new Set(wanted.filter((r) => !pending.includes(r)))].sort();
  return { now, pending };
}

export interface GrantableRole {
  key: Role;
  label: string;
  needsApproval: boolean;
}

/** Every role a city's people may be given, in the pack's order then the platform's, with its words. */
export function grantableRoles(packRoles: readonly RoleDefinition[]): GrantableRole[] {
  return [
    ...packRoles.map((r) => ({ key: r.key, label: r.label, needsApproval: needsApproval(r.key, packRoles) })),
    ...PLATFORM_ROLES.map((r: PlatformRole) => ({ key: r, label: PLATFORM_ROLE_LABELS[r], needsApproval: needsApproval(r, packRoles) })),
  ];
}
