// `hotline db`: the schema of the configured database (DATABASE_URL, or the embedded one under .data/).
import { parseArgs } from 'node:util';
import { migrateToLatest, migrationStatus, rollback } from '@hotline/migrations';
import { loadConfig, withDatabase } from '@hotline/server';
import type { CliIo } from '../run';

const USAGE = `usage:
  hotline db migrate             apply every pending migration
  hotline db rollback [--all]    undo the last batch, or every migration
  hotline db status              applied and pending migrations`;

export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { all: { type: 'boolean' } } });
  const database = loadConfig(process.env).database;
  switch (sub) {
    case 'migrate':
      return withDatabase(database, async (db) => {
        const { applied } = await migrateToLatest(db.knex);
        io.out(`${db.description}: ${applied.length > 0 ? `applied ${applied.join(', ')}` : 'already up to date'}`);
        return 0;
      }, { migrate: false });
    case 'rollback':
      return withDatabase(database, async (db) => {
        const { applied } = await rollback(db.knex, { all: values.all ?? false });
        io.out(`${db.description}: ${applied.length > 0 ? `rolled back ${applied.join(', ')}` : 'nothing to roll back'}`);
        return 0;
      }, { migrate: false });
    case 'status':
      return withDatabase(database, async (db) => {
        const { applied, pending } = await migrationStatus(db.knex);
        io.out(`${db.description}\n  applied: ${applied.join(', ') || 'none'}\n  pending: ${pending.join(', ') || 'none'}`);
        return 0;
      }, { migrate: false });
    default:
      io.err(sub === undefined ? USAGE : `hotline db: unknown subcommand "${sub}"\n${USAGE}`);
      return 2;
  }
}
