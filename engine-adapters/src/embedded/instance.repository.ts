// Process instances and what they wait on. Every write happens inside the transaction of one step,
// after the instance row was locked (FOR UPDATE): the lock serializes all changes to one instance.
import type { Knex } from 'knex';

import type { Variables } from '../port';
import type { KeyBlocks } from './keys';
import type { EngineState } from './process-run';

export type InstanceStatus = 'active' | 'completed' | 'canceled' | 'incident';

export interface InstanceRow {
  key: string;
  definition_key: string;
  bpmn_process_id: string;
  version: number;
  status: InstanceStatus;
  state: EngineState | null;
  variables: Variables;
  incident: string | null;
}

interface WaitRow {
  key: string;
  instance_key: string;
  element_id: string;
  execution_id: string;
}

export interface UserTaskRow extends WaitRow {
  element_instance_key: string;
  form_key: string | null;
  candidate_groups: string[];
  custom_headers: Record<string, string>;
  local_variables: Variables;
  status: 'open' | 'completed' | 'canceled';
}

export interface JobRow extends WaitRow {
  element_instance_key: string;
  type: string;
  custom_headers: Record<string, string>;
  local_variables: Variables;
  retries: number;
  status: 'activatable' | 'incident';
  error_message: string | null;
  /** The engine that holds the job (see claimJobs) and until when; null when nobody does. */
  lease_owner?: string | null;
  lease_until?: Date | null;
}

export interface TimerRow extends WaitRow {
  due_at: Date;
}

export interface SubscriptionRow extends WaitRow {
  bpmn_process_id: string;
  message_name: string;
  correlation_key: string;
}

export interface InstanceWaits {
  /** Open ones only. */
  userTasks: UserTaskRow[];
  jobs: JobRow[];
  timers: TimerRow[];
  subscriptions: SubscriptionRow[];
}

/** New waits, as planned from a step's run (see wait-plan.ts); keys are given when written. Closed ones by execution id. */
export interface WaitChanges {
  userTasks: Omit<UserTaskRow, 'key' | 'instance_key' | 'element_instance_key' | 'status'>[];
  jobs: Omit<JobRow, 'key' | 'instance_key' | 'element_instance_key' | 'status' | 'error_message'>[];
  timers: Omit<TimerRow, 'key' | 'instance_key'>[];
  subscriptions: Omit<SubscriptionRow, 'key' | 'instance_key' | 'bpmn_process_id'>[];
  closed: { userTasks: string[]; jobs: string[]; timers: string[]; subscriptions: string[] };
}

export const TABLES = {
  instance: 'engine_process_instance',
  userTask: 'engine_user_task',
  job: 'engine_job',
  timer: 'engine_timer',
  subscription: 'engine_message_subscription',
} as const;

export async function lockInstance(trx: Knex.Transaction, key: string): Promise<InstanceRow | undefined> {
  return trx(TABLES.instance).where({ key }).forUpdate().first('key', 'definition_key', 'bpmn_process_id', 'version', 'status', 'state', 'variables', 'incident');
}

export async function insertInstance(trx: Knex.Transaction, row: InstanceRow): Promise<void> {
  await trx(TABLES.instance).insert({ ...row, state: json(row.state), variables: json(row.variables) });
}

export async function updateInstance(trx: Knex.Transaction, key: string, change: Pick<InstanceRow, 'status' | 'state' | 'variables' | 'incident'>): Promise<void> {
  await trx(TABLES.instance)
    .where({ key })
    .update({ ...change, state: json(change.state), variables: json(change.variables), updated_at: trx.fn.now() });
}

// One after the other: a transaction is one connection, which runs one query at a time.
export async function waitsOf(trx: Knex.Transaction, instanceKey: string): Promise<InstanceWaits> {
  return {
    userTasks: await trx(TABLES.userTask).where({ instance_key: instanceKey, status: 'open' }),
    jobs: await trx(TABLES.job).where({ instance_key: instanceKey }),
    timers: await trx(TABLES.timer).where({ instance_key: instanceKey }),
    subscriptions: await trx(TABLES.subscription).where({ instance_key: instanceKey }),
  };
}

