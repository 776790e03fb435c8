// The embedded workflow engine's tables (`engine_*`), as engine-adapters defines them: the server runs
// createEmbeddedEngine on the platform's own PostgreSQL unless ZEEBE_ADDRESS points at a broker. The
// schema belongs to the adapter (engine-adapters/src/embedded/schema.migration.ts); this only puts it
// in the platform's migration list, so `npm start` and `hotline db migrate` create it. Later steps of
// that schema are migrations of their own (0030-engine-job-leases).
import type { Knex } from 'knex';
import { embeddedEngineMigration } from '@hotline/engine-adapters';

export async function up(knex: Knex): Promise<void> {
  await embeddedEngineMigration.baseSchema.up(knex);
}

export async function down(knex: Knex): Promise<void> {
  await embeddedEngineMigration.baseSchema.down(knex);
}
