// The catalogue's figures for a period of the city's days: from the dispatch decisions, and the returns
// approved (ticket events `returnApproved`, the stamp the processes write when a return is approved),
// each counted under the matter its ticket was dispatched for.
import type { Knex } from 'knex';
import { type CatalogueFigures, type DispatchRecord, type ReturnTally, catalogueFigures } from '@hotline/dispatch-catalogue';
import type { PackCatalog } from '../workflow/pack-catalog';
import { packInForce, taxonomyOf } from './catalogue-context';

/** The ticket event of an approved return (server/TASKS-API.md). */
const RETURN_APPROVED_EVENT = 'returnApproved';

/** [from 00:00, the day after `to` 00:00) in China time. */
const bounds = (from: string, to: string): [string, string] => [`${from}T00:00:00+08:00`, new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000).toISOString()];

/** `placeCodes`: only the dispatches of tickets in these places (a place and those under it). */
export async function figuresOf(db: Knex, catalog: PackCatalog, cityId: string, period: { from: string; to: string }, placeCodes?: readonly string[]): Promise<CatalogueFigures> {
  const [start, end] = bounds(period.from, period.to);
  const inPlace = (q: Knex.QueryBuilder, column: string) => {
    if (placeCodes !== undefined) q.whereIn(column, [...placeCodes]);
  };
  // alike dispatches counted by the database: a year of a large city is a million rows
  const decisions = await db('dispatch_decisions')
    .where('city_id', cityId)
    .where('at', '>=', start)
    .where('at', '<', end)
    .modify(inPlace, 'place')
    .groupBy('matter', 'proposal_kind', 'proposal_reason', 'overridden')
    .select('matter', 'proposal_kind', 'proposal_reason', 'overridden', db.raw('count(*)::int as count'));
  const returns = await db
    .from(
      db('ticket_events as e')
        .where({ 'e.city_id': cityId, 'e.kind': RETURN_APPROVED_EVENT })
        .where('e.at', '>=', start)
        .where('e.at', '<', end)
        .modify((q) => {
          if (placeCodes !== undefined) q.whereIn('e.ticket_id', db('tickets').where('city_id', cityId).whereIn('place_code', [...placeCodes]).select('id'));
        })
        .select(db.raw('(select d.matter from dispatch_decisions d where d.ticket_id = e.ticket_id order by d.at desc, d.id desc limit 1) as matter'))
        .as('r'),
    )
    .groupBy('matter')
    .select('matter', db.raw('count(*)::int as count'));
  const taxonomy = taxonomyOf(await packInForce(catalog, cityId));
  const records: DispatchRecord[] = decisions.map((d: Record<string, unknown>) => ({
    matter: (d.matter as string | null) ?? null,
    proposal: d.proposal_kind as DispatchRecord['proposal'],
    reason: (d.proposal_reason as DispatchRecord['reason']) ?? null,
    overridden: d.overridden as boolean,
    count: d.count as number,
  }));
  return catalogueFigures(records, returns as ReturnTally[], (code) => taxonomy.label(code));
}
