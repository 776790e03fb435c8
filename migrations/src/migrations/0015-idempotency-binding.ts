// A task completion's request id is bound to who sent it and what they sent (sha-256 of the request's
// canonical JSON without the id): a replay by someone else, or with other data, is refused instead of
// being answered with the first caller's result. Completions recorded before this have no hash: a
// replay of one is refused too, which only costs a retry with a fresh id.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table tasks add column completion_request_hash text`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table tasks drop column completion_request_hash`);
}
