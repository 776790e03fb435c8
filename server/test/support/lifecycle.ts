// A world for the ticket lifecycle: a fresh database with the shipped Tianjin and Hangzhou packs
// (published, in force) and their demo organisations (password hotline-demo) plus a second street's
// handler, a workflow engine (embedded on the test database, or the Zeebe broker) with the platform's
// workers and task projection, and the HTTP API over it. Helpers wait for the engine the way the
// portal does: by polling the inbox.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import pino from 'pino';
import { SHIPPED_PACKS_DIR, readPackFolder } from '@hotline/cities';
import { type ServiceJob, type WorkflowEngine, createEmbeddedEngine, createZeebeEngine, stepTransaction } from '@hotline/engine-adapters';
import type { PackFile } from '@hotline/rules';
import { type AppOptions, buildApp } from '../../src/app';
import { DEMO_DIR } from '../../src/bootstrap/shipped-data';
import { connectEngineKnex } from '../../src/database/database';
import type { App } from '../../src/http/app-types';
import { CLI } from '../../src/modules/auth/actor';
import { readOrganisationJson } from '../../src/modules/organisations/organisation-file';
import { importOrganisation } from '../../src/modules/organisations/organisations.service';
import { importPack, publishVersion } from '../../src/modules/packs/packs.service';
import { Workflow } from '../../src/modules/workflow/workflow';
import { type TestDatabase, freshDatabase } from './database';
import { TEST_AUTH } from './world';

export const DEMO_PASSWORD = 'hotline-demo';

/** A response body the tests look into freely; its shape is checked by the route's response schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export const POLL_MS = 25;

export type EngineChoice = { kind: 'embedded' } | { kind: 'zeebe'; address: string; clockUrl: string };

export interface LifecycleWorld extends TestDatabase {
  app: App;
  workflow: Workflow;
  engine: WorkflowEngine;
  /** Errors the engine reported from background work (a test expects none). */
  engineErrors: unknown[];
  user(username: string): Promise<Caller>;
  /**
   * A first sign-in with the (demo) initial password of someone imported during the test: the server
   * requires a change before anything else; they change it, and back, so the test goes on with it.
   */
  changeInitialPassword(username: string): Promise<void>;
  close(): Promise<void>;
}

export interface Response<T = Json> {
  statusCode: number;
  body: T;
}

export interface Caller {
  username: string;
  get<T = Json>(url: string): Promise<Response<T>>;
  post<T = Json>(url: string, payload?: object): Promise<Response<T>>;
  put<T = Json>(url: string, payload: object): Promise<Response<T>>;
}

/** What a test may add to the shipped data: pack files (a taxonomy), users. */
export interface WorldOptions {
  packFiles?: (city: string, files: PackFile[]) => PackFile[];
  users?: Record<string, Array<{ username: string; name: string; unit: string; roles: string[] }>>;
  /** What 提交审核 of a knowledge entry starts (the subject-process foundation's starter, or a test's). */
  subjectStarter?: AppOptions['subjectStarter'];
}

/** A demo organisation with a second handler at another street (hexi.youyilu) for scope tests. */
function organisation(city: string, options: WorldOptions) {
  const demo = JSON.parse(readFileSync(join(DEMO_DIR, `${city}.json`), 'utf8'));
  if (city === 'tianjin') demo.users.push({ username: 'tj.handler2', name: '友谊路经办人', unit: 'hexi.youyilu', roles: ['unitHandler'], password: DEMO_PASSWORD });
  for (const user of options.users?.[city] ?? []) demo.users.push({ ...user, password: DEMO_PASSWORD });
  return demo;
}

