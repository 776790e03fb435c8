// 重复来电 (Tianjin 2024 §13(5)): while the registrar takes a call, the open tickets it may repeat —
// the same caller's (their phone's digest), or at the same place with content alike — found with the
// ticket search. Linking the call to one records it (who called, when, what was said: the person
// apart from the ticket, like ticket_callers) and puts it on the ticket's timeline, and gives the
// registrar the sentence to tell the caller. The links are counted per unit for the 督办 board.
import { randomUUID } from 'node:crypto';
import { chinaDayEnd, chinaDayStart } from '../../local-day';
import type { Knex } from 'knex';
import type { RepeatCallPolicy } from '@hotline/rules';
import type { CallInProgress, LinkedCall, RepeatCallFigures, RepeatCallInput, RepeatCandidate, RepeatReason } from '@hotline/api-types';
import { ApiError, conflict } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import { type Actor, auditActorOf, seesCallers } from '../auth/actor';
import { placeFilter } from '../tickets/ticket-subject';
import { findVisibleTicket, scopeOf } from '../tickets/tickets.service';
import type { Workflow } from '../workflow/workflow';
import { callerDigest } from './caller-digest';
import { searchTickets, similarOpenTickets } from './search.repository';
import { foundViews, termsOf } from './search.service';
import { tellCaller } from './tell-caller';


/**
 * The open tickets a call may repeat, by the pack's thresholds (city.json `repeatCalls`, repeatCallsOf):
 * how alike the content must be, among how many of the newest tickets at the place, from how many
 * characters or digits a content, an address or a phone is compared, how many are offered.
 */
export async function repeatCandidates(db: Knex, actor: Actor, call: CallInProgress, policy: RepeatCallPolicy): Promise<RepeatCandidate[]> {
  const scope = await scopeOf(db, actor);
  const reasons = new Map<string, RepeatReason[]>();
  const add = (id: string, reason: RepeatReason) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  const digits = call.phone?.replace(/\D/g, '') ?? '';
  // "this caller has an open ticket" tells who called: matched by phone only for who may see callers
  if (digits.length >= policy.minPhoneDigits && seesCallers(actor)) {
    const same = await searchTickets(db, actor.cityId, scope, { callerDigest: await callerDigest(db, call.phone!), statuses: ['open'] }, 1, policy.maxCandidates);
    for (const t of same.items) add(t.id, 'sameCaller');
  }
  const content = call.content?.trim() ?? '';
  const address = termsOf(call.address)?.join('');
  if ([...content].length >= policy.minContentChars && (call.place || (address && [...address].length >= policy.minAddressChars))) {
    const placeCodes = call.place ? await placeFilter(db, actor.cityId, call.place) : undefined;
    const similar = await similarOpenTickets(db, actor.cityId, { placeCodes, address }, content, { minShare: policy.minShare, pool: policy.pool, limit: policy.maxCandidates });
    for (const t of similar) add(t.id, 'similarContent');
  }
  if (reasons.size === 0) return [];
  const found = await searchTickets(db, actor.cityId, scope, { ids: [...reasons.keys()], statuses: ['open'] }, 1, policy.maxCandidates * 2);
  const views = await foundViews(db, actor, found.items);
  return found.items
    .map((t, i) => ({ ticket: views[i]!, reasons: reasons.get(t.id) ?? [], tellCaller: tellCaller(views[i]!) }))
    .sort((a, b) => Number(b.reasons.includes('sameCaller')) - Number(a.reasons.includes('sameCaller')) || b.reasons.length - a.reasons.length);
}

const excerpt = (text: string, n = 60) => {
  const chars = [...text.trim()];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
};

