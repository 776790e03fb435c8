// Tickets: registered by the centre (which starts the city's process on the engine in the same
// request), read within the reader's scope. The caller's name and phone are shown masked; the full
// values only to people a role of theirs lets see them (the pack's `revealCaller`): on a ticket they
// hold or held a task of, with a reason; on another ticket of a `scope` role's scope, only with one of
// the pack's reason categories and a text stating the need. Each reveal is counted against the
// person's rate, watched for bulk patterns (security alerts) and written to the audit trail before the
// data leaves (Tianjin 2025 §28–§29).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { resolveForm, validateSubmission } from '@hotline/forms';
import { MatterTaxonomy, type RevealReason, type RoleScope, formatInstant } from '@hotline/rules';
import type { RevealLimits } from '../../config';
import { ApiError, InputRejectedError, type Issue, conflict, forbidden, notFound, outOfScope } from '../../http/errors';
import { chinaToday } from '../../local-day';
import { recordEvent } from '../audit/audit.repository';
import { SYSTEM, type Actor, auditActorOf, seesCallers, widestScope } from '../auth/actor';
import { findUnit, unitSubtree } from '../organisations/organisations.service';
import { packInForce } from '../packs/packs.service';
import { lockPersonReveals, recentReveals } from '../security/alerts.repository';
import { raiseAlert } from '../security/alerts.service';
import { type RevealJudgement, judgeReveal, rateRefusal } from '../security/reveal-watch';
import { primaryCompletion } from '../tasks/task-actions';
import { formPlaces, formUnits } from '../tasks/task-forms';
import { lockNewTicket, type PrefilledCompletion } from '../workflow/engine-tickets.repository';
import type { Workflow } from '../workflow/workflow';
import { checkCitations } from '../knowledge/knowledge.service';
import { maskName, maskPhone } from './masking';
import { type MatterView, type PlaceView, matterPattern, matterView, placeFilter, placeViews, subjectProblems, taxonomyOf } from './ticket-subject';
import * as tickets from './tickets.repository';
import type { Caller, Ticket, TicketScope } from './tickets.repository';

const SUMMARY_LENGTH = 50;

export interface TicketInput {
  type: string;
  urgency?: string | undefined;
  channel?: string | undefined;
  summary?: string | undefined;
  content: string;
  /** 诉求事项: a code of the pack's matter taxonomy. */
  matter?: string | undefined;
  /** 事发区划: a code of the city's places. */
  place?: string | undefined;
  /** 事发地点: the address as the caller gave it. */
  address?: string | undefined;
  /** Code of the handling unit, when already known at registration. */
  unit?: string | undefined;
  caller: Caller;
  /** The classification form (分类处理), when the registrar decides it with the registration. */
  classify?: Record<string, unknown> | undefined;
}

export interface TicketView {
  id: string;
  number: string;
  type: string;
  urgency: string;
  channel: string | null;
  summary: string | null;
  content: string;
  matter: MatterView | null;
  place: PlaceView | null;
  address: string | null;
  unitCode: string | null;
  unitName: string | null;
  packVersion: number;
  registeredAt: Date;
  registeredBy: string;
  status: Ticket['status'];
  outcome: string | null;
  closedAt: Date | null;
  /** What the ticket's end means for the unit's assessment (assessment reads the same columns). */
  markers: { negativeRatingExempt: boolean; unsolvableFiled: boolean };
  caller: Caller & { masked: true; revealable: boolean; revealWith: RevealBasis | null };
}

/**
 * On what a person may reveal a ticket's caller: `task` — they hold or held a task of it (registering
 * it counts), a reason suffices; `category` — it is only in the scope of a role of theirs whose rule is
 * `scope`: a reason category of the pack and a text stating the concrete need.
 */
export type RevealBasis = 'task' | 'category';

/** A reveal's stated reason: an optional category (required for a `category` reveal) and the text. */
export interface RevealRequest {
  reasonCategory?: string | undefined;
  reason: string;
}

/** Shortest reason text: one that a task explains already, and one that must state the need itself. */
const REASON_MIN = { task: 2, category: 5 } as const;

/** The units a role scope reaches from the person's own unit; null for the whole city. */
export async function unitsOfScope(db: Knex, actor: Actor, scope: RoleScope): Promise<string[] | null> {
  if (scope === 'centre') return null;
  return scope === 'unitTree' ? unitSubtree(db, actor.unitId) : [actor.unitId];
}

