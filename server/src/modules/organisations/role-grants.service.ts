// Role changes under separation of duties (三员分立): nobody changes their own roles; a role that sees
// personal data waits for a security administrator who neither asked for it nor would hold it. Every
// change and decision is audited in the transaction that makes it.
import type { Knex } from 'knex';
import { InputRejectedError, conflict, forbidden, notFound } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import type { AuditActor, Role } from '../auth/actor';
import * as org from './organisations.repository';
import { packRolesOf, rolesMisfit } from './role-fit';
import { type GrantableRole, divideRoleChange, grantableRoles } from './role-grants';
import * as grants from './role-grants.repository';

const DECIDED_ZH: Record<Exclude<grants.GrantStatus, 'pending'>, string> = { approved: '已批准', rejected: '已驳回', withdrawn: '已撤回' };

export const SELF_ROLE_CHANGE_ZH = '不能修改自己的角色：角色须由另一位管理员调整（三员分立）';
const LAST_SECURITY_ZH = '不能移除本市最后一位安全管理员：请先为另一人授予安全管理员角色并经批准（三员分立）';

export interface RoleChangeResult {
  roles: Role[];
  /** Roles now waiting for approval (asked by this change or before). */
  pendingRoles: Role[];
  changed: boolean;
}

/**
 * Whether role grants apply without a second person: from the CLI (the operator at the server), and while
 * the city has no security administrator yet — its first setup, when nobody could approve (audited all the same).
 */
export async function grantsApplyAtOnce(trx: Knex.Transaction, cityId: string, actor: AuditActor): Promise<boolean> {
  return actor.userId === null || !(await org.anyoneHolds(trx, cityId, 'security'));
}

/**
 * Changes a person's roles to `wanted` inside the caller's transaction: removals and roles without personal
 * data at once (user.rolesChanged), the others as requests (roleGrant.requested) unless `direct`
 * (grantsApplyAtOnce). A person acting on themselves is refused.
 */
export async function applyRoleChange(
  trx: Knex.Transaction,
  cityId: string,
  user: { id: string; username: string; roles: readonly Role[] },
  wanted: readonly Role[],
  packRoles: Parameters<typeof divideRoleChange>[2],
  actor: AuditActor,
  direct: boolean,
): Promise<RoleChangeResult> {
  if (actor.userId !== null && actor.userId === user.id) throw forbidden(SELF_ROLE_CHANGE_ZH);
  // without a security administrator grants apply at once (grantsApplyAtOnce): that is for a city's first
  // setup, not a state the system administrator may bring back by removing the last one
  const losesSecurity = user.roles.includes('security') && !wanted.includes('security');
  if (actor.userId !== null && losesSecurity && !(await org.anyoneHolds(trx, cityId, 'security', user.id))) throw forbidden(LAST_SECURITY_ZH);
  const change = divideRoleChange(user.roles, wanted, packRoles, direct);
  const held = [...user.roles].sort();
  let changed = false;
  if (held.join() !== change.now.join()) {
    await org.replaceRoles(trx, user.id, change.now);
    await recordEvent(trx, { cityId, actor, action: 'user.rolesChanged', subjectType: 'user', subjectId: user.username, details: { from: held, to: change.now } });
    changed = true;
  }
  changed ||= (await requestGrants(trx, cityId, user, change.pending, actor)) > 0;
  for (const role of await grants.withdrawOthers(trx, user.id, wanted, actor)) {
    await recordEvent(trx, { cityId, actor, action: 'roleGrant.rejected', subjectType: 'user', subjectId: user.username, details: { role, withdrawn: true } });
  }
  return { roles: change.now, pendingRoles: change.pending, changed };
}

/** Requests for roles that wait for approval, each audited; a role already waiting is not asked twice. How many are new. */
export async function requestGrants(trx: Knex.Transaction, cityId: string, user: { id: string; username: string }, roles: readonly Role[], actor: AuditActor): Promise<number> {
  if (actor.userId === null || roles.length === 0) return 0; // the CLI applies every role at once: nothing to ask
  const asked = await grants.insertRequests(trx, cityId, user.id, roles, { ...actor, userId: actor.userId });
  for (const role of asked) {
    await recordEvent(trx, { cityId, actor, action: 'roleGrant.requested', subjectType: 'user', subjectId: user.username, details: { role } });
  }
  return asked.length;
}

