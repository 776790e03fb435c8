// A database of its own for each test file, on the run's PostgreSQL (see global-setup.ts).
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { connectKnex } from '../../src/database/database';

export const TEST_DATABASE_PREFIX = 'hotline_test_';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface TestDatabase {
  knex: Knex;
  url: string;
  drop(): Promise<void>;
}

/** A new database: migrated (a copy of the run's template) or empty, for migration tests. */
export async function freshDatabase(options: { migrated: boolean } = { migrated: true }): Promise<TestDatabase> {
  const { adminUrl, template } = inject('postgres');
  const name = `${TEST_DATABASE_PREFIX}${randomBytes(6).toString('hex')}`;
  const admin = connectKnex(adminUrl);
  try {
    await admin.raw('create database ?? template ??', [name, options.migrated ? template : 'template0']);
  } finally {
    await admin.destroy();
  }
  const url = databaseUrl(adminUrl, name);
  const knex = connectKnex(url);
  return {
    knex,
    url,
    drop: async () => {
      await knex.destroy();
      const cleanup = connectKnex(adminUrl);
      await cleanup.raw('drop database if exists ?? with (force)', [name]).finally(() => cleanup.destroy());
    },
  };
}