/** The tickets a person reads: by the widest scope of their pack roles; none with platform roles only. */
export async function scopeOf(db: Knex, actor: Actor): Promise<TicketScope> {
  const units = actor.grants.scope === null ? [] : await unitsOfScope(db, actor, actor.grants.scope);
  return units === null ? { all: true } : { unitIds: units };
}

/**
 * Of these tickets, those whose caller the person may see in full, and on what basis: any role of
 * theirs that ever reveals (not `never`) lets them reveal on a ticket they hold or held a task of; a
 * role whose rule is `scope` also on the other tickets of its scope, by a reason category.
 */
export async function revealBases(db: Knex, actor: Actor, ticketIds: readonly string[]): Promise<Map<string, RevealBasis>> {
  const ids = [...new Set(ticketIds)];
  const found = new Map<string, RevealBasis>();
  if (ids.length === 0 || !seesCallers(actor)) return found;
  // scopes nest (a unit in its tree, the tree in the city): the widest revealing role decides
  const widest = widestScope(actor.grants.packRoles.filter((r) => r.revealCaller === 'scope').map((r) => r.scope));
  if (widest !== null) {
    const units = await unitsOfScope(db, actor, widest);
    for (const id of units === null ? ids : await tickets.idsWithinUnits(db, actor.cityId, ids, units)) found.set(id, 'category');
  }
  for (const id of await tickets.idsWorkedBy(db, ids, actor.userId)) found.set(id, 'task');
  return found;
}

/** Why the person may not see this ticket's caller, in their roles' words. */
function revealRefusal(actor: Actor, number: string): string {
  const because = actor.grants.packRoles.map((r) =>
    r.revealCaller === 'never' ? `${r.label}不能查看诉求人信息` : r.revealCaller === 'withTask' ? `${r.label}只能查看自己办理过的工单的诉求人信息` : `${r.label}只能查看自己办理过的工单或其范围内工单的诉求人信息`,
  );
  return `无权查看工单 ${number} 的诉求人信息：${because.join('；') || '没有可查看诉求人信息的角色'}`;
}

function ticketView(ticket: Ticket, caller: Caller | undefined, revealWith: RevealBasis | undefined, places: Map<string, PlaceView>, taxonomy: MatterTaxonomy): TicketView {
  return {
    id: ticket.number,
    number: ticket.number,
    type: ticket.type,
    urgency: ticket.urgency,
    channel: ticket.channel,
    summary: ticket.summary,
    content: ticket.content,
    matter: matterView(taxonomy, ticket.matterCode),
    place: ticket.placeCode === null ? null : (places.get(ticket.placeCode) ?? null),
    address: ticket.address,
    unitCode: ticket.unitCode,
    unitName: ticket.unitName,
    packVersion: ticket.packVersion,
    registeredAt: ticket.registeredAt,
    registeredBy: ticket.registeredBy,
    status: ticket.status,
    outcome: ticket.outcome,
    closedAt: ticket.closedAt,
    markers: { negativeRatingExempt: ticket.negativeRatingExempt, unsolvableFiled: ticket.unsolvableFiled },
    caller: { name: maskName(caller?.name ?? ''), phone: maskPhone(caller?.phone ?? ''), masked: true, revealable: revealWith !== undefined, revealWith: revealWith ?? null },
  };
}

/** Tickets as this person sees them: callers masked, each saying whether they may reveal it. */
export async function ticketViews(db: Knex, actor: Actor, found: readonly Ticket[]): Promise<TicketView[]> {
  const ids = found.map((t) => t.id);
  const versions = [...new Set(found.filter((t) => t.matterCode !== null).map((t) => t.packVersionId))];
  const [callers, mayReveal, places, taxonomies] = await Promise.all([
    tickets.readCallers(db, ids),
    revealBases(db, actor, ids),
    placeViews(db, actor.cityId, found.map((t) => t.placeCode)),
    Promise.all(versions.map(async (v) => [v, await taxonomyOf(db, v)] as const)).then((pairs) => new Map(pairs)),
  ]);
  const none = MatterTaxonomy.of({});
  return found.map((t) => ticketView(t, callers.get(t.id), mayReveal.get(t.id), places, taxonomies.get(t.packVersionId) ?? none));
}

export async function ticketViewOf(db: Knex, actor: Actor, ticket: Ticket): Promise<TicketView> {
  return (await ticketViews(db, actor, [ticket]))[0]!;
}