/** Writes a plan; returns the keys of the user tasks it opened (to announce them). */
export async function writeWaits(trx: Knex.Transaction, instance: InstanceRow, changes: WaitChanges, keyBlocks: KeyBlocks): Promise<string[]> {
  const { closed } = changes;
  const owned = { instance_key: instance.key };
  if (closed.userTasks.length) {
    // a task completed in this step is `completed` already, and stays so
    await trx(TABLES.userTask).where({ ...owned, status: 'open' }).whereIn('execution_id', closed.userTasks).update({ status: 'canceled', closed_at: trx.fn.now() });
  }
  if (closed.jobs.length) await trx(TABLES.job).where(owned).whereIn('execution_id', closed.jobs).delete();
  if (closed.timers.length) await trx(TABLES.timer).where(owned).whereIn('execution_id', closed.timers).delete();
  if (closed.subscriptions.length) await trx(TABLES.subscription).where(owned).whereIn('execution_id', closed.subscriptions).delete();

  const keys = await keyBlocks.take(trx, 2 * (changes.userTasks.length + changes.jobs.length) + changes.timers.length + changes.subscriptions.length);
  let used = 0;
  const nextKey = (): string => keys[used++] as string;

  const userTasks = changes.userTasks.map((t) => ({
    ...t,
    ...owned,
    key: nextKey(),
    element_instance_key: nextKey(),
    status: 'open',
    custom_headers: json(t.custom_headers),
    local_variables: json(t.local_variables),
  }));
  if (userTasks.length) await trx(TABLES.userTask).insert(userTasks);
  const jobs = changes.jobs.map((j) => ({
    ...j,
    ...owned,
    key: nextKey(),
    element_instance_key: nextKey(),
    status: 'activatable',
    custom_headers: json(j.custom_headers),
    local_variables: json(j.local_variables),
  }));
  if (jobs.length) await trx(TABLES.job).insert(jobs);
  const timers = changes.timers.map((t) => ({ ...t, ...owned, key: nextKey() }));
  if (timers.length) await trx(TABLES.timer).insert(timers);
  const subscriptions = changes.subscriptions.map((s) => ({ ...s, ...owned, key: nextKey(), bpmn_process_id: instance.bpmn_process_id }));
  if (subscriptions.length) await trx(TABLES.subscription).insert(subscriptions);

  return userTasks.map((t) => t.key);
}

/** Cancels an instance: its open tasks are closed, its jobs, timers and subscriptions dropped. */
export async function cancelWaits(trx: Knex.Transaction, instanceKey: string): Promise<void> {
  await trx(TABLES.userTask).where({ instance_key: instanceKey, status: 'open' }).update({ status: 'canceled', closed_at: trx.fn.now() });
  for (const table of [TABLES.job, TABLES.timer, TABLES.subscription]) await trx(table).where({ instance_key: instanceKey }).delete();
}

/** jsonb parameters go as text: node-postgres would send a JS array as a PostgreSQL array. */
function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** The next timer of an active instance, or the next one due by `dueBy` (adapter clock). */
export async function nextTimer(db: Knex, dueBy?: Date): Promise<TimerRow | undefined> {
  const query = db(`${TABLES.timer} as t`).join(`${TABLES.instance} as i`, 'i.key', 't.instance_key').where('i.status', 'active');
  if (dueBy) query.andWhere('t.due_at', '<=', dueBy);
  return query.orderBy([{ column: 't.due_at' }, { column: 't.key' }]).first('t.*');
}

/** What a job handler or a task listener sees of the instance with a task or job. */
export interface InstanceView {
  bpmn_process_id: string;
  version: number;
  variables: Variables;
}

