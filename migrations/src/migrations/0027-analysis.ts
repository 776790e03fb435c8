// Data analysis (数据分析, Tianjin 2024 §28, 2025 §27, Turpan §29–30): the centre's dashboard reads
// daily counts, not the tickets. `analysis_daily` is a materialised view of ticket counts per city, local
// day of registration, type, channel, place, matter, unit, status, latest rating and the stages the
// deadline watch recorded overdue; the server refreshes it on a schedule (CONCURRENTLY, readers never
// wait) and after a briefing's period ends. Measured against a table kept in each ticket event's
// transaction (README "Data analysis: why a materialised view"). The local day uses the city's offset
// from `analysis_city_clock` (the pack's utcOffset, written when the server loads the packs).
// `analysis_briefings` keeps the generated 周报/月报 files for download.
import type { Knex } from 'knex';

export const ANALYSIS_DAILY_SQL = `
  create materialized view analysis_daily as
  with late as (
    select s.ticket_id, string_agg(distinct s.stage, ',' order by s.stage) as stages
    from supervisions s where s.trigger = 'overdue' and s.stage is not null
    group by s.ticket_id
  ), rating as (
    select distinct on (e.ticket_id) e.ticket_id, e.data->>'rating' as rating
    from ticket_events e where e.kind = 'rated'
    order by e.ticket_id, e.at desc, e.id desc
  )
  select t.city_id,
         ((t.registered_at at time zone 'UTC') + make_interval(mins => coalesce(c.offset_minutes, 480)))::date as day,
         t.type,
         coalesce(t.channel, '') as channel,
         coalesce(t.place_code, '') as place_code,
         coalesce(t.matter_code, '') as matter_code,
         coalesce(t.unit_id, '00000000-0000-0000-0000-000000000000'::uuid) as unit_id,
         t.status,
         coalesce(r.rating, '') as rating,
         coalesce(l.stages, '') as late_stages,
         count(*)::integer as tickets,
         count(*) filter (where t.negative_rating_exempt)::integer as rating_exempt
  from tickets t
  left join analysis_city_clock c on c.city_id = t.city_id
  left join late l on l.ticket_id = t.id
  left join rating r on r.ticket_id = t.id
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table analysis_city_clock (
      city_id text primary key references cities (id),
      offset_minutes integer not null
    );
    ${ANALYSIS_DAILY_SQL};
    create unique index analysis_daily_key on analysis_daily (city_id, day, type, channel, place_code, matter_code, unit_id, status, rating, late_stages);
    create index analysis_daily_unit on analysis_daily (city_id, unit_id, day);

    -- when the view was last refreshed, per database (one row)
    create table analysis_refreshes (
      id boolean primary key default true check (id),
      refreshed_at timestamptz not null,
      took_ms integer not null
    );

    create table analysis_briefings (
      id bigint generated always as identity primary key,
      city_id text not null references cities (id),
      key text not null,
      label text not null,
      period_from date not null,
      period_to date not null,
      -- scheduled by the pack, or asked for from the dashboard (then by whom)
      trigger text not null check (trigger in ('schedule', 'demand')),
      requested_by uuid references users (id),
      xlsx bytea not null,
      pdf bytea not null,
      created_at timestamptz not null default now()
    );
    create unique index analysis_briefings_scheduled on analysis_briefings (city_id, key, period_from) where trigger = 'schedule';
    create index analysis_briefings_city on analysis_briefings (city_id, created_at desc);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table analysis_briefings;
    drop table analysis_refreshes;
    drop materialized view analysis_daily;
    drop table analysis_city_clock;
  `);
}