export interface GrantRequestView extends Omit<grants.GrantRequest, 'userId' | 'requestedBy' | 'requestedAt' | 'decidedAt'> {
  roleLabel: string;
  requestedAt: string;
  decidedAt: string | null;
}

export async function listGrantRequests(
  db: Knex,
  cityId: string,
  status: grants.GrantStatus | undefined,
): Promise<{ requests: GrantRequestView[]; roles: GrantableRole[] }> {
  const roles = grantableRoles(await packRolesOf(db, cityId));
  const requests = await grants.listRequests(db, cityId, status, 500);
  return { roles, requests: requests.map((r) => viewOf(r, roles)) };
}

function viewOf({ userId: _u, requestedBy: _r, requestedAt, decidedAt, ...request }: grants.GrantRequest, roles: readonly GrantableRole[]): GrantRequestView {
  return {
    ...request,
    roleLabel: roles.find((g) => g.key === request.role)?.label ?? request.role,
    requestedAt: requestedAt.toISOString(),
    decidedAt: decidedAt?.toISOString() ?? null,
  };
}

/** Asks for one more role for a person (the grant page): the same rules as changing their roles. */
export async function requestRole(db: Knex, cityId: string, username: string, role: Role, actor: AuditActor): Promise<RoleChangeResult> {
  return db.transaction(async (trx) => {
    const user = (await org.listUsers(trx, cityId)).find((u) => u.username === username);
    if (!user) throw notFound(`user "${username}"`);
    if (user.roles.includes(role)) throw conflict('ROLE_HELD', `${username} 已拥有该角色`);
    const unit = (await org.listUnits(trx, cityId)).find((u) => u.id === user.unitId)!;
    const packRoles = await packRolesOf(trx, cityId);
    const misfits = rolesMisfit([role], unit, packRoles);
    if (misfits.length > 0) throw new InputRejectedError('ROLES_INVALID', `the roles of ${username}`, misfits.map((message) => ({ where: 'role', message })));
    return applyRoleChange(trx, cityId, user, [...user.roles, role], packRoles, actor, await grantsApplyAtOnce(trx, cityId, actor));
  });
}

/**
 * A security administrator's decision on a waiting request. On approval the role is added in the same
 * transaction as its audit event; the role must still fit the person (the pack may have changed).
 */
export async function decideGrant(
  db: Knex,
  cityId: string,
  id: number,
  decision: 'approved' | 'rejected',
  actor: AuditActor & { userId: string },
  note: string | null,
): Promise<GrantRequestView> {
  await db.transaction(async (trx) => {
    const request = await grants.findRequest(trx, cityId, id, true);
    if (!request) throw notFound(`role grant request ${id}`);
    if (request.status !== 'pending') throw conflict('GRANT_DECIDED', `该授权申请${DECIDED_ZH[request.status]}，不能再次审批`);
    if (request.requestedBy === actor.userId) throw forbidden('不能审批自己提出的授权申请：须由另一位安全管理员审批（三员分立）');
    if (request.userId === actor.userId) throw forbidden('不能审批授予自己的角色：须由另一位安全管理员审批（三员分立）');
    const details = { role: request.role, requestedBy: request.requestedByName, ...(note ? { note } : {}) };
    if (decision === 'approved') {
      const user = (await org.listUsers(trx, cityId)).find((u) => u.id === request.userId)!;
      const unit = (await org.listUnits(trx, cityId)).find((u) => u.id === user.unitId)!;
      const misfits = rolesMisfit([request.role], unit, await packRolesOf(trx, cityId));
      if (misfits.length > 0) throw new InputRejectedError('ROLES_INVALID', `the roles of ${user.username}`, misfits.map((message) => ({ where: 'role', message })));
      const roles = [...new Set([...user.roles, request.role])].sort();
      await org.replaceRoles(trx, user.id, roles);
      await grants.decide(trx, id, 'approved', actor, note);
      await recordEvent(trx, { cityId, actor, action: 'roleGrant.approved', subjectType: 'user', subjectId: user.username, details: { ...details, from: user.roles, to: roles } });
    } else {
      await grants.decide(trx, id, 'rejected', actor, note);
      await recordEvent(trx, { cityId, actor, action: 'roleGrant.rejected', subjectType: 'user', subjectId: request.username, details });
    }
  });
  return viewOf((await grants.findRequest(db, cityId, id))!, grantableRoles(await packRolesOf(db, cityId)));
}
