// A 督办单 issued while the ticket is at a step that cannot take one (an assisting unit's part, a return
// under review, an extension or completion review) waits for the ticket to reach a step that can
// (`waiting`, with the step it was at), and is delivered then; one whose ticket ends first never
// reaches the unit (`lapsed`). Neither holds the ticket's one open order once lapsed.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table supervision_orders drop constraint supervision_orders_status_check;
    alter table supervision_orders add constraint supervision_orders_status_check
      check (status in ('waiting', 'issued', 'answered', 'escalated', 'reissued', 'closed', 'lapsed'));
    alter table supervision_orders add column waiting_at text, add column delivered_at timestamptz;
    update supervision_orders set delivered_at = issued_at;
    drop index supervision_orders_one_open;
    create unique index supervision_orders_one_open on supervision_orders (ticket_id) where status not in ('closed', 'lapsed');
    drop index supervision_orders_open;
    create index supervision_orders_open on supervision_orders (city_id, due_at) where status not in ('closed', 'lapsed');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    update supervision_orders set status = 'closed', closed_at = coalesce(closed_at, updated_at) where status = 'lapsed';
    update supervision_orders set status = 'issued' where status = 'waiting';
    drop index supervision_orders_open;
    create index supervision_orders_open on supervision_orders (city_id, due_at) where status <> 'closed';
    drop index supervision_orders_one_open;
    create unique index supervision_orders_one_open on supervision_orders (ticket_id) where status <> 'closed';
    alter table supervision_orders drop column waiting_at, drop column delivered_at;
    alter table supervision_orders drop constraint supervision_orders_status_check;
    alter table supervision_orders add constraint supervision_orders_status_check
      check (status in ('issued', 'answered', 'escalated', 'reissued', 'closed'));
  `);
}