export async function registerTicket(db: Knex, actor: Actor, input: TicketInput, workflow: Workflow | null): Promise<TicketView> {
  // The engine's clock, never the machine's: the ticket's number, its registration instant and the
  // pack in force all follow the time the process runs on (Zeebe's controlled clock in tests).
  const now = workflow ? await workflow.now() : Date.now();
  const today = chinaToday(now);
  const inForce = await packInForce(db, actor.cityId, today);
  if (!inForce) throw conflict('NO_PUBLISHED_PACK', `${actor.cityId} has no published pack in force on ${today}: publish one first`);
  const { city } = inForce.pack;
  const urgency = input.urgency ?? 'general';
  const issues: Issue[] = [];
  if (!city.ticketTypes.some((t) => t.key === input.type)) {
    issues.push({ where: '/type', message: `"${input.type}" is not a ticket type of ${city.id}: ${city.ticketTypes.map((t) => t.key).join(', ')}` });
  }
  if (!city.urgencyClasses.some((u) => u.key === urgency)) {
    issues.push({ where: '/urgency', message: `"${urgency}" is not an urgency class of ${city.id}: ${city.urgencyClasses.map((u) => u.key).join(', ')}` });
  }
  const unit = input.unit === undefined ? null : await findUnit(db, actor.cityId, input.unit);
  if (input.unit !== undefined && (unit === null || unit.kind === 'centre')) {
    issues.push({ where: '/unit', message: `"${input.unit}" is not a handling unit of ${city.id}` });
  }
  const channels = inForce.pack.versions.flatMap((v) => v.channels.map((c) => c.key));
  if (input.channel !== undefined && !channels.includes(input.channel)) {
    issues.push({ where: '/channel', message: `"${input.channel}" is not a channel of ${city.id}: ${[...new Set(channels)].join(', ')}` });
  }
  issues.push(...(await subjectProblems(db, actor.cityId, MatterTaxonomy.of(inForce.pack), input)));
  if (issues.length > 0) throw new InputRejectedError('TICKET_INVALID', 'the ticket', issues);

  const ticketId = randomUUID();
  const channel = input.channel ?? null;
  const summary = input.summary ?? [...input.content.trim()].slice(0, SUMMARY_LENGTH).join('');
  const address = input.address?.trim() || null;
  // the register form's variables (forms/register.json `variables`): what the diagram may route on
  const subject = { ...(input.matter ? { matter: input.matter } : {}), ...(input.place ? { place: input.place } : {}), ...(address ? { address } : {}) };
  const prefill: Record<string, PrefilledCompletion> = {
    register: {
      action: 'complete',
      data: {
        ticketType: input.type,
        urgency,
        ...(channel ? { channel } : {}),
        summary,
        content: input.content,
        ...(input.matter ? { matter: input.matter } : {}),
        ...(input.place ? { place: input.place } : {}),
        ...(address ? { location: address } : {}),
      },
      variables: { type: input.type, urgency, channel, ...subject },
      actorUserId: actor.userId,
      requestId: `register:${ticketId}`,
      silent: true,
    },
  };
  if (input.classify !== undefined) prefill.classify = await classification(db, workflow, actor, inForce.version.id, { type: input.type, urgency, at: now }, input.classify, ticketId);

  // Everything the transaction needs from the main pool is read before it: a transaction holds one
  // connection and waits for nothing of its own pool (README, "Registration under load").
  const engine = workflow ? { workflow, entry: await workflow.catalog.entry(inForce.version.id) } : null;
  const process = engine ? await startableProcess(engine.workflow, engine.entry) : null;
  // The number of the day in a statement of its own: the counter row is locked for that statement
  // only, not across the engine's start. A registration that fails after this leaves its number unused.
  const sequence = await tickets.nextSequence(db, actor.cityId, today);
  const ticketNumber = `${today.replaceAll('-', '')}${String(sequence).padStart(5, '0')}`;

  const number = await db.transaction(async (trx) => {
    // Engine callbacks for this ticket (its first task, its first jobs) wait for this transaction.
    await lockNewTicket(trx, ticketId);
    await tickets.insertTicket(trx, {
      id: ticketId,
      cityId: actor.cityId,
      number: ticketNumber,
      type: input.type,
      urgency,
      channel,
      summary,
      content: input.content,
      matterCode: input.matter ?? null,
      placeCode: input.place ?? null,
      address,
      unitId: unit?.id ?? null,
      packVersionId: inForce.version.id,
      registeredBy: actor.userId,
      registeredAt: new Date(now),
      prefill,
    });
    await tickets.insertCaller(trx, ticketId, input.caller);
    // no personal data in the trail: the number says which ticket
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'ticket.registered',
      subjectType: 'ticket',
      subjectId: ticketNumber,
      details: { type: input.type, urgency, matter: input.matter ?? null, place: input.place ?? null, unit: input.unit ?? null, packVersion: inForce.version.number },
    });
    if (engine && process) {
      // Started inside the transaction: if the engine refuses, nothing is stored; if the commit fails
      // after the engine started it, the instance finds no ticket and goes no further. The engine runs
      // on its own pool (embedded) or over gRPC (Zeebe) and never waits for this pool meanwhile.
      const { workflow, entry } = engine;
      const variables = {
        ticketId,
        ticketNumber,
        city: actor.cityId,
        packVersion: inForce.version.number,
        type: input.type,
        urgency,
        channel,
        summary,
        ...subject,
        registeredAt: formatInstant(now, entry.rules.offsetMinutes),
        ...(unit ? { unit: unit.code } : {}),
      };
      const instance = await workflow.engine.createInstance(process.bpmnProcessId, variables, { version: process.version });
      await tickets.setProcess(trx, ticketId, { engine: workflow.engine.kind, bpmnProcessId: process.bpmnProcessId, version: instance.version, processInstanceKey: instance.processInstanceKey });
    }
    return ticketNumber;
  });
  return getTicket(db, actor, number);
}

