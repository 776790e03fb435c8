// The embedded engine's job leases (engine-adapters/src/embedded/schema.migration.ts, `jobLeases`): two
// server replicas on one database hand each job to one of them at a time.
import type { Knex } from 'knex';
import { embeddedEngineMigration } from '@hotline/engine-adapters';

export async function up(knex: Knex): Promise<void> {
  await embeddedEngineMigration.jobLeases.up(knex);
}

export async function down(knex: Knex): Promise<void> {
  await embeddedEngineMigration.jobLeases.down(knex);
}
