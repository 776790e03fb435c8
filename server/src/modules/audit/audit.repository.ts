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
  'ticket.searchedByPhone',
  'ticket.repeatCallLinked',
  'notification.retried',
  'catalogue.draftCreated',
  'catalogue.entriesReplaced',
  'catalogue.imported',
  'catalogue.entryAdded',
  'catalogue.submitted',
  'catalogue.rejected',
  'catalogue.published',
  'determination.requested',
  'determination.decided',
  'access.denied',
  'roleGrant.requested',
  'roleGrant.approved',
  'roleGrant.rejected',
  'export.downloaded',
  'security.alertRaised',
  'security.alertClosed',
  'subject.processStarted',
  'subject.taskCompleted',
  'subject.outcome',
  'assessment.run',
  'assessment.appealFiled',
  'assessment.corrected',
  'assessment.appealRejected',
  'knowledge.saved',
  'knowledge.submitted',
  'knowledge.published',
  'knowledge.returned',
  'knowledge.flagged',
  'knowledge.updateSubmitted',
  'knowledge.confirmedUnchanged',
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
  await insertEvent(trx, event);
}

/**
 * An event that describes no change (a refused access, a download): written on its own, since there is
 * no change to share a transaction with — and a refusal's own transaction, if any, is rolled back.
 */
export async function recordStandaloneEvent(db: Knex, event: AuditEventInput): Promise<void> {
  await insertEvent(db, event);
}

async function insertEvent(db: Knex | Knex.Transaction, event: AuditEventInput): Promise<void> {
  await db('audit_events').insert({
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
  action?: AuditAction | undefined;
  /** The actor's username (or cli, system), exactly. */
  actor?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /** Events at or after this instant. */
  from?: Date | undefined;
  /** Events before this instant. */
  to?: Date | undefined;
  /** Some actions only (what a reader's roles let them see); absent, all. */
  actions?: readonly AuditAction[] | undefined;
  /** Also failed sign-ins with usernames no city has (kept without a city): password spraying shows there. */
  unattributedSignIns?: boolean;
  offset: number;
  limit: number;
}

export async function listEvents(db: Knex, cityId: string, query: AuditQuery): Promise<AuditEvent[]> {
  const rows = await db('audit_events')
    .where((w) => {
      w.where('city_id', cityId);
      if (query.unattributedSignIns) w.orWhere((n) => n.whereNull('city_id').where('action', 'auth.signInFailed'));
    })
    .modify((q) => {
      if (query.action) q.where('action', query.action);
      if (query.actions) q.whereIn('action', query.actions);
      if (query.actor) q.where('actor', query.actor);
      if (query.from) q.where('occurred_at', '>=', query.from);
      if (query.to) q.where('occurred_at', '<', query.to);
      if (query.subjectType) q.where('subject_type', query.subjectType);
      if (query.subjectId) q.where('subject_id', query.subjectId);
    })
    .orderBy('id', 'desc')
    .offset(query.offset)
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

/** A file handed out (an export, 数据导出): who took which record, in which form; written before the bytes leave. */
export function recordDownload(db: Knex, cityId: string, actor: AuditActor, subject: { type: string; id: string; format: string }): Promise<void> {
  return recordStandaloneEvent(db, { cityId, actor, action: 'export.downloaded', subjectType: subject.type, subjectId: subject.id, details: { format: subject.format } });
}
