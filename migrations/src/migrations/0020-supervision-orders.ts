// 督办单 (supervision orders): what a supervisor issued to the unit handling a ticket, by when the unit
// must answer and what it must say, and where the order stands. The steps themselves (issued, answered,
// escalated, re-issued, closed) run in the ticket's process and are written to its timeline; the row
// follows them, so the board lists open and overdue orders and the 通报 counts them per unit.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table supervision_orders (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      ticket_id uuid not null references tickets (id),
      -- the unit the ticket was with when the order was issued
      unit_id uuid references units (id),
      status text not null default 'issued' check (status in ('issued', 'answered', 'escalated', 'reissued', 'closed')),
      required_response text not null,
      opinion text not null,
      due_at timestamptz not null,
      -- the pack article the period came from, or 'set by the supervisor'
      due_source text not null,
      issued_by uuid not null references users (id),
      issued_at timestamptz not null,
      answered_at timestamptz,
      response text,
      escalations integer not null default 0,
      reissues integer not null default 0,
      closed_at timestamptz,
      updated_at timestamptz not null
    );
    create index supervision_orders_city on supervision_orders (city_id, issued_at desc);
    create index supervision_orders_open on supervision_orders (city_id, due_at) where status <> 'closed';
    create unique index supervision_orders_one_open on supervision_orders (ticket_id) where status <> 'closed';
    create index supervision_orders_unit on supervision_orders (unit_id, issued_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table supervision_orders');
}
