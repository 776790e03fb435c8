// A task's actions and the variables of its completion come from its kind in the ticket's pack version
// (the form file's `actions` and `variables`, @hotline/forms task-kind.ts); this only supplies the
// moment: the ticket, its process variables and the engine's time.
import { type TaskAction, completionVariables, taskActions } from '@hotline/forms';
import type { Variables } from '@hotline/engine-adapters';
import type { PackEntry } from '../workflow/pack-catalog';

export interface TaskMoment {
  form: string | null;
  ticket: { type: string; urgency: string };
  /** The instant that picks the rule version: the ticket's registration, epoch ms. */
  registeredAt: number;
  variables: Variables;
  headers: Record<string, string>;
  /** Engine time, epoch ms. */
  now: number;
}

/** The ticket's rule version: the one in force at registration, unless policy staff moved it to another (migration). */
function ruleVersionOf(entry: PackEntry, moment: TaskMoment) {
  const override = moment.variables.ruleVersionOverride;
  return typeof override === 'string' ? entry.rules.versionById(override) : entry.rules.versionAt(moment.registeredAt);
}

export function actionsOf(entry: PackEntry, moment: TaskMoment): TaskAction[] {
  return taskActions(moment.form === null ? undefined : entry.forms[moment.form], {
    rules: entry.rules,
    version: ruleVersionOf(entry, moment),
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
  return completionVariables(moment.form === null ? undefined : entry.forms[moment.form], primary, data, moment.variables) as Variables;
}
