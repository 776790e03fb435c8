// Dispatch by the catalogue (Tianjin 2025 §8) on the dispatch task: the proposal the dispatcher starts
// from, the checks a dispatch must pass (a functional matter never to a grassroots unit; another unit
// than proposed only with a reason), and the decision recorded with the completion (the figures count it).
import type { Knex } from 'knex';
import { grassrootsRefused, sameUnits } from '@hotline/dispatch-catalogue';
import type { RuleVersion } from '@hotline/rules';
import { ApiError } from '../../http/errors';
import type { PackCatalog } from '../workflow/pack-catalog';
import { packInForce, taxonomyOf } from './catalogue-context';
import { type Proposal, proposalFor } from './catalogue.service';
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
}

export interface DispatchDecision {
  proposal: DispatchProposal;
  choice: DispatchChoice;
  overridden: boolean;
  matter: string | null;
  place: string | null;
}

/** Checks a dispatch against the ticket's matter and the proposal; refuses it with the pack's sentence or a missing reason. */
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
  if (policy && subject.matter !== null) {
    const codes = [choice.leadUnit, ...choice.assistingUnits];
    const units = await db('units').where('city_id', task.city_id).whereIn('code', codes).select('code', 'kind');
    const taxonomy = taxonomyOf(await packInForce(catalog, task.city_id));
    const refused = grassrootsRefused(subject.matter, units, { taxonomy, unitKinds: policy.grassroots.unitKinds });
    if (refused.length > 0) {
      throw new ApiError(422, 'GRASSROOTS_REFUSED', policy.grassroots.refusal, [{ where: '/unit', message: policy.grassroots.refusal, messageZh: policy.grassroots.refusal }], {
        errors: [{ path: '/unit', message: policy.grassroots.refusal, messageZh: policy.grassroots.refusal }],
        units: refused,
      });
    }
  }
  const proposal = await dispatchProposal(db, catalog, task.city_id, task.ticket_id, task.variables, day);
  const proposed = proposedUnits(proposal);
  const overridden = proposed !== null && !sameUnits(proposed, choice);
  if (overridden && choice.overrideReason === null && (policy?.overrideReasonRequired ?? true)) {
    const message = `派往派单目录所列以外的单位（目录：${[proposed.leadUnit, ...proposed.assistingUnits].join('、')}），请填写“改派理由”（overrideReason）`;
    throw new ApiError(422, 'OVERRIDE_REASON_REQUIRED', message, [{ where: '/overrideReason', message, messageZh: message }], {
      errors: [{ path: '/overrideReason', message, messageZh: message }],
    });
  }
  return { proposal, choice, overridden, ...subject };
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
    override_reason: decision.overridden ? (choice.overrideReason ?? '') : null,
    catalogue_version_id: proposal.kind === 'catalogue' ? proposal.versionId : null,
    entry_row: proposal.kind === 'catalogue' ? proposal.entryRow : null,
    determination_id: proposal.kind === 'determination' ? (proposal.determination?.id ?? null) : null,
    matter: decision.matter,
    place: decision.place,
    decided_by: by,
    at,
  });
}
