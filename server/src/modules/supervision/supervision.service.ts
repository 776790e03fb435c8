// The supervision board 督办: open tickets the process supervised as overdue (the deadline watch's
// timer fired: hotline.supervise), tickets whose caller is dissatisfied (the latest rating is one
// of the pack's rework-triggering levels, or a supervision trigger about dissatisfaction), and every
// supervision entry of open tickets under any trigger the pack declares (a warning 预警, an overdue
// ticket, a leader's instruction …), optionally of one trigger; newest first.
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import * as tickets from '../tickets/tickets.repository';
import { apiInstant } from '../tickets/ticket-timeline';
import { type TicketView, ticketViews } from '../tickets/tickets.service';
import type { PackCatalog } from '../workflow/pack-catalog';

export type BoardKind = 'overdue' | 'dissatisfied' | 'supervised';

export interface BoardItem {
  ticket: TicketView;
  reason: { kind: BoardKind; trigger: string; label: string; stage: string | null; due: string | null; at: string };
}

interface BoardRow {
  ticket_id: string;
  trigger: string;
  label: string | null;
  stage: string | null;
  due: Date | null;
  at: Date;
}

export async function supervisionBoard(
  db: Knex,
  catalog: PackCatalog,
  actor: Actor,
  kind: BoardKind,
  page: number,
  pageSize: number,
  trigger?: string,
  subject: tickets.SubjectFilter = {},
): Promise<{ items: BoardItem[]; total: number; page: number; pageSize: number }> {
  // (wrapped: a knex builder returned from an async function would be awaited, i.e. run)
  const { board: all } =
    kind === 'overdue' ? { board: overdue(db, actor.cityId) } : kind === 'supervised' ? { board: supervised(db, actor.cityId, trigger) } : await dissatisfied(db, catalog, actor.cityId);
  // a place or matter narrows any board to the tickets about it
  const filtered = subject.placeCodes !== undefined || subject.matterPattern !== undefined;
  const board = filtered
    ? db.from(all.as('a')).whereIn('a.ticket_id', db('tickets as t').where('t.city_id', actor.cityId).modify(tickets.bySubject, subject).select('t.id')).select('a.*')
    : all;
  const [rows, counted] = await Promise.all([
    db.from(board.clone().as('b')).orderBy([{ column: 'at', order: 'desc' }, { column: 'ticket_id' }]).offset((page - 1) * pageSize).limit(pageSize).select<BoardRow[]>('*'),
    db.from(board.clone().as('b')).count({ n: '*' }).first(),
  ]);
  const found = [...(await tickets.ticketsByIds(db, actor.cityId, rows.map((r) => r.ticket_id))).values()];
  const seen = await ticketViews(db, actor, found);
  const views = new Map(found.map((t, i) => [t.id, seen[i]!]));
  const items = rows.flatMap((r) => {
    const ticket = views.get(r.ticket_id);
    if (!ticket) return [];
    const reason = { kind, trigger: r.trigger, label: r.label ?? r.trigger, stage: r.stage, due: apiInstant(r.due), at: apiInstant(r.at) as string };
    return [{ ticket, reason }];
  });
  return { items, total: Number(counted?.n ?? 0), page, pageSize };
}

/** Open tickets with an overdue supervision, the latest per ticket. */
function overdue(db: Knex, cityId: string): Knex.QueryBuilder {
  return db('supervisions as s')
    .join('tickets as t', 't.id', 's.ticket_id')
    .where({ 's.city_id': cityId, 's.trigger': 'overdue', 't.status': 'open' })
    .distinctOn('s.ticket_id')
    .orderBy([{ column: 's.ticket_id' }, { column: 's.at', order: 'desc' }])
    .select('s.ticket_id', 's.trigger', 's.trigger_label as label', 's.stage', 's.due', 's.at');
}

/** Open tickets' supervision entries, the latest per ticket and trigger; of one trigger when given. */
function supervised(db: Knex, cityId: string, trigger: string | undefined): Knex.QueryBuilder {
  return db('supervisions as s')
    .join('tickets as t', 't.id', 's.ticket_id')
    .where({ 's.city_id': cityId, 't.status': 'open' })
    .modify((q) => {
      if (trigger !== undefined) q.where('s.trigger', trigger);
    })
    .distinctOn('s.ticket_id', 's.trigger')
    .orderBy([{ column: 's.ticket_id' }, { column: 's.trigger' }, { column: 's.at', order: 'desc' }])
    .select('s.ticket_id', 's.trigger', 's.trigger_label as label', 's.stage', 's.due', 's.at');
}

export interface DeclaredTrigger {
  key: string;
  label: string;
  source: string;
}

/**
 * The supervision triggers the city's published packs declare (the newest version's label for a key),
 * and any trigger the city's entries carry that no pack declares (a plain `overdue` in Hangzhou), by its key.
 */
export async function boardTriggers(db: Knex, catalog: PackCatalog, cityId: string): Promise<DeclaredTrigger[]> {
  const versions: number[] = await db('pack_versions').where({ city_id: cityId, status: 'published' }).orderBy('number').pluck('id');
  const declared = new Map<string, DeclaredTrigger>();
  for (const id of versions) {
    const ruleVersions = [...(await catalog.entry(id)).pack.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    for (const version of ruleVersions) for (const t of version.supervisionTriggers) declared.set(t.key, { key: t.key, label: t.label, source: t.source });
  }
  const recorded: string[] = await db('supervisions').where({ city_id: cityId }).distinct('trigger').pluck('trigger');
  for (const key of recorded) if (!declared.has(key)) declared.set(key, { key, label: key, source: '' });
  return [...declared.values()];
}

/**
 * Tickets whose latest rating triggers rework in the pack (不满意) unless the rating was exempted (履职尽责说明
 * accepted), or supervised for dissatisfaction.
 */
async function dissatisfied(db: Knex, catalog: PackCatalog, cityId: string): Promise<{ board: Knex.QueryBuilder }> {
  const versions: number[] = await db('pack_versions').where({ city_id: cityId, status: 'published' }).pluck('id');
  const levels = new Map<string, string>();
  for (const id of versions) {
    for (const version of (await catalog.entry(id)).pack.versions) for (const level of version.rating.levels) if (level.triggersRework) levels.set(level.key, level.label);
  }
  const keys = [...levels.keys()];
  const labels = [...levels.entries()];
  const label = labels.length === 0 ? 'r.rating' : `case r.rating ${labels.map(() => 'when ? then ?').join(' ')} else r.rating end`;
  // the latest rating of each ticket, when it is one of those levels; and supervisions for dissatisfaction
  const union = db.raw(
    `select distinct on (u.ticket_id) u.* from (
       select r.ticket_id, 'dissatisfied' as trigger, ${label} as label, null::text as stage, null::timestamptz as due, r.at
       from (select distinct on (e.ticket_id) e.ticket_id, e.data->>'rating' as rating, e.at
             from ticket_events e where e.city_id = ? and e.kind = 'rated'
             order by e.ticket_id, e.at desc, e.id desc) r
       where r.rating = any(?::text[])
         -- a unit the centre found to have done its duty (履职尽责说明 accepted) is not supervised for it
         and not exists (select 1 from tickets t where t.id = r.ticket_id and t.negative_rating_exempt)
       union all
       select s.ticket_id, s.trigger, s.trigger_label, s.stage, s.due, s.at
       from supervisions s where s.city_id = ? and s.trigger ilike '%dissatisf%'
     ) u order by u.ticket_id, u.at desc`,
    [...labels.flat(), cityId, keys, cityId],
  );
  return { board: db.select('*').from(union.wrap('(', ') as d')) };
}
