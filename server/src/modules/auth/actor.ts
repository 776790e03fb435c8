// Who is calling: the signed-in person with their city, unit and roles (RULES.md "Roles").
// Every scope decision starts from here; nothing below trusts a city or unit taken from a request.

export const ROLES = [
  'registrar', // 受理
  'dispatcher', // 派单
  'reviewer', // 审核
  'returnVisit', // 回访
  'supervisor', // 督办
  'unitHandler', // 承办单位经办人
  'unitLeader', // 承办单位负责人
  'policy', // 政策人员
  'admin', // 实施人员 (implementer)
] as const;
export type Role = (typeof ROLES)[number];

/** Hotline-centre staff: they work on every ticket of their city. */
export const CENTRE_ROLES: readonly Role[] = ['registrar', 'dispatcher', 'reviewer', 'returnVisit', 'supervisor'];
/** Handling-unit staff: they see their own unit's tickets (a leader: also its sub-units'). */
export const UNIT_ROLES: readonly Role[] = ['unitHandler', 'unitLeader'];

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  cityId: string;
  unitId: string;
  roles: Role[];
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Who appears in the audit trail: a person, or the CLI / the server itself. */
export interface AuditActor {
  userId: string | null;
  name: string;
}

export const auditActorOf = (actor: Actor): AuditActor => ({ userId: actor.userId, name: actor.username });
export const SYSTEM: AuditActor = { userId: null, name: 'system' };
export const CLI: AuditActor = { userId: null, name: 'cli' };
