// What the embedded engine's tests share: a database with the engine's schema, engines on a
// controlled clock that record every announcement and job, and ways to look at the stored state.
import { readFileSync } from 'node:fs';

import type { Knex } from 'knex';
import { afterEach, expect } from 'vitest';

import { createEmbeddedEngine, embeddedEngineMigration } from '../src/index';
import type { EmbeddedWorkflowEngine, JobHandler, ProcessResource, ServiceJob, UserTaskCreated, Variables } from '../src/index';
import { freshDatabase } from './postgres.database';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Where scenarios start: a Friday afternoon in Tianjin. */
export const T0 = Date.parse('2026-11-20T16:00:00+08:00');

/** An instant as @hotline/rules prints it, in the city's +08:00; timers read these. */
export function at(epochMs: number): string {
  return new Date(epochMs + 8 * HOUR).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

export function fixture(name: string): ProcessResource {
  return { name, xml: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8') };
}

/** A fresh database for this test file, with the embedded engine's tables. */
export async function engineDatabase(): Promise<Knex> {
  const db = await freshDatabase();
  await embeddedEngineMigration.up(db);
  return db;
}

export interface TestEngine {
  engine: EmbeddedWorkflowEngine;
  /** Every announcement in order, repeats included. */
  announced: UserTaskCreated[];
  /** Every handler call in order. */
  jobCalls: ServiceJob[];
}

const running: EmbeddedWorkflowEngine[] = [];
const backgroundErrors: unknown[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((engine) => engine.stop()));
  expect(backgroundErrors.splice(0)).toEqual([]);
});

/** Starts an engine on a controlled clock; failed jobs are retried without delay. `replica`: its name and job lease (replica tests). */
export async function startEngine(db: Knex, handlers: Record<string, JobHandler> = {}, replica: { replicaName?: string; jobLeaseMs?: number; pollIntervalMs?: number } = {}): Promise<TestEngine> {
  const engine = createEmbeddedEngine({ knex: db, controlledClock: true, jobRetryBackoffMs: 0, onError: (error) => backgroundErrors.push(error), ...replica });
  const announced: UserTaskCreated[] = [];
  const jobCalls: ServiceJob[] = [];
  for (const [type, handler] of Object.entries(handlers)) {
    engine.registerJobWorker(type, (job) => {
      jobCalls.push(job);
      return handler(job);
    });
  }
  engine.onUserTaskCreated(async (task) => {
    announced.push(task);
  });
  running.push(engine);
  await engine.start();
  return { engine, announced, jobCalls };
}

/** The one announced task of an element of an instance that is still open. */
export async function openTask(db: Knex, announced: UserTaskCreated[], processInstanceKey: string, elementId: string): Promise<UserTaskCreated> {
  const open = await openTaskKeys(db, processInstanceKey);
  const tasks = announced.filter((t) => t.elementId === elementId && open.includes(t.key));
  const keys = new Set(tasks.map((t) => t.key));
  expect(keys.size, `open tasks of ${elementId}`).toBe(1);
  return tasks.at(-1) as UserTaskCreated;
}

export async function openTaskKeys(db: Knex, processInstanceKey: string): Promise<string[]> {
  const rows: { key: string }[] = await db('engine_user_task').where({ status: 'open', instance_key: processInstanceKey }).orderBy('key').select('key');
  return rows.map((r) => r.key);
}

export async function instance(db: Knex, key: string): Promise<{ status: string; variables: Variables; incident: string | null }> {
  return db('engine_process_instance').where({ key }).first('status', 'variables', 'incident');
}

export async function pendingTimers(db: Knex, processInstanceKey: string): Promise<[elementId: string, dueAt: number][]> {
  const rows: { element_id: string; due_at: Date }[] = await db('engine_timer').where({ instance_key: processInstanceKey }).orderBy('due_at').select('element_id', 'due_at');
  return rows.map((r) => [r.element_id, r.due_at.getTime()]);
}