/** The call linked to an open ticket instead of a new one: recorded, on the timeline, counted. */
export async function linkRepeatCall(
  db: Knex,
  actor: Actor,
  workflow: Workflow | null,
  number: string,
  input: RepeatCallInput,
): Promise<LinkedCall> {
  const ticket = await findVisibleTicket(db, actor, number);
  const notOpen = () => conflict('TICKET_NOT_OPEN', `工单 ${number} 已不在办理中，不能关联重复来电：请作为新诉求登记`);
  if (ticket.status !== 'open') throw notOpen();
  const content = input.content.trim();
  if (content.length === 0) throw new ApiError(400, 'REPEAT_CALL_INVALID', '请填写本次来电内容（content）', [{ where: '/content', message: '请填写本次来电内容（content）', messageZh: '请填写本次来电内容（content）' }]);
  const at = new Date(workflow ? await workflow.now() : Date.now());
  const digest = await callerDigest(db, input.caller.phone);
  const id = randomUUID();
  const sameCaller = await db.transaction(async (trx) => {
    // read under the lock: a ticket closed since the look-up takes no call
    const row = await trx('tickets').where({ id: ticket.id }).forUpdate().first('caller_digest', 'status');
    if (row?.status !== 'open') throw notOpen();
    const same = row?.caller_digest instanceof Buffer && row.caller_digest.equals(digest);
    await trx('ticket_repeat_calls').insert({
      id,
      ticket_id: ticket.id,
      city_id: actor.cityId,
      called_at: at,
      registered_by: actor.userId,
      caller_name: input.caller.name.trim(),
      caller_phone: input.caller.phone.trim(),
      caller_digest: digest,
      same_caller: same,
      content,
      channel: input.channel ?? null,
    });
    // the timeline says who called only as "the same caller" or "another caller": no personal data
    await trx('ticket_events').insert({
      key: `repeatCall:${id}`,
      ticket_id: ticket.id,
      city_id: actor.cityId,
      kind: 'repeatCall',
      at,
      actor_user_id: actor.userId,
      summary: `${same ? '诉求人再次来电' : '其他来电人反映同一诉求'}：${excerpt(content)}`,
      data: JSON.stringify({ repeatCall: id, sameCaller: same, content, channel: input.channel ?? null }),
    });
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'ticket.repeatCallLinked',
      subjectType: 'ticket',
      subjectId: number,
      details: { sameCaller: same, channel: input.channel ?? null },
    });
    return same;
  });
  const found = await searchTickets(db, actor.cityId, { all: true }, { ids: [ticket.id] }, 1, 1);
  const [view] = await foundViews(db, actor, found.items);
  return { ticket: view!, sameCaller, tellCaller: tellCaller(view!), repeatCalls: view!.repeatCalls };
}

/** Repeat calls linked in these days (China's calendar), per handling unit: a unit whose tickets draw repeat calls is slow to tell callers. */
export async function repeatCallFigures(db: Knex, cityId: string, from: string, to: string): Promise<RepeatCallFigures> {
  const start = chinaDayStart(from);
  const end = chinaDayEnd(to);
  const rows: Array<{ unit_code: string | null; unit_name: string | null; calls: number; tickets: number; same: number }> = await db('ticket_repeat_calls as c')
    .join('tickets as t', 't.id', 'c.ticket_id')
    .leftJoin('units as u', 'u.id', 't.unit_id')
    .where('c.city_id', cityId)
    .where('c.called_at', '>=', start)
    .where('c.called_at', '<', end)
    .groupBy('u.code', 'u.name')
    .orderBy('calls', 'desc')
    .select('u.code as unit_code', 'u.name as unit_name', db.raw('count(*)::int as calls'), db.raw('count(distinct c.ticket_id)::int as tickets'), db.raw('count(*) filter (where c.same_caller)::int as same'));
  const totals = await db('ticket_repeat_calls').where('city_id', cityId).where('called_at', '>=', start).where('called_at', '<', end).first(db.raw('count(distinct ticket_id)::int as tickets'));
  return {
    from,
    to,
    calls: rows.reduce((n, r) => n + r.calls, 0),
    tickets: Number(totals?.tickets ?? 0),
    sameCaller: rows.reduce((n, r) => n + r.same, 0),
    byUnit: rows.map((r) => ({ unitCode: r.unit_code, unitName: r.unit_name, calls: r.calls, tickets: r.tickets })),
  };
}
