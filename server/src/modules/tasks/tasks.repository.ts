// The inbox in PostgreSQL: tasks the engine announced (see workflow/task-projection.ts), read with the
// caller's right to act built into the query so that paging and totals only ever count what they may see.
import type { Knex } from 'knex';
import type { SubjectFilter } from '../tickets/tickets.repository';

export interface TaskRow {
  id: string;
  engine: string;
  task_key: string;
  city_id: string;
  /** Null for a subject process's task: it carries the subject instead. */
  ticket_id: string | null;
  subject_kind: string | null;
  subject_id: string | null;
  subject_process_id: string | null;
  /** The subject process's title and pack version (subject tasks only). */
  subject_title: string | null;
  subject_pack_version_id: number | string | null;
  process_instance_key: string;
  element_id: string;
  name: string;
  form: string | null;
  candidate_groups: string[];
  unit_id: string | null;
  unit_code: string | null;
  unit_name: string | null;
  ticket_number: string | null;
  ticket_type: string | null;
  ticket_summary: string | null;
  /** The ticket's handling unit (what the ticket page shows as 承办单位), not the task's. */
  ticket_unit_code: string | null;
  ticket_unit_name: string | null;
  urgency: string | null;
  due_at: Date | null;
  due_provisional: boolean;
  custom_headers: Record<string, string>;
  variables: Record<string, unknown>;
  status: 'open' | 'claimed' | 'completing' | 'completed' | 'cancelled';
  assignee_id: string | null;
  assignee_username: string | null;
  assignee_name: string | null;
  created_at: Date;
  completing_at: Date | null;
  completed_at: Date | null;
  completion_request_id: string | null;
  completion_request_hash: string | null;
  completed_by: string | null;
}

/**
 * Who may act on which tasks: a task is offered to the roles its candidate groups name. A centre role
 * acts on the city's centre tasks (no unit); a unit role on the tasks of the units in its scope.
 */
export interface ActScope {
  centreRoles: string[];
  unitRoles: Array<{ role: string; unitIds: string[] }>;
}

export interface TaskFilter {
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  form?: string | undefined;
  type?: string | undefined;
  urgency?: string | undefined;
  unit?: string | undefined;
  /** Engine time: due before it. */
  overdueAt?: Date | undefined;
  q?: string | undefined;
  /** The ticket's place and matter (`?place=`, `?matter=`). */
  subject?: SubjectFilter | undefined;
}

const STATUSES: Record<TaskFilter['status'], string[]> = {
  open: ['open', 'claimed'],
  claimed: ['claimed'],
  completed: ['completing', 'completed'],
  cancelled: ['cancelled'],
};

function selectTasks(db: Knex) {
  return db('tasks as k')
    .leftJoin('units as u', 'u.id', 'k.unit_id')
    .leftJoin('users as a', 'a.id', 'k.assignee_id')
    .leftJoin('tickets as t', 't.id', 'k.ticket_id')
    .leftJoin('units as tu', 'tu.id', 't.unit_id')
    .leftJoin('subject_processes as sp', 'sp.id', 'k.subject_process_id')
    .select(
      'k.*',
      'u.code as unit_code',
      'u.name as unit_name',
      'a.username as assignee_username',
      'a.display_name as assignee_name',
      't.summary as ticket_summary',
      'tu.code as ticket_unit_code',
      'tu.name as ticket_unit_name',
      'sp.title as subject_title',
      'sp.pack_version_id as subject_pack_version_id',
    );
}

/** Restricts a query on `tasks as k` to what the scope may act on. */
export function actable(q: Knex.QueryBuilder, scope: ActScope): void {
  q.where((w) => {
    w.whereRaw('false');
    if (scope.centreRoles.length > 0) w.orWhere((x) => x.whereNull('k.unit_id').whereRaw('k.candidate_groups && ?::text[]', [scope.centreRoles]));
    for (const { role, unitIds } of scope.unitRoles) w.orWhere((x) => x.whereIn('k.unit_id', unitIds).whereRaw('? = any(k.candidate_groups)', [role]));
  });
}

