// Unit assessment 考核 (issue 13): a run computes every unit's figures for a city and a period of local
// days under the pack's assessment plan and keeps them (assessment_results); a figure changes only by an
// upheld appeal 申诉 (assessment_appeals, Turpan §35), which the centre resolves through a pack process.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table assessment_runs (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      -- local days, both inclusive
      period_from date not null,
      period_to date not null,
      -- the plan that scored it: the rule version in force at the period's end, as published then
      pack_version_id bigint not null references pack_versions (id),
      rule_version text not null,
      plan jsonb not null,
      tickets integer not null,
      ran_by uuid references users (id),
      ran_at timestamptz not null default now(),
      check (period_to >= period_from)
    );
    create index assessment_runs_city on assessment_runs (city_id, ran_at desc);

    create table assessment_results (
      run_id uuid not null references assessment_runs (id) on delete cascade,
      city_id text not null,
      unit_id uuid not null,
      category text,
      total numeric not null,
      grade_key text,
      grade_label text,
      rank integer not null,
      -- the indicator figures (value, numerator, denominator, excluded, points; corrected by an appeal)
      figures jsonb not null,
      primary key (run_id, unit_id),
      foreign key (city_id, unit_id) references units (city_id, id)
    );

    create table assessment_appeals (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      run_id uuid not null,
      unit_id uuid not null,
      indicator text not null,
      reason text not null,
      evidence text not null,
      status text not null default 'filed' check (status in ('filed', 'upheld', 'rejected')),
      filed_by uuid not null references users (id),
      filed_at timestamptz not null default now(),
      process_instance_key text,
      resolution text,
      corrected_value numeric,
      resolved_at timestamptz,
      foreign key (run_id, unit_id) references assessment_results (run_id, unit_id) on delete cascade
    );
    create index assessment_appeals_city on assessment_appeals (city_id, filed_at desc);
    create unique index assessment_appeals_one_open on assessment_appeals (run_id, unit_id, indicator) where status = 'filed';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table assessment_appeals; drop table assessment_results; drop table assessment_runs;');
}