export async function lifecycleWorld(choice: EngineChoice = { kind: 'embedded' }, cities: readonly string[] = ['tianjin', 'hangzhou'], options: ReplicaOptions = {}): Promise<LifecycleWorld> {
  const db = await freshDatabase();
  for (const city of cities) {
    const shipped = readPackFolder(join(SHIPPED_PACKS_DIR, city));
    const files = options.packFiles ? options.packFiles(city, shipped) : shipped;
    const { version } = await importPack(db.knex, files, { label: `cities/${city}`, expectedCityId: city, actor: CLI });
    await publishVersion(db.knex, city, version.number, '2020-01-01', CLI);
    const parsed = readOrganisationJson(organisation(city, options), `${city}.json`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    await importOrganisation(db.knex, city, parsed.input, CLI, { demoAccounts: true });
  }
  const replica = await startReplica(db.knex, db.url, choice, options);
  const world: LifecycleWorld = {
    ...db,
    app: replica.app,
    workflow: replica.workflow,
    engine: replica.engine,
    engineErrors: replica.engineErrors,
    user: replica.user,
    changeInitialPassword: async (username) => {
      const caller = await world.user(username);
      const interim = `${DEMO_PASSWORD}-interim-9f3k`;
      for (const [currentPassword, newPassword] of [[DEMO_PASSWORD, interim], [interim, DEMO_PASSWORD]] as const) {
        const changed = await caller.post('/api/auth/password', { currentPassword, newPassword });
        if (changed.statusCode !== 204) throw new Error(`password change of ${username}: ${changed.statusCode} ${JSON.stringify(changed.body)}`);
      }
    },
    close: async () => {
      await replica.close();
      await db.drop();
    },
  };
  return world;
}

/** One server on the database: its engine (with its own pool when embedded), workflow and HTTP API. */
export interface Replica {
  app: App;
  workflow: Workflow;
  engine: WorkflowEngine;
  engineErrors: unknown[];
  user(username: string): Promise<Caller>;
  /** Stops the server; the database stays. */
  close(): Promise<void>;
}

export interface ReplicaOptions extends WorldOptions {
  /** The embedded engine's name on the jobs it leases (one per replica). */
  replicaName?: string;
  /**
   * Called once a job handler succeeded, with where its writes go: the embedded engine's step (an in-step
   * job: a step that rolls back, for a deadlock, takes the record with it) or the replica's pool.
   * Replica tests record every job run there.
   */
  onJob?: (job: ServiceJob, db: Knex) => Promise<void>;
}

/**
 * A server on an existing database, as a replica of another: `knex` is the pool its requests use (a
 * replica of its own passes a pool of its own), the embedded engine gets its own pool on `url`.
 */
export async function startReplica(knex: Knex, url: string, choice: EngineChoice = { kind: 'embedded' }, options: ReplicaOptions = {}): Promise<Replica> {
  const engineErrors: unknown[] = [];
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const engineKnex = choice.kind === 'embedded' ? connectEngineKnex(url) : undefined;
  const engine =
    choice.kind === 'embedded'
      ? createEmbeddedEngine({ knex: engineKnex!, controlledClock: true, jobRetryBackoffMs: 100, onError: (error) => engineErrors.push(error), ...(options.replicaName ? { replicaName: options.replicaName } : {}) })
      : createZeebeEngine({ address: choice.address, clockUrl: choice.clockUrl, workerName: `server-test-${process.pid}${options.replicaName ? `-${options.replicaName}` : ''}`, logLevel: 'NONE', jobRetryBackoffMs: 500, log: (m) => engineErrors.push(m) });
  const onJob = options.onJob;
  if (onJob) {
    const register = engine.registerJobWorker.bind(engine);
    engine.registerJobWorker = (type, handler, jobOptions) =>
      register(
        type,
        async (job) => {
          const result = await handler(job);
          await onJob(job, stepTransaction() ?? knex);
          return result;
        },
        jobOptions,
      );
  }
  const workflow = new Workflow({ db: knex, engine, log, sweepIntervalMs: 1_000 });
  await workflow.start();
  const app = await buildApp({ db: knex, databaseDescription: 'test database', auth: TEST_AUTH, validateResponses: true, workflow, ...(options.subjectStarter ? { subjectStarter: options.subjectStarter } : {}), ...(process.env.TEST_LOG_LEVEL ? { logger: log } : {}) });
  await app.ready();
  const tokens = new Map<string, string>();
  return {
    app,
    workflow,
    engine,
    engineErrors,
    user: async (username) => {
      let token = tokens.get(username);
      if (!token) {
        const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
        if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
        token = response.json().token as string;
        tokens.set(username, token);
      }
      return callerOf(app, username, token);
    },
    close: async () => {
      await app.close();
      await workflow.stop();
      await engineKnex?.destroy();
    },
  };
}

function callerOf(app: App, username: string, token: string): Caller {
  const headers = { authorization: `Bearer ${token}` };
  const wrap = async (promise: Promise<{ statusCode: number; body: string; json(): Json }>) => {
    const response = await promise;
    return { statusCode: response.statusCode, body: response.body ? response.json() : undefined };
  };
  return {
    username,
    get: (url) => wrap(app.inject({ method: 'GET', url, headers })),
    post: (url, payload) => wrap(app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) })),
    put: (url, payload) => wrap(app.inject({ method: 'PUT', url, headers, payload })),
  };
}

/** Polls until `probe` gives something, or fails naming what it waited for. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined && found !== null && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export interface TaskItem {
  id: string;
  ticket: { id: string; number: string; type: string; urgency: string; summary: string | null; unit: { code: string; name: string } | null };
  form: string | null;
  name: string;
  candidateGroups: string[];
  unit: { code: string; name: string } | null;
  assignee: { username: string; name: string } | null;
  status: string;
  dueAt: string | null;
  dueProvisional: boolean;
}

/** The open task of a ticket with this form in the caller's inbox, once the engine has announced it. */
export function inboxTask(caller: Pick<Caller, 'username' | 'get'>, city: string, ticket: string, form: string, timeoutMs?: number): Promise<TaskItem> {
  return waitFor(
    `a "${form}" task of ticket ${ticket} in ${caller.username}'s inbox`,
    async () => {
      const response = await caller.get(`/api/cities/${city}/tasks?q=${ticket}&form=${form}`);
      if (response.statusCode !== 200) throw new Error(`GET tasks as ${caller.username}: ${response.statusCode} ${JSON.stringify(response.body)}`);
      return (response.body.items as TaskItem[]).find((t) => t.ticket.number === ticket && t.form === form);
    },
    timeoutMs,
  );
}

export const complaint = (overrides: Record<string, unknown> = {}) => ({
  type: 'complaint',
  urgency: 'general',
  channel: 'phone',
  content: '小区路灯不亮已有一周，夜间出行不便',
  caller: { name: '张三丰', phone: '13812345678' },
  classify: { outcome: 'dispatch' },
  ...overrides,
});

/** The forms' data for a plain run through the Tianjin process. */
export const FORM_DATA = {
  dispatch: { mode: 'single', unit: 'heping.quanyechang' },
  accept: { handler: '李四', handlerPhone: '13900001111' },
  reply: { policyBasis: '《天津市城市照明管理办法》', progress: '已派人维修', result: '路灯已修复', process: '现场更换灯具', contactedAt: '2026-11-21T10:00:00+08:00', callerFeedback: '诉求人表示满意' },
  returnVisit: { visitedAt: '2026-11-22T10:00:00+08:00', method: 'phone', handlingRating: 'satisfied', callerWords: '修好了，谢谢' },
};
