// Reminders to several people over SMS, and the screen of reminders not delivered (提醒发送情况): a row's
// recipients are the pack's now (a unit's contact person, its leader, the leader of the unit above …),
// so one SMS row may go to several people. `sent_to` lists those who already have it, so that a retry
// after a partial failure (or after staff re-queued a failed row) never sends one of them a second
// message, whatever the gateway does with the Idempotency-Key. The index serves the screen.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table notification_outbox add column sent_to jsonb not null default '[]' check (jsonb_typeof(sent_to) = 'array');
    create index notification_outbox_undelivered on notification_outbox (city_id, created_at desc)
      where status = 'failed' or (status in ('pending', 'sending') and attempts > 0);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index notification_outbox_undelivered;
    alter table notification_outbox drop column sent_to;
  `);
}