/** The process a ticket of this pack version starts; `db` is the caller's transaction, if it holds one. */
export async function startableProcess(workflow: Workflow, entry: Awaited<ReturnType<Workflow['catalog']['entry']>>, db?: Knex) {
  try {
    return await workflow.deployments.ticketProcess(entry, db);
  } catch (error) {
    throw new ApiError(409, 'PROCESS_NOT_DEPLOYED', `the ticket process of ${entry.cityId} pack version ${entry.number} cannot run: ${(error as Error).message}`);
  }
}

/** The classification given with the registration, checked against the pack's classify form. */
async function classification(
  db: Knex,
  workflow: Workflow | null,
  actor: Actor,
  packVersionId: number,
  ticket: { type: string; urgency: string; at: number },
  data: Record<string, unknown>,
  ticketId: string,
): Promise<PrefilledCompletion> {
  if (!workflow) throw new ApiError(409, 'NO_ENGINE', 'no workflow engine runs: a classification cannot be applied');
  const entry = await workflow.catalog.entry(packVersionId);
  const file = entry.forms.classify;
  if (!file) throw new InputRejectedError('FORM_UNKNOWN', 'the classification', [{ where: '/classify', message: `pack version ${entry.number} has no classify form` }]);
  const form = resolveForm(file, { pack: entry.pack, at: ticket.at, units: await formUnits(db, actor.cityId),
    places: await formPlaces(db, actor.cityId),
    ticket: { type: ticket.type, urgency: ticket.urgency },
  });
  const checked = validateSubmission(form.schema, data);
  if (!checked.ok) {
    throw new ApiError(422, 'FORM_INVALID', `the classification is not valid: ${checked.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`, undefined, {
      errors: checked.errors.map((e) => ({ ...e, path: `/classify${e.path}` })),
    });
  }
  // an answer citing a knowledge entry: it must be offered now (recorded when the task completes)
  await checkCitations(db, actor.cityId, data, ticket.at);
  return { action: 'complete', data, variables: primaryCompletion(entry, { form: 'classify', ticket, version: entry.rules.versionAt(ticket.at), variables: {}, headers: {}, now: ticket.at }, data), actorUserId: actor.userId, requestId: `classify:${ticketId}` };
}

export async function getTicket(db: Knex, actor: Actor, number: string): Promise<TicketView> {
  return ticketViewOf(db, actor, await findVisibleTicket(db, actor, number));
}

/** A ticket the caller may see, by number; 404 otherwise (another city's or unit's is not there for them). */
export async function findVisibleTicket(db: Knex, actor: Actor, number: string): Promise<Ticket> {
  const ticket = await tickets.findTicket(db, actor.cityId, number, await scopeOf(db, actor));
  if (!ticket) throw await ticketMissing(db, actor, number);
  return ticket;
}

/** The 404 for a ticket the caller cannot see: a plain miss, or (the ticket is another unit's) an audited refusal. */
async function ticketMissing(db: Knex, actor: Actor, number: string): Promise<ApiError> {
  const elsewhere = await tickets.findTicket(db, actor.cityId, number, { all: true });
  return elsewhere ? outOfScope(`ticket ${number}`, `ticket ${number} is outside the caller's units`) : notFound(`ticket ${number}`);
}