/**
 * Claims up to `limit` activatable jobs of these types for `owner` until `leaseMs` from now (real time):
 * FOR UPDATE SKIP LOCKED, so two engines on one database never claim the same job, and a job leased to
 * another engine is not handed out before its lease ends. Jobs in `excludedKeys` (running here) are
 * left alone.
 */
export async function claimJobs(db: Knex, owner: string, types: string[], excludedKeys: string[], limit: number, leaseMs: number): Promise<(JobRow & InstanceView)[]> {
  const { rows } = await db.raw<{ rows: (JobRow & InstanceView)[] }>(
    `WITH claimable AS (
       SELECT j.key FROM ${TABLES.job} j JOIN ${TABLES.instance} i ON i.key = j.instance_key
       WHERE j.status = 'activatable' AND i.status = 'active' AND j.type IN (SELECT jsonb_array_elements_text(?::jsonb))
         AND j.key NOT IN (SELECT jsonb_array_elements_text(?::jsonb)::bigint)
         AND (j.retry_at IS NULL OR j.retry_at <= now()) AND (j.lease_until IS NULL OR j.lease_until <= now())
       ORDER BY j.key LIMIT ? FOR UPDATE OF j SKIP LOCKED
     ), claimed AS (
       UPDATE ${TABLES.job} j SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond'
       FROM claimable c WHERE j.key = c.key RETURNING j.*
     )
     SELECT c.*, i.bpmn_process_id, i.version, i.variables FROM claimed c JOIN ${TABLES.instance} i ON i.key = c.instance_key ORDER BY c.key`,
    // the lists as JSON: knex would spread an array binding into a list of parameters
    [JSON.stringify(types), JSON.stringify(excludedKeys), limit, owner, leaseMs],
  );
  return rows;
}

/** Ends the leases an owner holds (its earlier life: a restart under the same name), or its lease of one job. */
export async function releaseLeases(db: Knex, owner: string, jobKey?: string): Promise<void> {
  await db(TABLES.job)
    .where({ lease_owner: owner, ...(jobKey === undefined ? {} : { key: jobKey }) })
    .update({ lease_owner: null, lease_until: null });
}

/** Inside a timer's firing, after the instance lock: whether the timer is still there (not fired by another engine). */
export async function timerPending(trx: Knex.Transaction, key: string): Promise<boolean> {
  return (await trx(TABLES.timer).where({ key }).first('key')) !== undefined;
}

/** Open user tasks of active instances: all of them, or those with the given keys. */
/** Open user tasks with their instance: these keys, or (a page of) all, in key order after `after`. */
export async function openUserTasks(db: Knex, keys?: string[], page?: { after: string | null; limit: number }): Promise<(UserTaskRow & InstanceView)[]> {
  const query = db(`${TABLES.userTask} as t`).join(`${TABLES.instance} as i`, 'i.key', 't.instance_key').where({ 't.status': 'open', 'i.status': 'active' });
  if (keys) query.whereIn('t.key', keys);
  if (page?.after) query.where('t.key', '>', page.after);
  if (page) query.limit(page.limit);
  return query.orderBy('t.key').select('t.*', 'i.bpmn_process_id', 'i.version', 'i.variables');
}

/** A failed job: one retry fewer, handed out again after the backoff, or an incident when none is left. */
export async function failJob(db: Knex, key: string, error: string, backoffMs: number): Promise<void> {
  await db(TABLES.job)
    .where({ key, status: 'activatable' })
    .update({
      retries: db.raw('retries - 1'),
      status: db.raw(`CASE WHEN retries <= 1 THEN 'incident' ELSE 'activatable' END`),
      error_message: error,
      retry_at: db.raw(`now() + ? * interval '1 millisecond'`, [backoffMs]),
      lease_owner: null,
      lease_until: null,
    });
}

export async function raiseJobIncident(db: Knex, key: string, error: string): Promise<void> {
  await db(TABLES.job).where({ key, status: 'activatable' }).update({ status: 'incident', error_message: error, lease_owner: null, lease_until: null });
}
