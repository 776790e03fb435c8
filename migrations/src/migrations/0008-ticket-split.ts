// Split dispatch (分别派单): a call with several demands for different units becomes one ticket per
// unit (Tianjin 2024 §15). The original keeps the first unit; each other unit gets a child ticket
// that names the ticket it was split from.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table tickets add column parent_ticket_id uuid references tickets (id);
    create index tickets_parent on tickets (parent_ticket_id) where parent_ticket_id is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index tickets_parent;
    alter table tickets drop column parent_ticket_id;
  `);
}