/** `?place=` (that place and those under it) and `?matter=` (that matter and those under it). */
export interface SubjectQuery {
  place?: string | undefined;
  matter?: string | undefined;
}

export async function subjectFilter(db: Knex, cityId: string, query: SubjectQuery): Promise<tickets.SubjectFilter> {
  return {
    ...(query.place !== undefined ? { placeCodes: await placeFilter(db, cityId, query.place) } : {}),
    ...(query.matter !== undefined ? { matterPattern: matterPattern(query.matter) } : {}),
  };
}

export async function listTickets(db: Knex, actor: Actor, limit: number, query: SubjectQuery = {}): Promise<TicketView[]> {
  const found = await tickets.listTickets(db, actor.cityId, await scopeOf(db, actor), limit, await subjectFilter(db, actor.cityId, query));
  return ticketViews(db, actor, found);
}

/** A reason refused: 400 at the field, in the words of the person who reads it. */
const reasonRefused = (where: string, messageZh: string) => new ApiError(400, 'REVEAL_REASON_INVALID', messageZh, [{ where, message: messageZh, messageZh }]);

const categoriesText = (reasons: readonly RevealReason[]) => reasons.map((r) => `${r.key}（${r.label}）`).join('、');

/**
 * The caller in full, for a stated reason. In one transaction (one person's reveals one at a time):
 * the ticket in the person's scope, their basis for the reveal, the reason it needs, the rate and the
 * bulk patterns, then the read with its audit event and any alert it raises. A reveal over the rate
 * is refused (429) and its alert kept.
 */
export async function revealCaller(
  db: Knex,
  actor: Actor,
  number: string,
  request: RevealRequest,
  pack: { reasons: readonly RevealReason[]; limits: RevealLimits },
): Promise<Caller> {
  const why = request.reason.trim();
  const category = request.reasonCategory === undefined ? undefined : pack.reasons.find((r) => r.key === request.reasonCategory);
  if (request.reasonCategory !== undefined && !category) {
    throw reasonRefused('/reasonCategory', `查看原因类别（reasonCategory）“${request.reasonCategory}”不是本市规定的类别，可选：${categoriesText(pack.reasons)}`);
  }
  if ([...why].length < REASON_MIN.task) throw reasonRefused('/reason', `请填写查看原因（reason），至少 ${REASON_MIN.task} 个字`);
  const outcome = await db.transaction(async (trx): Promise<{ caller: Caller } | { refused: NonNullable<RevealJudgement['refused']> }> => {
    await lockPersonReveals(trx, actor.userId);
    const ticket = await tickets.findTicket(trx, actor.cityId, number, await scopeOf(trx, actor));
    if (!ticket) throw await ticketMissing(trx, actor, number);
    const basis = (await revealBases(trx, actor, [ticket.id])).get(ticket.id);
    if (!basis) throw forbidden(revealRefusal(actor, number));
    if (basis === 'category' && !category) {
      throw reasonRefused('/reasonCategory', `您未办理过工单 ${number}：查看其诉求人信息须选择查看原因类别（reasonCategory）：${categoriesText(pack.reasons)}`);
    }
    if (basis === 'category' && [...why].length < REASON_MIN.category) {
      throw reasonRefused('/reason', `查看未办理过的工单的诉求人信息，须在查看原因（reason）中写明具体需要，至少 ${REASON_MIN.category} 个字`);
    }
    const recent = await recentReveals(trx, actor.userId, pack.limits.burstMinutes);
    const judgement = judgeReveal(recent, basis === 'category', pack.limits);
    for (const alert of judgement.alerts) {
      await raiseAlert(trx, SYSTEM, {
        cityId: actor.cityId,
        userId: actor.userId,
        username: actor.username,
        kind: alert.kind,
        details: { summary: alert.summary, ticket: number, heldTask: basis === 'task', recent },
      });
    }
    if (judgement.refused) return { refused: judgement.refused };
    const caller = (await tickets.readCallers(trx, [ticket.id])).get(ticket.id);
    if (!caller) throw notFound(`caller of ticket ${number}`);
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'ticket.callerRevealed',
      subjectType: 'ticket',
      subjectId: number,
      details: { reason: why, reasonCategory: category?.key ?? null, reasonCategoryLabel: category?.label ?? null, heldTask: basis === 'task', fields: ['name', 'phone'] },
    });
    return { caller };
  });
  if ('refused' in outcome) throw new ApiError(429, 'REVEAL_RATE_LIMITED', rateRefusal(outcome.refused));
  return outcome.caller;
}
