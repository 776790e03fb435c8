// 工单查询: the tickets of the person's scope (a unit role its unit's, a centre role the city's) by
// number, caller phone, address, words in the content, unit, type, status and registration days, a
// page at a time. A phone is compared as a keyed digest (caller-digest.ts): the number is never read
// back, and the results show a caller only masked, and only to a person a role of whom may ever see
// callers (`revealCaller` not `never`). A search by phone is written to the audit trail (who, how many
// found; not the number).
import type { Knex } from 'knex';
import type { FoundTicket as FoundTicketView, SearchCriteria, SearchPage } from '@hotline/api-types';
import { chinaDayEnd, chinaDayStart } from '../../local-day';
import { ApiError, type Issue } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import { type Actor, auditActorOf, seesCallers } from '../auth/actor';
import { findUnit } from '../organisations/organisations.service';
import { apiInstant } from '../tickets/ticket-timeline';
import { maskName, maskPhone } from '../tickets/masking';
import { scopeOf, subjectFilter } from '../tickets/tickets.service';
import { readCallers } from '../tickets/tickets.repository';
import { callerDigest, phoneDigits } from './caller-digest';
import { type FoundTicket, type SearchFilter, searchTickets } from './search.repository';

/** Search terms: split on white space, each at least two characters (one character has no bigram). */
export function termsOf(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const terms = text.split(/[\s,，、；;]+/u).filter((t) => t.length > 0);
  return terms.length === 0 ? undefined : terms;
}

const refused = (issues: Issue[]) => new ApiError(400, 'SEARCH_INVALID', issues.map((i) => i.messageZh ?? i.message).join('；'), issues);
const problem = (where: string, messageZh: string): Issue => ({ where, message: messageZh, messageZh });


/** The criteria as a query filter, or a 400 naming each field that cannot be searched on and why. */
export async function filterOf(db: Knex, actor: Actor, c: SearchCriteria): Promise<SearchFilter> {
  const issues: Issue[] = [];
  const words = termsOf(c.words);
  const address = termsOf(c.address);
  for (const [field, label, terms] of [['/words', '内容关键词', words], ['/address', '事发地点', address]] as const) {
    const short = terms?.filter((t) => [...t].length < 2) ?? [];
    if (short.length > 0) issues.push(problem(field, `${label}（${field.slice(1)}）的每个词至少 2 个字：“${short.join('”“')}”太短`));
  }
  const number = c.number?.trim();
  if (number !== undefined && !/^\d{4,13}(-\d{1,3})?$/.test(number)) issues.push(problem('/number', '工单编号（number）须为至少 4 位数字，例如 2026120700001 或其前几位'));
  const digits = c.phone === undefined ? undefined : phoneDigits(c.phone);
  if (digits !== undefined && (digits.length < 5 || digits.length > 20)) issues.push(problem('/phone', '来电号码（phone）须为完整的电话号码，例如 13812345678'));
  // a yes or no to "is this the caller's number" tells the number: only for roles that may see callers
  if (digits !== undefined && !seesCallers(actor)) issues.push(problem('/phone', '本岗位不能查看诉求人信息，不能按来电号码查询'));
  if (c.from !== undefined && c.to !== undefined && c.from > c.to) issues.push(problem('/to', `登记日期的结束日（to）${c.to}早于开始日（from）${c.from}`));
  const unit = c.unit === undefined ? undefined : await findUnit(db, actor.cityId, c.unit);
  if (c.unit !== undefined && !unit) issues.push(problem('/unit', `承办单位（unit）“${c.unit}”不是本市的单位`));
  if (issues.length > 0) throw refused(issues);
  return {
    ...(number ? { number } : {}),
    ...(c.phone !== undefined ? { callerDigest: await callerDigest(db, c.phone) } : {}),
    ...(words ? { words } : {}),
    ...(address ? { address } : {}),
    ...(unit ? { unitId: unit.id } : {}),
    ...(c.type !== undefined ? { type: c.type } : {}),
    ...(c.channel !== undefined ? { channel: c.channel } : {}),
    ...(c.status !== undefined ? { statuses: [c.status] } : {}),
    ...(c.from !== undefined ? { from: chinaDayStart(c.from) } : {}),
    ...(c.to !== undefined ? { before: chinaDayEnd(c.to) } : {}),
    subject: await subjectFilter(db, actor.cityId, { place: c.place, matter: c.matter }),
  };
}


/** Found tickets as this person sees them: callers masked, and none at all for a person who may never see one. */
export async function foundViews(db: Knex, actor: Actor, found: readonly FoundTicket[]): Promise<FoundTicketView[]> {
  const callers = seesCallers(actor) ? await readCallers(db, found.map((t) => t.id)) : new Map();
  const placeCodes = [...new Set(found.map((t) => t.placeCode).filter((c): c is string => c !== null))];
  const places = new Map<string, string>(placeCodes.length === 0 ? [] : (await db('places').where({ city_id: actor.cityId }).whereIn('code', placeCodes).select('code', 'name')).map((p: { code: string; name: string }) => [p.code, p.name]));
  return found.map((t) => {
    const caller = callers.get(t.id);
    return {
      number: t.number,
      type: t.type,
      urgency: t.urgency,
      status: t.status,
      summary: t.summary,
      address: t.address,
      place: t.placeCode === null ? null : (places.get(t.placeCode) ?? null),
      unitCode: t.unitCode,
      unitName: t.unitName,
      registeredAt: apiInstant(t.registeredAt) as string,
      closedAt: apiInstant(t.closedAt),
      dueAt: apiInstant(t.dueAt),
      repeatCalls: t.repeatCalls,
      caller: caller ? { name: maskName(caller.name), phone: maskPhone(caller.phone), masked: true as const } : null,
    };
  });
}

export async function search(db: Knex, actor: Actor, criteria: SearchCriteria, page: number, pageSize: number): Promise<SearchPage> {
  const filter = await filterOf(db, actor, criteria);
  const found = await searchTickets(db, actor.cityId, await scopeOf(db, actor), filter, page, pageSize);
  if (criteria.phone !== undefined) {
    // a look-up by personal data: who looked, and how much they found (never the number)
    await db.transaction((trx) =>
      recordEvent(trx, { cityId: actor.cityId, actor: auditActorOf(actor), action: 'ticket.searchedByPhone', subjectType: 'ticketSearch', subjectId: 'phone', details: { found: found.items.length, page } }),
    );
  }
  return { items: await foundViews(db, actor, found.items), page, pageSize, hasMore: found.hasMore };
}
