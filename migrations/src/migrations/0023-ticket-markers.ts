// What a ticket's end says for the unit's assessment: its negative rating was exempted after the centre
// accepted the unit's 履职尽责说明 (Tianjin 2024 §23, 2025 §24; the `ratingExempted` event), and the
// matter was filed as not solvable for objective reasons (备案, Tianjin 2015 §22; `unsolvableFiled`).
// Columns of the ticket, so that reports (assessment, issue 13) read them with the ticket's other fields.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table tickets
      add column negative_rating_exempt boolean not null default false,
      add column unsolvable_filed boolean not null default false
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table tickets
      drop column negative_rating_exempt,
      drop column unsolvable_filed
  `);
}
