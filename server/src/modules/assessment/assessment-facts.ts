// The facts assessment reads (rules/VOCABULARY.md "Assessment"), gathered from the database for a city
// and a span of registration instants: one record per ticket of a unit, named facts only — no caller
// data, no content. Other modules add fact sets (e.g. `knowledgeUpdates`) through a FactProvider.
import type { FactRecord } from '@hotline/rules';
import type { Knex } from 'knex';
import type { PackCatalog } from '../workflow/pack-catalog';

/** Records of one fact set for a city and a span [fromMs, toMs) of instants, each of a unit. */
export interface FactProvider {
  set: string;
  /** `unitId`: only that unit's records (a drill-down); absent: every unit's. */
  records(db: Knex, cityId: string, fromMs: number, toMs: number, unitId?: string): Promise<FactRecord[]>;
}

interface TicketFactRow {
  id: string;
  number: string;
  unit_id: string;
  type: string;
  channel: string | null;
  urgency: string;
  matter_code: string | null;
  pack_version_id: string;
  registered_at: Date;
  negative_rating_exempt: boolean;
  unsolvable_filed: boolean;
  closed: boolean;
  accepted: boolean;
  accepted_on_time: boolean | null;
  replied: boolean;
  replied_on_time: boolean | null;
  handle_share_used: number | null;
  rating: string | null;
  reworked: boolean;
  return_approved: boolean;
  supervisions: number;
  supervision_orders: number;
  supervision_orders_escalated: number;
}

/**
 * One pass over the tickets registered in the span and their timelines (grouped, not per ticket):
 * acceptance against the latest acceptance deadline set, the first reply against the latest handling
 * deadline (an extension's or a designation's `as: handle` included), the last rating, rework, an
 * approved return, supervision entries and 督办单 (escalated or re-issued: not answered as required).
 */
export const TICKET_FACTS_SQL = `
  with t as (
    select id, number, unit_id, type, channel, urgency, matter_code, pack_version_id, registered_at,
           negative_rating_exempt, unsolvable_filed, status = 'closed' as closed
    from tickets
    where city_id = :city and registered_at >= :from and registered_at < :to and unit_id is not null
      and (cast(:unit as uuid) is null or unit_id = cast(:unit as uuid))),
  ev as (
    -- unordered aggregates only, so that PostgreSQL hashes the groups after one pass over the events
    -- (an ORDER BY inside an aggregate forces a sort or an index walk per ticket): the deadlines are
    -- the latest instants set (a return's new acceptance period and an extension end later), the
    -- rating the one of the highest event id (the id zero-padded before it, so text order is id order)
    select e.ticket_id,
      max(e.at) filter (where e.kind in ('dispatched', 'designated')) as dispatched_at,
      max(e.at) filter (where e.kind = 'accepted') as accepted_at,
      min(e.at) filter (where e.kind = 'replied') as replied_at,
      max((e.data->>'due')::timestamptz) filter (where e.kind = 'deadlineSet' and coalesce(e.data->>'as', e.data->>'stage') = 'accept') as accept_due,
      max((e.data->>'due')::timestamptz) filter (where e.kind = 'deadlineSet' and coalesce(e.data->>'as', e.data->>'stage') = 'handle') as handle_due,
      substr(max(lpad(e.id::text, 19, '0') || (e.data->>'rating')) filter (where e.kind = 'rated' and e.data->>'rating' is not null), 20) as rating,
      bool_or(e.kind = 'reworkOrdered') as reworked,
      bool_or(e.kind = 'returnApproved') as return_approved
    from ticket_events e join t on t.id = e.ticket_id
    where e.kind in ('dispatched', 'designated', 'accepted', 'replied', 'deadlineSet', 'rated', 'reworkOrdered', 'returnApproved')
    group by e.ticket_id),
  so as (
    select o.ticket_id, count(*)::int as orders, coalesce(sum(o.escalations + o.reissues), 0)::int as escalated
    from supervision_orders o join t on t.id = o.ticket_id where o.status <> 'lapsed' group by o.ticket_id),
  sv as (select s.ticket_id, count(*)::int as n from supervisions s join t on t.id = s.ticket_id group by s.ticket_id)
  select t.id, t.number, t.unit_id, t.type, t.channel, t.urgency, t.matter_code, t.pack_version_id, t.registered_at,
         t.negative_rating_exempt, t.unsolvable_filed, t.closed,
         ev.accepted_at is not null as accepted,
         case when ev.accepted_at is null or ev.accept_due is null then null else ev.accepted_at <= ev.accept_due end as accepted_on_time,
         ev.replied_at is not null as replied,
         case when ev.replied_at is null or ev.handle_due is null then null else ev.replied_at <= ev.handle_due end as replied_on_time,
         case when ev.replied_at is null or ev.handle_due is null or ev.dispatched_at is null or ev.handle_due <= ev.dispatched_at then null
              else extract(epoch from ev.replied_at - ev.dispatched_at) / extract(epoch from ev.handle_due - ev.dispatched_at) end::float8 as handle_share_used,
         ev.rating,
         coalesce(ev.reworked, false) as reworked,
         coalesce(ev.return_approved, false) as return_approved,
         coalesce(sv.n, 0) as supervisions,
         coalesce(so.orders, 0) as supervision_orders,
         coalesce(so.escalated, 0) as supervision_orders_escalated
  from t left join ev on ev.ticket_id = t.id left join so on so.ticket_id = t.id left join sv on sv.ticket_id = t.id`;

/** `2025@12`: a rule version of a published pack version (the same id may differ between pack versions). */
export const ruleVersionKey = (ruleVersionId: string, packVersionId: number | string) => `${ruleVersionId}@${packVersionId}`;

/** The built-in fact set `tickets`: each ticket registered in the span, of the unit it is with. */
export function ticketFacts(catalog: PackCatalog): FactProvider {
  return {
    set: 'tickets',
    async records(db, cityId, fromMs, toMs, unitId) {
      const rows: TicketFactRow[] = (await db.raw(TICKET_FACTS_SQL, { city: cityId, from: new Date(fromMs), to: new Date(toMs), unit: unitId ?? null })).rows;
      const entries = new Map<string, Awaited<ReturnType<PackCatalog['entry']>>>();
      for (const id of new Set(rows.map((r) => String(r.pack_version_id)))) entries.set(id, await catalog.entry(Number(id)));
      return rows.map((r) => {
        const entry = entries.get(String(r.pack_version_id))!;
        let ruleVersion = 'none';
        try {
          ruleVersion = ruleVersionKey(entry.rules.versionAt(r.registered_at.getTime()).id, r.pack_version_id);
        } catch {
          // no rule version covers the registration: the record is measured by none (listed as excluded)
        }
        return {
          id: r.id,
          label: r.number,
          unitId: r.unit_id,
          ruleVersion,
          facts: {
            type: r.type,
            channel: r.channel,
            urgency: r.urgency,
            matter: r.matter_code,
            closed: r.closed,
            accepted: r.accepted,
            acceptedOnTime: r.accepted_on_time,
            replied: r.replied,
            repliedOnTime: r.replied_on_time,
            handleShareUsed: r.handle_share_used,
            rating: r.rating,
            ratingExempt: r.negative_rating_exempt,
            unsolvableFiled: r.unsolvable_filed,
            reworked: r.reworked,
            returnApproved: r.return_approved,
            supervisions: r.supervisions,
            supervisionOrders: r.supervision_orders,
            supervisionOrdersEscalated: r.supervision_orders_escalated,
          },
        };
      });
    },
  };
}
