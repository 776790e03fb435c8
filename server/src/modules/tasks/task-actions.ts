// A task's actions and the variables of its completion come from its kind in the ticket's pack version
// (the form file's `actions` and `variables`, @hotline/forms task-kind.ts); this only supplies the
// moment: the ticket, its process variables and the engine's time.
import { type FormFile, type TaskAction, completionVariables, taskActions } from '@hotline/forms';
import type { Knex } from 'knex';
import { RULE_VERSION_OVERRIDE_VARIABLE, type Variables } from '@hotline/engine-adapters';
import { type RuleVersion, parseInstant } from '@hotline/rules';
import type { PackEntry } from '../workflow/pack-catalog';

export interface TaskMoment {
  form: string | null;
  ticket: { type: string; urgency: string };
  /** The ticket's rule version (ticketRuleVersion). */
  version: RuleVersion;
  variables: Variables;
  headers: Record<string, string>;
  /** Engine time, epoch ms. */
  now: number;
}

/** The task's kind in the pack version: its form file (actions, variables); none for a task without a form. */
export const taskKind = (entry: PackEntry, form: string | null): FormFile | undefined => (form === null ? undefined : entry.forms[form]);

/** The ticket's rule version as the workers see it (hotline.deadline, .policy): registration, or a migration's override. */
export function ticketRuleVersion(entry: PackEntry, registeredAt: number, variables: Variables): RuleVersion {
  const override = variables[RULE_VERSION_OVERRIDE_VARIABLE];
  return entry.rules.versionOfTicket(registeredAt, typeof override === 'string' ? override : null);
}

/** The instant that picks the rule version: the process's registeredAt (engine time), else the ticket row's. */
export function registrationInstant(variables: Variables, rowRegisteredAt: Date): number {
  const stamped = typeof variables.registeredAt === 'string' ? parseInstant(variables.registeredAt) : null;
  return stamped?.ok ? stamped.ms : rowRegisteredAt.getTime();
}

/**
 * ticketRuleVersion for a ticket outside one of its tasks (a 督办单 issued, a reminder): the process
 * variables its newest task was given (a migration's override among them); null when no version of the
 * pack covers the ticket.
 */
export async function currentTicketRuleVersion(db: Knex, entry: PackEntry, ticket: { id: string; registeredAt: Date }): Promise<RuleVersion | null> {
  const newest = await db('tasks').where({ ticket_id: ticket.id }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).first('variables');
  const variables: Variables = newest?.variables ?? {};
  try {
    return ticketRuleVersion(entry, registrationInstant(variables, ticket.registeredAt), variables);
  } catch {
    return null;
  }
}

export function actionsOf(entry: PackEntry, moment: TaskMoment): TaskAction[] {
  return taskActions(taskKind(entry, moment.form), {
    rules: entry.rules,
    version: moment.version,
    ticket: moment.ticket,
    variables: moment.variables,
    headers: moment.headers,
    now: moment.now,
  });
}

/** A form filled in as its task's primary action (a registration's prefilled classification, a split's dispatch). */
export function primaryCompletion(entry: PackEntry, moment: TaskMoment, data: Record<string, unknown>): Variables {
  const primary = actionsOf(entry, moment).find((a) => a.primary);
  if (!primary) throw new Error(`the ${moment.form ?? 'unnamed'} task of ${entry.cityId}/${entry.number} has no primary action`);
  return completionVariables(taskKind(entry, moment.form), primary, data, moment.variables) as Variables;
}
