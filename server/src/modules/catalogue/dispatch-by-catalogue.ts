// Dispatch by the catalogue (Tianjin 2025 §8) on the dispatch task: the proposal the dispatcher starts
// from, the checks a dispatch must pass (a functional matter never to a grassroots unit; another unit
// than proposed only with a reason), and the decision recorded with the completion (the figures count it).
import type { Knex } from 'knex';
import { grassrootsRefused, sameUnits } from '@hotline/dispatch-catalogue';
import type { RuleVersion } from '@hotline/rules';
import { refusedAtField } from '../../http/errors';
import type { PackCatalog } from '../workflow/pack-catalog';
import { packInForce, taxonomyOf } from './catalogue-context';
import { type Proposal, proposalFor } from './catalogue.service';
import * as repo from './catalogue.repository';
import { DISPATCH_FORM, type DeterminationView, determinationOfTicket, subjectOf } from './determinations.service';

export type DispatchProposal = Proposal & { determination?: DeterminationView };

export const isDispatchTask = (form: string | null): boolean => form === DISPATCH_FORM;

/** What the dispatch task proposes: a determination's decision or request when the ticket has one, else the catalogue's. */
export async function dispatchProposal(db: Knex, catalog: PackCatalog, cityId: string, ticketId: string, variables: Record<string, unknown>, day: string): Promise<DispatchProposal> {
  const determination = await determinationOfTicket(db, catalog, cityId, ticketId);
  if (determination) return { kind: 'determination', reason: determination.reason, determination };
  return proposalFor(db, catalog, cityId, { ...subjectOf(variables), at: day });
}

/** The units a proposal names, if any: the catalogue's, or a determination's decision. */
function proposedUnits(proposal: DispatchProposal): { leadUnit: string; assistingUnits: string[] } | null {
  if (proposal.kind === 'catalogue') return proposal;
  return proposal.determination?.decision ?? null;
}

export interface DispatchChoice {
  /** The lead unit (or the only one) and the assisting units the completion sends the ticket to. */
  leadUnit: string;
  assistingUnits: string[];
  overrideReason: string | null;
  /** The dispatch form's field the units were chosen in (`/unit`, `/leadUnit`, `/units`): where a refusal is shown. */
  unitField: string;
}

export interface DispatchDecision {
  proposal: DispatchProposal;
  choice: DispatchChoice;
  overridden: boolean;
  matter: string | null;
  place: string | null;
}

/** A disputed matter goes by a determination's decision (§8), never straight to a unit. */
const DETERMINATION_REQUIRED = '该诉求事项职责存在争议，须先提请定责，定责后按定责意见派单';
/** Without an entry, the dispatcher says why this unit (recorded and counted as a dispatch without an entry). */
const NO_ENTRY_REASON_REQUIRED = '派单目录中没有该诉求事项的条目：请填写派单理由（改派理由），或提请定责';

async function unitNames(db: Knex, cityId: string, codes: readonly string[]): Promise<string[]> {
  const rows: Array<{ code: string; name: string }> = await db('units').where('city_id', cityId).whereIn('code', codes).select('code', 'name');
  return codes.map((code) => rows.find((r) => r.code === code)?.name ?? code);
}

/**
 * Checks a dispatch against the ticket's matter and the proposal: a functional matter never to a
 * grassroots unit; a disputed matter only after its determination is decided; a matter the city's
 * catalogue has no entry for, or a unit other than proposed, only with a reason.
 */
