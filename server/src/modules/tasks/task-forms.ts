// A task's form as the portal renders it and the server checks it: the pack version's form file
// (`forms/<form>.json` of the version the ticket started under), resolved for this ticket with the
// city's handling units and places as choices.
import type { Knex } from 'knex';
import { type PlaceOption, type ResolvedForm, type UnitOption, placeOptions, resolveForm } from '@hotline/forms';
import { HotlineError } from '@hotline/rules';
import type { Variables } from '@hotline/engine-adapters';
import { listPlaces } from '../organisations/organisations.service';
import type { PackEntry } from '../workflow/pack-catalog';

/** The city's handling units (not the centre), by code, each with the unit above it: what a form's `x-options: "units"` offers, as a tree. */
export async function formUnits(db: Knex, cityId: string): Promise<UnitOption[]> {
  const rows: Array<{ code: string; name: string; parent: string | null }> = await db('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .where('u.city_id', cityId)
    .whereNot('u.kind', 'centre')
    .orderBy('u.code')
    .select('u.code', 'u.name', 'p.code as parent');
  return rows.map((r) => ({ key: r.code, label: r.name, parent: r.parent }));
}

/** The city's places with their paths ("和平区 › 劝业场街道"): what a form's `x-options: "places"` offers. */
export async function formPlaces(db: Knex, cityId: string): Promise<PlaceOption[]> {
  return placeOptions(await listPlaces(db, cityId));
}

export type TaskForm = { ok: true; form: ResolvedForm } | { ok: false; reason: string };

export async function taskForm(
  db: Knex,
  entry: PackEntry,
  form: string | null,
  /** The ticket's type and urgency (empty for a subject process's task: its form reads no ticket). */
  ticket: { type: string; urgency: string; ruleVersion: string },
  variables: Variables,
): Promise<TaskForm> {
  if (form === null) return { ok: false, reason: 'the task names no form' };
  const file = entry.forms[form];
  if (!file) return { ok: false, reason: `pack version ${entry.cityId}/${entry.number} has no form "${form}"` };
  const count = (name: string) => (typeof variables[name] === 'number' ? (variables[name] as number) : 0);
  try {
    return {
      ok: true,
      form: resolveForm(file, {
        pack: entry.pack,
        versionId: ticket.ruleVersion,
        units: await formUnits(db, entry.cityId),
        places: await formPlaces(db, entry.cityId),
        ...(ticket.type === '' ? {} : { ticket: { type: ticket.type, urgency: ticket.urgency } }),
        extensionsSoFar: { count: count('extensionCount') },
        reworksSoFar: count('reworkCount'),
        ...(typeof variables.returnRequestedAtOnTime === 'boolean' ? { returnLate: !variables.returnRequestedAtOnTime } : {}),
      }),
    };
  } catch (error) {
    if (error instanceof HotlineError && error.level === 'user') return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * Marks units the form may not be completed with (the grassroots guard's): every unit picker of the form
 * (`ui:options.optionSource: "units"`) gets `refusedOptions` (unit code → the rule's sentence), which the
 * portal's picker shows disabled with the reason. The server refuses them again on completion.
 */
export function withRefusedUnits(form: ResolvedForm, units: readonly string[], refusal: string): ResolvedForm {
  const refused = Object.fromEntries(units.map((code) => [code, refusal]));
  const mark = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(mark);
    if (node === null || typeof node !== 'object') return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mark(v)])) as Record<string, unknown>;
    const options = out['ui:options'] as Record<string, unknown> | undefined;
    if (options?.optionSource === 'units') out['ui:options'] = { ...options, refusedOptions: refused };
    return out;
  };
  return { schema: form.schema, uiSchema: mark(form.uiSchema) as ResolvedForm['uiSchema'] };
}
