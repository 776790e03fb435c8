// The ticket search's queries. Words are found by their character bigrams (the GIN indexes of
// migration 0017) and checked with ILIKE; a phone by its keyed digest on the ticket. Nothing here
// reads ticket_callers.
import type { Knex } from 'knex';
import { type SubjectFilter, type TicketScope, bySubject } from '../tickets/tickets.repository';

export interface SearchFilter {
  /** These tickets only (row ids). */
  ids?: readonly string[] | undefined;
  /** A ticket number or its leading digits. */
  number?: string | undefined;
  callerDigest?: Buffer | undefined;
  /** Terms (each ≥ 2 characters) that must all occur in the content. */
  words?: readonly string[] | undefined;
  /** Terms that must all occur in the address. */
  address?: readonly string[] | undefined;
  unitId?: string | undefined;
  type?: string | undefined;
  channel?: string | undefined;
  statuses?: readonly string[] | undefined;
  /** Registered at or after / before these instants. */
  from?: Date | undefined;
  before?: Date | undefined;
  subject?: SubjectFilter | undefined;
}

export interface FoundTicket {
  id: string;
  number: string;
  type: string;
  urgency: string;
  status: string;
  summary: string | null;
  address: string | null;
  placeCode: string | null;
  unitCode: string | null;
  unitName: string | null;
  registeredAt: Date;
  closedAt: Date | null;
  dueAt: Date | null;
  repeatCalls: number;
}

/** `%`, `_` and `\` stand for themselves in a LIKE pattern. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The string just after every string that starts with these digits ('2026' → '2027'; none for '999'). */
function digitsUpperBound(prefix: string): string | null {
  const i = [...prefix].findLastIndex((c) => c !== '9');
  return i < 0 ? null : `${prefix.slice(0, i)}${String(Number(prefix[i]) + 1)}`;
}

/** Every word in the content: one index condition holding each word's pairs (the words joined, pairs across two words would be asked for too), then the words themselves. */
function byWords(q: Knex.QueryBuilder, words: readonly string[]): void {
  if (words.length === 0) return;
  q.whereRaw(`t.content_bigrams @> (${words.map(() => 'text_bigrams(?)').join(' || ')})`, [...words]);
  for (const w of words) q.where('t.content', 'ilike', `%${likeEscaped(w)}%`);
}

function whereFilter(q: Knex.QueryBuilder, db: Knex, cityId: string, scope: TicketScope, f: SearchFilter): void {
  q.where('t.city_id', cityId);
  if (!('all' in scope)) {
    // a unit finds the tickets dispatched to it, and those it has a task on (an assisting unit's part)
    q.where((w) => w.whereIn('t.unit_id', scope.unitIds).orWhereExists(db('tasks as k').whereRaw('k.ticket_id = t.id').whereIn('k.unit_id', scope.unitIds).select(db.raw('1'))));
  }
  if (f.ids !== undefined) q.whereIn('t.id', [...f.ids]);
  if (f.number !== undefined) {
    q.where('t.number', '>=', f.number).where('t.number', 'like', `${likeEscaped(f.number)}%`);
    const upper = digitsUpperBound(f.number);
    if (upper !== null) q.where('t.number', '<', upper);
  }
  if (f.callerDigest !== undefined) q.where('t.caller_digest', f.callerDigest);
  if (f.words) byWords(q, f.words);
  if (f.address && f.address.length > 0) {
    q.whereNotNull('t.address');
    q.whereRaw(`t.address_bigrams @> (${f.address.map(() => 'text_bigrams(?)').join(' || ')})`, [...f.address]);
    for (const w of f.address) q.where('t.address', 'ilike', `%${likeEscaped(w)}%`);
  }
  if (f.unitId !== undefined) q.where('t.unit_id', f.unitId);
  if (f.type !== undefined) q.where('t.type', f.type);
  if (f.channel !== undefined) q.where('t.channel', f.channel);
  if (f.statuses !== undefined) q.whereIn('t.status', [...f.statuses]);
  if (f.from !== undefined) q.where('t.registered_at', '>=', f.from);
  if (f.before !== undefined) q.where('t.registered_at', '<', f.before);
  if (f.subject) bySubject(q, f.subject);
}

/** The newest tickets a word search samples, and the matches among them that make its words common. */
const SAMPLE = 2000;
const COMMON_IN_SAMPLE = 5;

/**
 * Whether the words are common among the newest tickets. PostgreSQL estimates a match of several
 * character pairs as the product of their frequencies — far too rare for pairs that go together (小区,
 * 区噪, 噪音) — and then collects every match through the index and sorts them (seconds at a million
 * tickets for a common phrase), where walking the newest tickets finds a page at once. A sample of the
 * newest tickets (read through the registration index: milliseconds) tells which.
 */
async function commonWords(db: Knex, cityId: string, filter: SearchFilter): Promise<number | null> {
  const words = filter.words ?? [];
  if (words.length === 0 || filter.number !== undefined || filter.callerDigest !== undefined || filter.ids !== undefined) return null;
  const { rows } = await db.raw(
    `select count(*)::int as n from (select content_bigrams from tickets where city_id = ? order by registered_at desc limit ${SAMPLE}) s
     where content_bigrams @> (${words.map(() => 'text_bigrams(?)').join(' || ')})`,
    [cityId, ...words],
  );
  return rows[0].n >= COMMON_IN_SAMPLE ? rows[0].n / SAMPLE : null;
}

