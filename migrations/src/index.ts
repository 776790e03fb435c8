// @hotline/migrations: the PostgreSQL schema as knex migrations. The list is built from static
// imports, so the server, the CLI and the tests run the same migrations without a file-system loader
// (and without a build step: tsx runs them from source).
import type { Knex } from 'knex';
import * as cityPacks from './migrations/0001-city-packs';
import * as auditTrail from './migrations/0002-audit-trail';
import * as organisations from './migrations/0003-organisations';
import * as sessions from './migrations/0004-sessions';
import * as tickets from './migrations/0005-tickets';
import * as embeddedEngine from './migrations/0006-embedded-engine';
import * as ticketLifecycle from './migrations/0007-ticket-lifecycle';
import * as ticketSplit from './migrations/0008-ticket-split';
import * as packRoles from './migrations/0009-pack-roles';
import * as placesAndTicketSubject from './migrations/0010-places-and-ticket-subject';
import * as dispatchCatalogue from './migrations/0011-dispatch-catalogue';
import * as accounts from './migrations/0012-accounts';
import * as roleGrants from './migrations/0013-role-grants';
import * as sessionActivity from './migrations/0014-session-activity';
import * as idempotencyBinding from './migrations/0015-idempotency-binding';
import * as revealAlerts from './migrations/0016-reveal-alerts';
import * as ticketSearch from './migrations/0017-ticket-search';
import * as notifications from './migrations/0019-notifications';
import * as supervisionOrders from './migrations/0020-supervision-orders';
import * as supervisionOrderDelivery from './migrations/0021-supervision-order-delivery';
import * as notificationRecipients from './migrations/0022-notification-recipients';
import * as ticketMarkers from './migrations/0023-ticket-markers';
import * as subjectProcesses from './migrations/0024-subject-processes';
import * as knowledgeBase from './migrations/0025-knowledge-base';
import * as assessment from './migrations/0026-assessment';
import * as analysis from './migrations/0027-analysis';
import * as inboxScale from './migrations/0028-inbox-scale';
import * as taskEvents from './migrations/0029-task-events';
import * as engineJobLeases from './migrations/0030-engine-job-leases';

/** In order; a name once released never changes (knex records it in knex_migrations). */
const MIGRATIONS: ReadonlyArray<readonly [string, Knex.Migration]> = [
  ['0001-city-packs', cityPacks],
  ['0002-audit-trail', auditTrail],
  ['0003-organisations', organisations],
  ['0004-sessions', sessions],
  ['0005-tickets', tickets],
  ['0006-embedded-engine', embeddedEngine],
  ['0007-ticket-lifecycle', ticketLifecycle],
  ['0008-ticket-split', ticketSplit],
  ['0009-pack-roles', packRoles],
  ['0010-places-and-ticket-subject', placesAndTicketSubject],
  ['0011-dispatch-catalogue', dispatchCatalogue],
  ['0012-accounts', accounts],
  ['0013-role-grants', roleGrants],
  ['0014-session-activity', sessionActivity],
  ['0015-idempotency-binding', idempotencyBinding],
  ['0016-reveal-alerts', revealAlerts],
  ['0017-ticket-search', ticketSearch],
  ['0019-notifications', notifications],
  ['0020-supervision-orders', supervisionOrders],
  ['0021-supervision-order-delivery', supervisionOrderDelivery],
  ['0022-notification-recipients', notificationRecipients],
  ['0023-ticket-markers', ticketMarkers],
  ['0024-subject-processes', subjectProcesses],
  ['0025-knowledge-base', knowledgeBase],
  ['0026-assessment', assessment],
  ['0027-analysis', analysis],
  ['0028-inbox-scale', inboxScale],
  ['0029-task-events', taskEvents],
  ['0030-engine-job-leases', engineJobLeases],
];

/** The NOTIFY channel on which every change of an inbox row is announced (0029-task-events). */
export { TASK_EVENTS_CHANNEL } from './migrations/0029-task-events';

export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map(([name]) => name);

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => [...MIGRATION_NAMES],
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration "${name}"`);
    return found[1];
  },
};

/** The migrator settings every caller uses: `knex.migrate.latest(migratorConfig)`. */
export const migratorConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

export interface MigrationRun {
  batch: number;
  applied: string[];
}

export async function migrateToLatest(knex: Knex): Promise<MigrationRun> {
  const [batch, applied] = (await knex.migrate.latest(migratorConfig)) as [number, string[]];
  return { batch, applied };
}

/** Undoes the last batch, or every migration with `all`. */
export async function rollback(knex: Knex, options: { all?: boolean } = {}): Promise<MigrationRun> {
  const [batch, applied] = (await knex.migrate.rollback(migratorConfig, options.all ?? false)) as [number, string[]];
  return { batch, applied };
}

/** Applied and pending migration names, for health reports and `db status`. */
export async function migrationStatus(knex: Knex): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = (await knex.migrate.list(migratorConfig)) as [Array<{ name: string }>, string[]];
  return { applied: applied.map((m) => m.name), pending: pending.map(String) };
}
