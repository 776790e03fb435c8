// A fresh database for one test file on the PostgreSQL of postgres.setup.ts, dropped after the file.
import { randomUUID } from 'node:crypto';

import knex from 'knex';
import type { Knex } from 'knex';
import { afterAll, inject } from 'vitest';

export async function freshDatabase(): Promise<Knex> {
  const serverUrl = inject('engineDatabaseUrl');
  const name = `engine_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw('CREATE DATABASE ??', [name]);

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = knex({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 10 } });
  afterAll(async () => {
    await db.destroy();
    await admin.raw('DROP DATABASE ?? WITH (FORCE)', [name]);
    await admin.destroy();
  });
  return db;
}
