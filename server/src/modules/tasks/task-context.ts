// A task's hand-off context (交接信息): what its form file's `context` declares, resolved from the
// ticket as the person may see it (the caller masked, as every ticket view) and from the steps the
// timeline recorded. The pack says what to show; nothing here knows a task kind.
import type { Knex } from 'knex';
import { type CompletedStep, type HandoffContext, type JsonObject, resolveHandoffContext, resolveForm, valueInWords } from '@hotline/forms';
import { PATH_SEPARATOR, type RuleVersion } from '@hotline/rules';
import type { Variables } from '@hotline/engine-adapters';
import type { TicketView } from '../tickets/tickets.service';
import type { TimelineItem } from '../tickets/ticket-timeline';
import { apiInstant } from '../tickets/ticket-timeline';
import type { PackEntry } from '../workflow/pack-catalog';
import { formPlaces, formUnits } from './task-forms';

/** The completed steps of the timeline, oldest first, as the context reads them. */
export function completedSteps(timeline: readonly TimelineItem[]): CompletedStep[] {
  return timeline
    .filter((e) => e.kind === 'taskCompleted')
    .map((e) => ({
      at: e.at,
      actor: e.actor ? e.actor.name || e.actor.username : null,
      form: typeof e.data.form === 'string' ? e.data.form : null,
      taskName: typeof e.data.taskName === 'string' ? e.data.taskName : '',
      ...(typeof e.data.actionLabel === 'string' ? { actionLabel: e.data.actionLabel } : {}),
      data: (e.data.data ?? {}) as Record<string, unknown>,
    }));
}

/** The ticket's fields in words, the caller as masked for this person. */
export function ticketWords(ticket: TicketView, entry: PackEntry, version: RuleVersion): Record<string, string | null> {
  const { city } = entry.pack;
  return {
    content: ticket.content,
    summary: ticket.summary,
    address: ticket.address,
    matter: ticket.matter?.label ?? null,
    place: ticket.place ? ticket.place.path.join(PATH_SEPARATOR) : null,
    caller: `${ticket.caller.name} ${ticket.caller.phone}`,
    type: city.ticketTypes.find((t) => t.key === ticket.type)?.label ?? ticket.type,
    urgency: city.urgencyClasses.find((u) => u.key === ticket.urgency)?.label ?? ticket.urgency,
    channel: ticket.channel === null ? null : (version.channels.find((c) => c.key === ticket.channel)?.label ?? ticket.channel),
    unit: ticket.unitName,
    registeredAt: valueInWords(apiInstant(ticket.registeredAt)),
  };
}

/** The schemas of the forms the steps used, resolved for the ticket (option labels in the pack's and the city's words). */
async function stepSchemas(db: Knex, entry: PackEntry, version: RuleVersion, ticket: { type: string; urgency: string }, steps: readonly CompletedStep[]) {
  const used = [...new Set(steps.map((s) => s.form).filter((f): f is string => f !== null && entry.forms[f] !== undefined))];
  const schemas: Record<string, JsonObject | undefined> = {};
  if (used.length === 0) return schemas;
  const units = await formUnits(db, entry.cityId);
  const places = await formPlaces(db, entry.cityId);
  for (const name of used) {
    const file = entry.forms[name]!;
    try {
      schemas[name] = resolveForm(file, { pack: entry.pack, versionId: version.id, units, places, ticket }).schema;
    } catch {
      schemas[name] = file.schema; // a step the rules no longer offer still has its titles
    }
  }
  return schemas;
}

export async function taskContext(
  db: Knex,
  entry: PackEntry,
  form: string | null,
  input: { ticket: TicketView; version: RuleVersion; timeline: readonly TimelineItem[]; variables: Variables },
): Promise<HandoffContext | null> {
  const definition = form === null ? undefined : entry.forms[form]?.context;
  if (!definition) return null;
  const steps = completedSteps(input.timeline);
  const schemas = await stepSchemas(db, entry, input.version, input.ticket, steps);
  return resolveHandoffContext(definition, { ticket: ticketWords(input.ticket, entry, input.version), steps, variables: input.variables, schemas });
}

/** The whole record of a ticket (督办): every completed step with its fields in words, for the supervision board. */
export async function ticketRecord(
  db: Knex,
  entry: PackEntry,
  input: { ticket: { type: string; urgency: string }; version: RuleVersion; timeline: readonly TimelineItem[] },
): Promise<HandoffContext> {
  const steps = completedSteps(input.timeline);
  const schemas = await stepSchemas(db, entry, input.version, input.ticket, steps);
  return resolveHandoffContext({ title: '办理全过程', items: [{ label: '办理全过程', record: true }] }, { ticket: {}, steps, variables: {}, schemas });
}
