// City packs as data: each import is a numbered version of a city's pack folder, kept whole (every
// file's text) so that an export gives back the same bytes. A published version is immutable, and the
// database says so too: the triggers below refuse what the service would never do.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table cities (
      id text primary key check (id ~ '^[a-z][a-z0-9-]{1,39}$'),
      name text not null,
      created_at timestamptz not null default now()
    );

    create table pack_versions (
      id bigint generated always as identity primary key,
      city_id text not null references cities (id),
      number integer not null check (number > 0),
      status text not null check (status in ('draft', 'validated', 'published')),
      -- sha-256 over the files' paths and text: recognises a re-import of the same folder
      content_hash text not null,
      source text not null,
      effective_from date,
      created_at timestamptz not null default now(),
      created_by text not null,
      validated_at timestamptz,
      published_at timestamptz,
      published_by text,
      unique (city_id, number),
      check ((status = 'published') = (effective_from is not null and published_at is not null))
    );

    create table pack_files (
      version_id bigint not null references pack_versions (id) on delete cascade,
      path text not null,
      text text not null,
      primary key (version_id, path)
    );

    -- Status moves forward only (draft → validated → published), and a published row never changes.
    create function pack_versions_guard() returns trigger language plpgsql as $$
    declare
      rank constant jsonb := '{"draft": 0, "validated": 1, "published": 2}';
    begin
      if old.status = 'published' then
        raise exception 'pack version %/% is published and cannot change', old.city_id, old.number
          using errcode = 'restrict_violation';
      end if;
      if tg_op = 'UPDATE' and (rank ->> new.status)::int < (rank ->> old.status)::int then
        raise exception 'pack version %/% cannot go back from % to %', old.city_id, old.number, old.status, new.status
          using errcode = 'restrict_violation';
      end if;
      return case tg_op when 'DELETE' then old else new end;
    end $$;
    create trigger pack_versions_guard before update or delete on pack_versions
      for each row execute function pack_versions_guard();

    -- A version's files are written while it is a draft; validation and publication freeze them.
    create function pack_files_guard() returns trigger language plpgsql as $$
    declare
      target bigint := case tg_op when 'DELETE' then old.version_id else new.version_id end;
    begin
      if exists (select 1 from pack_versions where id = target and status <> 'draft')
         or (tg_op = 'UPDATE' and exists (select 1 from pack_versions where id = old.version_id and status <> 'draft')) then
        raise exception 'the files of pack version % are frozen (validated or published)', target
          using errcode = 'restrict_violation';
      end if;
      return case tg_op when 'DELETE' then old else new end;
    end $$;
    create trigger pack_files_guard before insert or update or delete on pack_files
      for each row execute function pack_files_guard();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table pack_files;
    drop table pack_versions;
    drop table cities;
    drop function pack_files_guard();
    drop function pack_versions_guard();
  `);
}