function filtered(db: Knex, cityId: string, scope: ActScope, filter: TaskFilter): Knex.QueryBuilder {
  const q = db('tasks as k').where('k.city_id', cityId).whereIn('k.status', STATUSES[filter.status]);
  actable(q, scope);
  if (filter.form) q.andWhere('k.form', filter.form);
  if (filter.type) q.andWhere('k.ticket_type', filter.type);
  if (filter.urgency) q.andWhere('k.urgency', filter.urgency);
  if (filter.unit) q.andWhere('k.unit_id', db('units').where({ city_id: cityId, code: filter.unit }).select('id'));
  // overdueAt is latestPassedDue(now) (@hotline/rules): overdue from the due instant on, as isOverdue says.
  if (filter.overdueAt) q.andWhere('k.due_at', '<=', filter.overdueAt);
  if (filter.q) q.andWhere('k.ticket_number', 'like', `${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
  // the ticket's place and matter, copied onto its tasks (migration 0028): no join with the tickets
  const { subject } = filter;
  if (subject?.placeCodes) q.whereIn('k.place_code', [...subject.placeCodes]);
  if (subject?.matterPattern) q.andWhere('k.matter_code', 'like', subject.matterPattern);
  return q;
}

/**
 * How far the inbox counts: a whole city's open tasks (200,000 at a large city) are not counted one by
 * one on every page: the count stops this many tasks past the page's start, and says it stopped
 * (`exact: false`; the portal shows 「1000+ 项」). Up to there it is exact.
 */
export const COUNT_AHEAD = 1000;

export interface TaskPage {
  rows: TaskRow[];
  /** Exact when `exact`; else a lower bound: at least this many. */
  total: number;
  exact: boolean;
}

function inboxOrder(q: Knex.QueryBuilder): void {
  q.orderBy([
    { column: 'k.urgency_rank', order: 'asc' },
    { column: 'k.due_at', order: 'asc', nulls: 'last' },
    { column: 'k.created_at', order: 'asc' },
    { column: 'k.id', order: 'asc' },
  ]);
}

/** A page of tasks: by urgency (the pack's order), then due time (the overdue first), then age. */
export async function listTasks(db: Knex, cityId: string, scope: ActScope, filter: TaskFilter, page: { offset: number; limit: number }): Promise<TaskPage> {
  const ids = filtered(db, cityId, scope, filter)
    .modify(inboxOrder)
    .offset(page.offset)
    .limit(page.limit)
    .select('k.id');
  const limit = page.offset + COUNT_AHEAD;
  const [rows, counted] = await Promise.all([
    ids.then(async (found: Array<{ id: string }>) => {
      if (found.length === 0) return [];
      const byId = new Map<string, TaskRow>((await selectTasks(db).whereIn('k.id', found.map((r) => r.id))).map((r: TaskRow) => [r.id, r]));
      return found.map((r) => byId.get(r.id) as TaskRow);
    }),
    // in the inbox's order, so that it reads the index the page reads, as far as it must
    db.count({ n: '*' }).from(filtered(db, cityId, scope, filter).modify(inboxOrder).select(db.raw('1')).limit(limit + 1).as('c')).first(),
  ]);
  const n = Number(counted?.n ?? 0);
  return n > limit ? { rows, total: limit, exact: false } : { rows, total: n, exact: true };
}

export async function findTask(db: Knex, cityId: string, id: string): Promise<TaskRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const row = await selectTasks(db).where({ 'k.id': id, 'k.city_id': cityId }).first();
  return row ?? null;
}

export async function tasksOfTicket(db: Knex, ticketId: string): Promise<TaskRow[]> {
  return selectTasks(db).where('k.ticket_id', ticketId).orderBy('k.created_at');
}

/** Claims an open task (or confirms the caller's own claim); false when someone else holds it or it is done. */
export async function claim(db: Knex, id: string, userId: string): Promise<boolean> {
  const updated = await db('tasks')
    .where({ id })
    .andWhere((w) => w.where('status', 'open').orWhere((x) => x.where({ status: 'claimed', assignee_id: userId })))
    .update({ status: 'claimed', assignee_id: userId, claimed_at: db.fn.now() });
  return updated > 0;
}
