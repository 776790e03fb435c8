// The audit trail: rows are only ever inserted, always through the transaction that makes the change,
// so a change that fails leaves no event and an event never describes a change that did not happen.
import type { Knex } from 'knex';
import type { AuditActor } from '../auth/actor';

export const AUDIT_ACTIONS = [
  'pack.imported',
  'pack.published',
  'pack.draftCreated',
  'pack.fileWritten',
  'pack.fileDeleted',
  'pack.deadlinesRecomputed',
  'city.created',
  'place.created',
  'place.updated',
  'unit.created',
  'unit.updated',
  'user.created',
  'user.updated',
  'user.rolesChanged',
  'user.locked',
  'user.unlocked',
  'user.disabled',
  'user.enabled',
  'user.sessionsEnded',
  'user.passwordChanged',
  'user.passwordReset',
  'auth.signedIn',
  'auth.signInFailed',
  'auth.signedOut',
  'ticket.registered',
  'ticket.callerRevealed',
  'ticket.split',
  'ticket.migrated',
  'catalogue.draftCreated',
  'catalogue.entriesReplaced',
  'catalogue.imported',
  'catalogue.entryAdded',
  'catalogue.submitted',
  'catalogue.rejected',
  'catalogue.published',
  'determination.requested',
  'determination.decided',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventInput {
  cityId: string | null;
  actor: AuditActor;
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  cityId: string | null;
  actorUserId: string | null;
  actor: string;
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
}

export async function recordEvent(trx: Knex.Transaction, event: AuditEventInput): Promise<void> {
  await trx('audit_events').insert({
    city_id: event.cityId,
    actor_user_id: event.actor.userId,
    actor: event.actor.name,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    details: JSON.stringify(event.details ?? {}),
  });
}

export interface AuditQuery {
  action?: AuditAction;
  subjectType?: string;
  subjectId?: string;
  limit: number;
}

export async function listEvents(db: Knex, cityId: string, query: AuditQuery): Promise<AuditEvent[]> {
  const rows = await db('audit_events')
    .where('city_id', cityId)
    .modify((q) => {
      if (query.action) q.where('action', query.action);
      if (query.subjectType) q.where('subject_type', query.subjectType);
      if (query.subjectId) q.where('subject_id', query.subjectId);
    })
    .orderBy('id', 'desc')
    .limit(query.limit);
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as number,
    occurredAt: (r.occurred_at as Date).toISOString(),
    cityId: r.city_id as string | null,
    actorUserId: r.actor_user_id as string | null,
    actor: r.actor as string,
    action: r.action as AuditAction,
    subjectType: r.subject_type as string,
    subjectId: r.subject_id as string,
    details: r.details as Record<string, unknown>,
  }));
}
