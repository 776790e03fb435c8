// The embedded engine's tables. An instance row holds the interpreter's state (process-run.ts) and the root
// variables; the side tables hold what the outside world waits on (user tasks, service jobs, timers,
// message subscriptions) so that they can be queried and locked without recovering the engine.
// Every table is prefixed `engine_` to stay clear of the platform's own tables.
//
// Versioned in steps: `baseSchema` (the platform's migration 0006) and `jobLeases` (0030). `up` and
// `down` apply or remove every step at once (a fresh database, the adapter's own tests); the platform
// lists each step as a migration of its own, so a database migrated before a step gets it too.
import type { Knex } from 'knex';

/** One sequence for every key the engine hands out: keys are unique across kinds, like Zeebe's. */
const KEY_SEQUENCE = 'engine_key_seq';

async function baseUp(knex: Knex): Promise<void> {
  await knex.raw(`CREATE SEQUENCE ${KEY_SEQUENCE} AS bigint START 1`);

  // The adapter's clock (engine-clock.ts): stopped at `pinned_ms` when set, otherwise real time plus
  // `offset_ms`. Only tests move it (clock.pin, clock.advance, clock.reset).
  await knex.schema.createTable('engine_clock', (t) => {
    t.smallint('id').primary().checkIn(['1']);
    t.bigInteger('pinned_ms');
    t.bigInteger('offset_ms').notNullable().defaultTo(0);
  });
  await knex('engine_clock').insert({ id: 1, pinned_ms: null, offset_ms: 0 });

  await knex.schema.createTable('engine_process_definition', (t) => {
    t.bigInteger('key').primary();
    t.text('bpmn_process_id').notNullable();
    t.integer('version').notNullable();
    t.text('resource_name').notNullable();
    t.text('xml').notNullable();
    t.text('checksum').notNullable();
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['bpmn_process_id', 'version']);
  });

  await knex.schema.createTable('engine_process_instance', (t) => {
    t.bigInteger('key').primary();
    t.bigInteger('definition_key').notNullable().references('key').inTable('engine_process_definition');
    t.text('bpmn_process_id').notNullable();
    t.integer('version').notNullable();
    t.text('status').notNullable().checkIn(['active', 'completed', 'canceled', 'incident']);
    /** What the instance waits in and the tokens at joins (process-run.ts); null once the instance is over. */
    t.jsonb('state');
    /** The root scope. */
    t.jsonb('variables').notNullable();
    t.text('incident');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status']);
  });

  // Waits are keyed by the execution id the instance's state gives them: stable across steps.
  const waitColumns = (t: Knex.CreateTableBuilder): void => {
    t.bigInteger('key').primary();
    t.bigInteger('instance_key').notNullable().references('key').inTable('engine_process_instance').onDelete('CASCADE');
    t.text('element_id').notNullable();
    t.text('execution_id').notNullable();
    t.unique(['instance_key', 'execution_id']);
  };

  await knex.schema.createTable('engine_user_task', (t) => {
    waitColumns(t);
    t.bigInteger('element_instance_key').notNullable();
    t.text('form_key');
    t.specificType('candidate_groups', 'text[]').notNullable();
    t.jsonb('custom_headers').notNullable();
    /** Variables local to the task: the multi-instance input element and ioMapping inputs. */
    t.jsonb('local_variables').notNullable();
    t.text('status').notNullable().checkIn(['open', 'completed', 'canceled']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.index(['status']);
  });

  await knex.schema.createTable('engine_job', (t) => {
    waitColumns(t);
    t.bigInteger('element_instance_key').notNullable();
    t.text('type').notNullable();
    t.jsonb('custom_headers').notNullable();
    t.jsonb('local_variables').notNullable();
    t.integer('retries').notNullable();
    /** An incident job stays visible (with its last error) until the instance is cancelled. */
    t.text('status').notNullable().checkIn(['activatable', 'incident']);
    t.text('error_message');
    /** Real time before which a failed job is not handed out again. */
    t.timestamp('retry_at', { useTz: true });
    t.index(['status', 'type']);
  });

  await knex.schema.createTable('engine_timer', (t) => {
    waitColumns(t);
    /** On the adapter's clock. */
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.index(['due_at']);
  });

  await knex.schema.createTable('engine_message_subscription', (t) => {
    waitColumns(t);
    t.text('bpmn_process_id').notNullable();
    t.text('message_name').notNullable();
    t.text('correlation_key').notNullable();
    t.index(['message_name', 'correlation_key']);
  });

  await knex.schema.createTable('engine_message', (t) => {
    t.bigInteger('key').primary();
    t.text('name').notNullable();
    t.text('correlation_key').notNullable();
    t.jsonb('variables').notNullable();
    t.text('message_id');
    /** On the adapter's clock; a message is buffered until then. */
    t.timestamp('expires_at', { useTz: true }).notNullable();
    /** Zeebe correlates a message at most once per BPMN process id. */
    t.specificType('correlated_process_ids', 'text[]').notNullable().defaultTo('{}');
    t.index(['name', 'correlation_key']);
    t.index(['expires_at']);
    t.unique(['name', 'correlation_key', 'message_id']);
  });
}

async function baseDown(knex: Knex): Promise<void> {
  for (const table of [
    'engine_message',
    'engine_message_subscription',
    'engine_timer',
    'engine_job',
    'engine_user_task',
    'engine_process_instance',
    'engine_process_definition',
    'engine_clock',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw(`DROP SEQUENCE IF EXISTS ${KEY_SEQUENCE}`);
}

/**
 * Job leases (several engines on one database, e.g. two server replicas): a job is claimed with
 * FOR UPDATE SKIP LOCKED and leased to one engine (`lease_owner`) until `lease_until` (real time); no
 * other engine hands it out before the lease ends. A failure, an incident or a restart of the owner
 * ends the lease early; a completion removes the job.
 */
async function jobLeasesUp(knex: Knex): Promise<void> {
  await knex.schema.alterTable('engine_job', (t) => {
    t.text('lease_owner');
    t.timestamp('lease_until', { useTz: true });
    t.index(['lease_owner']);
  });
}

async function jobLeasesDown(knex: Knex): Promise<void> {
  await knex.schema.alterTable('engine_job', (t) => {
    t.dropIndex(['lease_owner']);
    t.dropColumn('lease_owner');
    t.dropColumn('lease_until');
  });
}

export const baseSchema = { up: baseUp, down: baseDown };
export const jobLeases = { up: jobLeasesUp, down: jobLeasesDown };

/** The whole schema, every step. */
export async function up(knex: Knex): Promise<void> {
  await baseUp(knex);
  await jobLeasesUp(knex);
}

export async function down(knex: Knex): Promise<void> {
  await baseDown(knex);
}
