// Role-grant requests (授权申请) of a city: asked by one administrator, decided by a security administrator.
import type { Knex } from 'knex';
import type { AuditActor, Role } from '../auth/actor';

export const GRANT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

export interface GrantRequest {
  id: number;
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
  status: GrantStatus;
  decidedByName: string | null;
  decidedAt: Date | null;
  note: string | null;
}

const select = (db: Knex) =>
  db('role_grant_requests as g')
    .join('users as u', 'u.id', 'g.user_id')
    .select(
      'g.id',
      'g.user_id',
      'u.username',
      'u.display_name',
      'g.role',
      'g.requested_by',
      'g.requested_by_name',
      'g.requested_at',
      'g.status',
      'g.decided_by_name',
      'g.decided_at',
      'g.decision_note',
    );

const toRequest = (r: Record<string, unknown>): GrantRequest => ({
  id: Number(r.id),
  userId: r.user_id as string,
  username: r.username as string,
  displayName: r.display_name as string,
  role: r.role as Role,
  requestedBy: r.requested_by as string,
  requestedByName: r.requested_by_name as string,
  requestedAt: r.requested_at as Date,
  status: r.status as GrantStatus,
  decidedByName: (r.decided_by_name as string | null) ?? null,
  decidedAt: (r.decided_at as Date | null) ?? null,
  note: (r.decision_note as string | null) ?? null,
});

export async function listRequests(db: Knex, cityId: string, status: GrantStatus | undefined, limit: number): Promise<GrantRequest[]> {
  const rows = await select(db)
    .where('g.city_id', cityId)
    .modify((q) => {
      if (status) q.where('g.status', status);
    })
    .orderBy('g.id', 'desc')
    .limit(limit);
  return rows.map(toRequest);
}

/** One request; `lock`ed until the transaction ends, two approvers cannot both decide it. */
export async function findRequest(db: Knex, cityId: string, id: number, lock = false): Promise<GrantRequest | null> {
  const row = await select(db)
    .where({ 'g.city_id': cityId, 'g.id': id })
    .modify((q) => {
      if (lock) q.forUpdate('g');
    })
    .first();
  return row ? toRequest(row) : null;
}

/** Open requests for these roles of a person; a role asked for again joins the one already waiting. */
export async function insertRequests(trx: Knex.Transaction, cityId: string, userId: string, roles: readonly Role[], by: AuditActor & { userId: string }): Promise<Role[]> {
  if (roles.length === 0) return [];
  const rows = await trx('role_grant_requests')
    .insert(roles.map((role) => ({ city_id: cityId, user_id: userId, role, requested_by: by.userId, requested_by_name: by.name })))
    .onConflict()
    .ignore()
    .returning('role');
  return rows.map((r: { role: Role }) => r.role);
}

export async function decide(trx: Knex.Transaction, id: number, status: 'approved' | 'rejected', by: AuditActor, note: string | null): Promise<void> {
  await trx('role_grant_requests').where('id', id).update({ status, decided_by: by.userId, decided_by_name: by.name, decided_at: trx.fn.now(), decision_note: note });
}

/** Withdraws a person's open requests for roles other than these (their roles were set again without them); the roles withdrawn. */
export async function withdrawOthers(trx: Knex.Transaction, userId: string, keep: readonly Role[], by: AuditActor): Promise<Role[]> {
  const rows = await trx('role_grant_requests')
    .where({ user_id: userId, status: 'pending' })
    .whereNotIn('role', keep)
    .update({ status: 'withdrawn', decided_by_name: by.name, decided_at: trx.fn.now() })
    .returning('role');
  return rows.map((r: { role: Role }) => r.role);
}