/** One page, newest first, and whether more follow (no count: counting a million rows costs more than the page). */
export async function searchTickets(db: Knex, cityId: string, scope: TicketScope, filter: SearchFilter, page: number, pageSize: number): Promise<{ items: FoundTicket[]; hasMore: boolean }> {
  const share = await commonWords(db, cityId, filter);
  const wanted = page * pageSize + 1;
  if (share !== null) {
    // common words: among the newest tickets that pass the other criteria, enough of them (three times
    // what the sample's share of matches needs) to fill this page; only if they do not is every match collected
    const window = Math.ceil((wanted / share) * 3);
    const { words, ...others } = filter;
    const newest = db('tickets as t')
      .modify((q) => whereFilter(q, db, cityId, scope, others))
      .orderBy('t.registered_at', 'desc')
      .limit(window)
      .select('t.id', 't.registered_at', 't.content', 't.content_bigrams');
    const ids = db
      .from(newest.as('t'))
      .modify((q) => byWords(q, words ?? []))
      .orderBy([{ column: 't.registered_at', order: 'desc' }, { column: 't.id', order: 'desc' }])
      .limit(pageSize + 1)
      .offset((page - 1) * pageSize)
      .select('t.id', 't.registered_at');
    const found = await pageOf(db, ids, pageSize);
    if (found.hasMore) return found;
  }
  const ids = db('tickets as t')
    .modify((q) => whereFilter(q, db, cityId, scope, filter))
    .orderBy([{ column: 't.registered_at', order: 'desc' }, { column: 't.id', order: 'desc' }])
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .select('t.id', 't.registered_at');
  return pageOf(db, ids, pageSize);
}

async function pageOf(db: Knex, ids: Knex.QueryBuilder, pageSize: number): Promise<{ items: FoundTicket[]; hasMore: boolean }> {
  const rows = await db
    .with('hit', ids)
    .from('hit')
    .join('tickets as t', 't.id', 'hit.id')
    .leftJoin('units as u', 'u.id', 't.unit_id')
    .orderBy([{ column: 't.registered_at', order: 'desc' }, { column: 't.id', order: 'desc' }])
    .select(
      't.id',
      't.number',
      't.type',
      't.urgency',
      't.status',
      't.summary',
      't.address',
      't.place_code',
      't.registered_at',
      't.closed_at',
      'u.code as unit_code',
      'u.name as unit_name',
      db.raw(`(select min(k.due_at) from tasks k where k.ticket_id = t.id and k.status in ('open', 'claimed')) as due_at`),
      db.raw('(select count(*)::int from ticket_repeat_calls c where c.ticket_id = t.id) as repeat_calls'),
    );
  return { items: rows.slice(0, pageSize).map(toFound), hasMore: rows.length > pageSize };
}

const toFound = (r: Record<string, unknown>): FoundTicket => ({
  id: r.id as string,
  number: r.number as string,
  type: r.type as string,
  urgency: r.urgency as string,
  status: r.status as string,
  summary: (r.summary as string | null) ?? null,
  address: (r.address as string | null) ?? null,
  placeCode: (r.place_code as string | null) ?? null,
  unitCode: (r.unit_code as string | null) ?? null,
  unitName: (r.unit_name as string | null) ?? null,
  registeredAt: r.registered_at as Date,
  closedAt: (r.closed_at as Date | null) ?? null,
  dueAt: (r.due_at as Date | null) ?? null,
  repeatCalls: Number(r.repeat_calls ?? 0),
});

/**
 * Open tickets whose content is like this text, at this place or address: of the newest open tickets
 * there (at most `pool`, a bound on the work), those whose content holds at least `minShare` of the
 * text's bigrams, most alike first, at most `limit`.
 */
export async function similarOpenTickets(
  db: Knex,
  cityId: string,
  where: { placeCodes?: readonly string[] | undefined; address?: string | undefined },
  content: string,
  { minShare, pool: poolSize, limit }: { minShare: number; pool: number; limit: number },
): Promise<Array<{ id: string; share: number }>> {
  const pool = db('tickets as t')
    .where('t.city_id', cityId)
    .where('t.status', 'open')
    .where((w) => {
      if (where.placeCodes && where.placeCodes.length > 0) w.orWhere((p) => p.whereNotNull('t.place_code').whereIn('t.place_code', [...where.placeCodes!]));
      if (where.address) w.orWhereRaw('t.address is not null and t.address_bigrams @> text_bigrams(?)', [where.address]);
    })
    .orderBy('t.registered_at', 'desc')
    .limit(poolSize)
    .select('t.id', 't.content_bigrams');
  const rows = await db
    .with('q', db.raw('select text_bigrams(?) as b', [content]))
    .with('pool', pool)
    .from('pool as p')
    .crossJoin(db.raw('q'))
    .select('p.id', db.raw('cardinality(array(select unnest(p.content_bigrams) intersect select unnest(q.b)))::float / greatest(cardinality(q.b), 1) as share'))
    .orderBy('share', 'desc');
  return rows
    .map((r: { id: string; share: number }) => ({ id: r.id, share: Number(r.share) }))
    .filter((r) => r.share >= minShare)
    .slice(0, limit);
}