export async function checkDispatch(
  db: Knex,
  catalog: PackCatalog,
  task: { city_id: string; ticket_id: string; variables: Record<string, unknown> },
  version: RuleVersion,
  choice: DispatchChoice,
  day: string,
): Promise<DispatchDecision> {
  const subject = subjectOf(task.variables);
  const policy = version.policies.dispatch;
  const guard = await grassrootsGuard(db, catalog, task, version, [choice.leadUnit, ...choice.assistingUnits]);
  if (guard) throw refusedAtField('GRASSROOTS_REFUSED', choice.unitField, guard.refusal, { units: guard.units });
  const reasonRequired = policy?.overrideReasonRequired ?? true;
  const proposal = await dispatchProposal(db, catalog, task.city_id, task.ticket_id, task.variables, day);
  const proposed = proposedUnits(proposal);
  if (proposal.kind === 'determination' && proposed === null) {
    if (proposal.reason === 'disputed') throw refusedAtField('DETERMINATION_REQUIRED', choice.unitField, DETERMINATION_REQUIRED);
    // a ticket without a matter gives the catalogue nothing to look up: no reason asked
    if (subject.matter !== null && choice.overrideReason === null && reasonRequired && (await repo.versionIn(db, task.city_id, ['published']))) {
      throw refusedAtField('OVERRIDE_REASON_REQUIRED', '/overrideReason', NO_ENTRY_REASON_REQUIRED);
    }
  }
  const overridden = proposed !== null && !sameUnits(proposed, choice);
  if (overridden && choice.overrideReason === null && reasonRequired) {
    const source = proposal.kind === 'catalogue' ? '目录' : '定责结论';
    const names = await unitNames(db, task.city_id, [proposed.leadUnit, ...proposed.assistingUnits]);
    throw refusedAtField('OVERRIDE_REASON_REQUIRED', '/overrideReason', `派往派单目录所列以外的单位（${source}：${names.join('、')}），请填写改派理由`);
  }
  return { proposal, choice, overridden, ...subject };
}

/**
 * The grassroots guard for a ticket (Tianjin 2025 §8 应当由职能部门承办的诉求事项不得分派给基层): the units
 * (of `codes`, or of the whole city) of a kind the rule version's `policies.dispatch.grassroots` names,
 * when the ticket's matter is a functional department's; null when none is refused.
 */
export async function grassrootsGuard(
  db: Knex,
  catalog: PackCatalog,
  task: { city_id: string; variables: Record<string, unknown> },
  version: RuleVersion,
  codes?: readonly string[],
): Promise<{ refusal: string; units: string[] } | null> {
  const { matter } = subjectOf(task.variables);
  const guard = version.policies.dispatch?.grassroots;
  if (!guard || matter === null) return null;
  const query = db('units').where('city_id', task.city_id);
  const units = await (codes === undefined ? query : query.whereIn('code', codes)).select('code', 'kind');
  const refused = grassrootsRefused(matter, units, { taxonomy: taxonomyOf(await packInForce(catalog, task.city_id)), unitKinds: guard.unitKinds });
  return refused.length > 0 ? { refusal: guard.refusal, units: refused } : null;
}

/** Writes the dispatch decision, in the transaction that records the completion. */
export async function recordDispatchDecision(trx: Knex.Transaction, task: { id: string; city_id: string; ticket_id: string }, decision: DispatchDecision, by: string, at: string): Promise<void> {
  const { proposal, choice } = decision;
  const proposed = proposedUnits(proposal);
  await trx('dispatch_decisions').insert({
    city_id: task.city_id,
    ticket_id: task.ticket_id,
    task_id: task.id,
    proposal_kind: proposal.kind,
    proposal_reason: proposal.kind === 'determination' ? proposal.reason : null,
    proposed_lead: proposed?.leadUnit ?? null,
    proposed_assisting: proposed?.assistingUnits ?? [],
    chosen_lead: choice.leadUnit,
    chosen_assisting: choice.assistingUnits,
    overridden: decision.overridden,
    // a dispatch without a proposal keeps its reason too (no entry: the reason the dispatcher gave)
    override_reason: decision.overridden ? (choice.overrideReason ?? '') : proposed === null ? choice.overrideReason : null,
    catalogue_version_id: proposal.kind === 'catalogue' ? proposal.versionId : null,
    entry_row: proposal.kind === 'catalogue' ? proposal.entryRow : null,
    determination_id: proposal.kind === 'determination' ? (proposal.determination?.id ?? null) : null,
    matter: decision.matter,
    place: decision.place,
    decided_by: by,
    at,
  });
}
