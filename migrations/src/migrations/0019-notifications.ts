// Reminders and notifications (提醒): an outbox written in the same transaction as the event that causes
// it (a task offered to a unit or role, a warning 预警 of the deadline watch, a supervision order issued),
// and what the channels made of it — the in-portal notification centre's rows, one per person. A unit's
// contact person (联系人) is one of its staff; their mobile number is personal data, kept on the user and
// read only by the SMS channel.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table users add column phone text check (phone ~ '^[+]{0,1}[0-9]{5,20}$');
    alter table units add column contact_user_id uuid references users (id) on delete set null;

    create table notification_outbox (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      -- what caused it (task:<id>, warned:<event key>, supervisionOrder:<id>) and the pack rule that matched:
      -- one row per event, rule and channel, however often the event is replayed
      event_key text not null,
      rule text not null check (rule ~ '^[a-z][A-Za-z0-9]*$'),
      channel text not null check (channel ~ '^[a-z][A-Za-z0-9]*$'),
      -- who: { kind: "candidates", roles, unitId } or { kind: "unitContact", unitId }
      recipients jsonb not null,
      ticket_id uuid references tickets (id),
      task_id uuid references tasks (id),
      title text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      -- a claim being delivered: until then no other dispatcher takes it (a crash lets it lapse)
      lease_until timestamptz,
      last_error text,
      -- what the channel answered (the gateway's message id), never the phone number
      receipt text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      unique (event_key, rule, channel)
    );
    create index notification_outbox_due on notification_outbox (next_attempt_at) where status in ('pending', 'sending');

    create table notifications (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      user_id uuid not null references users (id) on delete cascade,
      outbox_id uuid not null references notification_outbox (id) on delete cascade,
      title text not null,
      body text not null,
      ticket_number text,
      task_id uuid references tasks (id),
      created_at timestamptz not null default now(),
      read_at timestamptz,
      unique (outbox_id, user_id)
    );
    create index notifications_person on notifications (user_id, created_at desc);
    create index notifications_unread on notifications (user_id) where read_at is null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table notifications;
    drop table notification_outbox;
    alter table units drop column contact_user_id;
    alter table users drop column phone;
  `);
}
