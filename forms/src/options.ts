// The lists a form's choices come from (`x-options: <source>`): the pack's city file and rule
// version, and the units and places the server passes in. A pack change changes the form with no code.
import { HotlineError, MatterTaxonomy, PATH_SEPARATOR } from '@hotline/rules';
import type { Scope } from './context';

export const OPTION_SOURCES = [
  'ticketTypes', // city.json ticketTypes
  'urgencyClasses', // city.json urgencyClasses
  'channels', // version channels
  'redirectCategories', // version redirectCategories (description: the answer script)
  'ratingLevels', // version rating.levels, best first (attribute triggersRework)
  'supervisionTriggers', // version supervisionTriggers
  'multiUnitModes', // "single", then the version's policies.multiUnit.modes
  'units', // context.units (the server's database)
  'places', // context.places (the server's database: the city's 区划)
  'matters', // matters.json: the taxonomy's leaves (诉求事项)
] as const;
export type OptionSource = (typeof OPTION_SOURCES)[number];

/**
 * Sources whose lists are trees read by their path (区 › 街道 › 社区; 领域 › 类别 › 事项): a resolved
 * field choosing from one carries `"ui:options": { "optionSource": <source> }` so a renderer can give it
 * a tree or search picker instead of a flat list. The units' tree is not in their labels (a unit is
 * named by its own name): their field also carries `optionParents: { unit: parent unit }`.
 */
export const PICKER_SOURCES: readonly string[] = ['places', 'matters', 'units'];
export const isPickerSource = (value: unknown): value is string => typeof value === 'string' && PICKER_SOURCES.includes(value);

export interface OptionItem {
  key: string;
  label: string;
  /** Shown under the choice: the redirect category's answer script (答复口径). */
  description?: string;
  /** The pack's own object, for `x-requiredIfOption.where` and `x-defaultFromOption.attr`. */
  attrs: Record<string, unknown>;
}

/** Words for the multi-unit modes; a form overrides them with `x-optionLabels` (Turpan says 会办). */
const MULTI_UNIT_LABELS: Record<string, string> = {
  single: '单一承办单位',
  split: '分别派单（每个承办单位一张工单）',
  leadAndAssist: '主办单位牵头，协办单位配合',
};

export function isOptionSource(value: unknown): value is OptionSource {
  return typeof value === 'string' && (OPTION_SOURCES as readonly string[]).includes(value);
}

function transferWords(numbers: unknown): string {
  return Array.isArray(numbers) && numbers.length > 0 ? `（转接 ${numbers.join('、')}）` : '';
}

export function optionsOf(source: OptionSource, scope: Scope): OptionItem[] {
  const { version } = scope;
  const { city } = scope.context.pack;
  switch (source) {
    case 'ticketTypes':
      return city.ticketTypes.map((t) => ({ key: t.key, label: t.label, attrs: { ...t } }));
    case 'urgencyClasses':
      return city.urgencyClasses.map((u) => ({ key: u.key, label: u.label, attrs: { ...u } }));
    case 'channels':
      return version.channels.map((c) => ({ key: c.key, label: c.label, attrs: { ...c } }));
    case 'redirectCategories':
      return version.redirectCategories.map((c) => ({
        key: c.key,
        label: `${c.label}${transferWords(c.transferTo)}`,
        description: c.script,
        attrs: { ...c },
      }));
    case 'ratingLevels':
      return version.rating.levels.map((l) => ({ key: l.key, label: l.label, attrs: { ...l } }));
    case 'supervisionTriggers':
      return version.supervisionTriggers.map((t) => ({ key: t.key, label: t.label, attrs: { ...t } }));
    case 'multiUnitModes':
      return ['single', ...version.policies.multiUnit.modes].map((m) => ({
        key: m,
        label: MULTI_UNIT_LABELS[m] ?? m,
        attrs: { mode: m },
      }));
    case 'units': {
      const units = scope.context.units;
      if (units === undefined || units.length === 0) {
        throw new HotlineError(
          'FORM_CONTEXT_MISSING',
          'this form chooses handling units: pass the units (context.units, from the database) to resolve it',
        );
      }
      return units.map((u) => ({ key: u.key, label: u.label, attrs: { ...u } }));
    }
    case 'places': {
      const places = scope.context.places;
      if (places === undefined || places.length === 0) {
        throw new HotlineError('FORM_CONTEXT_MISSING', "this form chooses a place: pass the city's places (context.places, from the database) to resolve it");
      }
      return places.map((p) => ({ key: p.key, label: p.label, attrs: { ...p } }));
    }
    case 'matters': {
      const leaves = MatterTaxonomy.of(scope.context.pack).leaves();
      if (leaves.length === 0) {
        throw new HotlineError('FORM_CONTEXT_MISSING', `this form chooses a matter, but the ${city.id} pack has no matters.json`);
      }
      return leaves.map((m) => ({
        key: m.code,
        label: m.path.join(PATH_SEPARATOR),
        attrs: { code: m.code, path: m.path, functional: m.functional, disputed: m.disputed },
      }));
    }
  }
}
