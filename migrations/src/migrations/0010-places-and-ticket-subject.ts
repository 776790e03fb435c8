// What a ticket is about and where (issue 15): the city's divisions (区划: district → street → community)
// beside its organisation, the division a street office or community governs, and on each ticket its
// matter (a code of the pack's taxonomy, 诉求事项), its place and the address as the caller gave it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table places (
      city_id text not null references cities (id),
      code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
      name text not null,
      kind text not null check (kind in ('district', 'street', 'community')),
      parent_code text,
      primary key (city_id, code),
      foreign key (city_id, parent_code) references places (city_id, code),
      check (parent_code is distinct from code)
    );
    create index places_parent on places (city_id, parent_code);

    alter table units add column place_code text;
    alter table units add foreign key (city_id, place_code) references places (city_id, code);

    alter table tickets add column matter_code text;
    alter table tickets add column place_code text;
    alter table tickets add column address text;
    alter table tickets add foreign key (city_id, place_code) references places (city_id, code);
    -- Filters: a place and everything under it is a short list of codes (= any); a matter and
    -- everything under it is a code prefix (like '0101%'), which text_pattern_ops serves whatever the collation.
    create index tickets_place on tickets (city_id, place_code) where place_code is not null;
    create index tickets_matter on tickets (city_id, matter_code text_pattern_ops) where matter_code is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index tickets_matter;
    drop index tickets_place;
    alter table tickets drop column address;
    alter table tickets drop column place_code;
    alter table tickets drop column matter_code;
    alter table units drop column place_code;
    drop table places;
  `);
}
