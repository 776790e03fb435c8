// Ticket search (工单查询) and repeat calls (重复来电, Tianjin 2024 §13(5)).
//
// - Words in a ticket's content or address: a GIN index on the text's character bigrams (two adjacent
//   characters; Chinese has no spaces and PostgreSQL no Chinese word segmenter). A query of two or more
//   characters is found by its bigrams (`@>`), then checked with LIKE. Chosen over pg_trgm by measurement
//   (bench/ticket-search.ts, README "Benchmarks"): trigrams cannot serve the two-character queries that
//   most Chinese searches are (噪音, 停水, 供热), and pg_trgm sees Chinese as letters only under a UTF-8
//   LC_CTYPE, while bigrams work whatever the cluster's locale.
// - A caller's phone is matched by a keyed digest (HMAC-SHA256 of its digits under a secret of this
//   database) stored on the ticket: searches never read ticket_callers and never see the number; the
//   digest cannot be turned back into a number without the key, which only the search module reads.
// - A repeat call linked to an open ticket: who called and what was said, apart from the ticket (the
//   caller's name and phone are personal data, like ticket_callers); its timeline event says only that
//   the caller (or another person) called again.
import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/** The digits of a phone number, without a +86 / 0086 country prefix. Kept in step with server/src/modules/search/caller-digest.ts. */
const digitsOf = (phone: string): string => phone.replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- The character bigrams of a text, lower-cased (Latin letters), without white space: 小区噪音 → {小区,区噪,噪音}.
    create function text_bigrams(t text) returns text[] language sql immutable strict parallel safe as $$
      select coalesce(array_agg(distinct substr(s, i, 2)), '{}')
      from (select lower(regexp_replace(t, '\\s+', '', 'g')) as s) x, generate_series(1, char_length(s) - 1) as i
    $$;

    create table search_secrets (
      name text primary key,
      secret bytea not null check (octet_length(secret) >= 32)
    );

    alter table tickets add column caller_digest bytea;
    create index tickets_caller_digest on tickets (city_id, caller_digest) where caller_digest is not null;
    -- stored, not an expression index: a GIN match on arrays is rechecked row by row, and reading the
    -- stored pairs is cheap where computing them again for every candidate row is not
    alter table tickets
      add column content_bigrams text[] generated always as (text_bigrams(content)) stored,
      add column address_bigrams text[] generated always as (text_bigrams(address)) stored;
    create index tickets_content_bigrams on tickets using gin (content_bigrams);
    create index tickets_address_bigrams on tickets using gin (address_bigrams) where address is not null;
    create index tickets_city_unit_registered on tickets (city_id, unit_id, registered_at desc);
    -- repeat-call candidates: the newest open tickets at a place
    create index tickets_open_place on tickets (city_id, place_code, registered_at desc) where status = 'open' and place_code is not null;

    create table ticket_repeat_calls (
      id uuid primary key default gen_random_uuid(),
      ticket_id uuid not null references tickets (id),
      city_id text not null references cities (id),
      called_at timestamptz not null,
      registered_by uuid not null references users (id),
      caller_name text not null,
      caller_phone text not null check (caller_phone ~ '^[0-9+][0-9 -]{2,24}$'),
      caller_digest bytea not null,
      -- whether the number is the ticket's caller's (a different person may report the same matter)
      same_caller boolean not null,
      content text not null,
      channel text,
      recorded_at timestamptz not null default now()
    );
    create index ticket_repeat_calls_ticket on ticket_repeat_calls (ticket_id, called_at);
    create index ticket_repeat_calls_city on ticket_repeat_calls (city_id, called_at);
  `);
  const secret = randomBytes(32);
  await knex('search_secrets').insert({ name: 'callerDigest', secret });
  // existing tickets: their callers' digests, in batches
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const rows: Array<{ ticket_id: string; phone: string }> = await knex('ticket_callers').where('ticket_id', '>', after).orderBy('ticket_id').limit(5000).select('ticket_id', 'phone');
    if (rows.length === 0) break;
    const values = rows.map((r) => [r.ticket_id, createHmac('sha256', secret).update(digitsOf(r.phone)).digest()] as const);
    await knex.raw(
      `update tickets t set caller_digest = v.digest from (select unnest(?::uuid[]) as id, unnest(?::bytea[]) as digest) v where t.id = v.id`,
      [values.map(([id]) => id), values.map(([, d]) => d)],
    );
    after = rows.at(-1)!.ticket_id;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table ticket_repeat_calls;
    drop index tickets_open_place;
    drop index tickets_city_unit_registered;
    drop index tickets_address_bigrams;
    drop index tickets_content_bigrams;
    alter table tickets drop column address_bigrams, drop column content_bigrams;
    drop index tickets_caller_digest;
    alter table tickets drop column caller_digest;
    drop table search_secrets;
    drop function text_bigrams(text);
  `);
}
