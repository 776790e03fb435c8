// The deadline table of a rule version: ordered rules (the first match wins), each a stage for some
// ticket types and urgency classes, with a period counted from an instant, or `notAllowed` with its
// reason. Edits take the version file's value (possibly invalid while staff type) and return a new one.
import type { CountFrom, Stage, WorkingDayMode } from '@hotline/rules';
import { getAt, insertAt, moveAt, removeAt, setAt } from './json-pointer';

type JsonObject = Record<string, unknown>;

/** The instant each stage is usually counted from; a new rule starts with it. */
export const DEFAULT_COUNT_FROM: Record<Stage, CountFrom> = {
  dispatch: 'registration',
  accept: 'dispatch',
  return: 'receipt',
  handle: 'receipt',
  extension: 'periodEnd',
  rework: 'rating',
  returnVisit: 'reply',
  designatedHandle: 'designation',
};

/** One change to one row; `null` clears an optional field. */
export interface DeadlinePatch {
  stage?: Stage;
  /** Empty or null: every ticket type. */
  types?: string[] | null;
  /** Empty or null: every urgency class. */
  urgencies?: string[] | null;
  kind?: 'period' | 'notAllowed';
  /** null: the field is cleared (the schema then says it is missing). */
  amount?: number | null;
  unit?: string;
  /** null: the version's working-day mode applies. */
  mode?: WorkingDayMode | null;
  countFrom?: CountFrom;
  notAllowed?: string;
  source?: string;
  assumption?: string | null;
  note?: string | null;
}

const asObject = (v: unknown): JsonObject => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});

export function deadlineRows(version: unknown): JsonObject[] {
  const list = getAt(version, '/deadlines');
  return Array.isArray(list) ? list.map(asObject) : [];
}

export function rowKind(row: JsonObject): 'period' | 'notAllowed' {
  return 'notAllowed' in row && !('period' in row) ? 'notAllowed' : 'period';
}

/** Applies a patch to one rule; keeps the rule's keys in the order the shipped packs write them. */
export function patchDeadlineRule(rule: JsonObject, patch: DeadlinePatch): JsonObject {
  const r: JsonObject = { ...rule };
  if (patch.stage !== undefined) r.stage = patch.stage;
  if (patch.types !== undefined) r.types = patch.types && patch.types.length > 0 ? [...patch.types] : undefined;
  if (patch.urgencies !== undefined) r.urgencies = patch.urgencies && patch.urgencies.length > 0 ? [...patch.urgencies] : undefined;

  if (patch.kind === 'notAllowed' && rowKind(r) === 'period') {
    r.period = undefined;
    r.countFrom = undefined;
    r.notAllowed = typeof rule.notAllowed === 'string' ? rule.notAllowed : '';
  }
  if (patch.kind === 'period' && rowKind(r) === 'notAllowed') {
    r.notAllowed = undefined;
    r.period = { amount: 1, unit: 'workingDay' };
    const stage = (typeof r.stage === 'string' ? r.stage : 'handle') as Stage;
    r.countFrom = DEFAULT_COUNT_FROM[stage] ?? 'receipt';
  }
  if (patch.amount !== undefined || patch.unit !== undefined || patch.mode !== undefined) {
    const period = { ...asObject(r.period) };
    if (patch.amount !== undefined) period.amount = patch.amount === null ? undefined : patch.amount;
    if (patch.unit !== undefined) period.unit = patch.unit;
    if (patch.mode !== undefined) period.mode = patch.mode === null ? undefined : patch.mode;
    // A working-day mode only applies to working days (the pack check refuses it elsewhere).
    if (period.unit !== 'workingDay') period.mode = undefined;
    r.period = period;
  }
  if (patch.countFrom !== undefined) r.countFrom = patch.countFrom;
  if (patch.notAllowed !== undefined) r.notAllowed = patch.notAllowed;
  if (patch.source !== undefined) r.source = patch.source;
  if (patch.assumption !== undefined) r.assumption = patch.assumption ? patch.assumption : undefined;
  if (patch.note !== undefined) r.note = patch.note ? patch.note : undefined;

  const order = ['stage', 'types', 'urgencies', 'period', 'countFrom', 'notAllowed', 'source', 'assumption', 'note'];
  const out: JsonObject = {};
  for (const key of [...order, ...Object.keys(r).filter((k) => !order.includes(k))]) {
    const value = key === 'period' && r.period !== undefined ? stripUndefined(asObject(r.period)) : r[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function stripUndefined(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function editDeadline(version: unknown, index: number, patch: DeadlinePatch): unknown {
  const rule = deadlineRows(version)[index];
  if (rule === undefined) return version;
  return setAt(version, `/deadlines/${index}`, patchDeadlineRule(rule, patch));
}

/** A new rule for `stage` (period of 1 working day), inserted at `index` (default: the end). */
export function addDeadline(version: unknown, stage: Stage = 'handle', index?: number): unknown {
  const rule = { stage, period: { amount: 1, unit: 'workingDay' }, countFrom: DEFAULT_COUNT_FROM[stage], source: '' };
  return insertAt(version, '/deadlines', index ?? deadlineRows(version).length, rule);
}

export function duplicateDeadline(version: unknown, index: number): unknown {
  const rule = deadlineRows(version)[index];
  return rule === undefined ? version : insertAt(version, '/deadlines', index + 1, structuredClone(rule));
}

export const removeDeadline = (version: unknown, index: number): unknown => removeAt(version, '/deadlines', index);
export const moveDeadline = (version: unknown, index: number, delta: number): unknown => moveAt(version, '/deadlines', index, index + delta);

const UNIT_WORDS: Record<string, string> = { minute: '分钟', hour: '小时', day: '日', workingDay: '个工作日' };

export function describePeriod(period: unknown): string {
  const p = asObject(period);
  const amount = typeof p.amount === 'number' ? p.amount : '?';
  return `${amount} ${UNIT_WORDS[String(p.unit)] ?? String(p.unit ?? '?')}`;
}

export interface MatrixCell {
  /** The rule that applies (first match), or null: no rule. */
  ruleIndex: number | null;
  text: string;
  allowed: boolean;
}

export interface DeadlineMatrix {
  stage: string;
  types: Array<{ key: string; label: string }>;
  urgencies: Array<{ key: string; label: string }>;
  /** cells[typeIndex][urgencyIndex] */
  cells: MatrixCell[][];
}

/** Which rule applies to each ticket type × urgency class for one stage: the table staff check. */
export interface MatrixAxes {
  ticketTypes: ReadonlyArray<{ key: string; label: string }>;
  urgencyClasses: ReadonlyArray<{ key: string; label: string }>;
}

export function deadlineMatrix(version: unknown, city: MatrixAxes, stage: string): DeadlineMatrix {
  const rows = deadlineRows(version);
  const matches = (r: JsonObject, type: string, urgency: string) =>
    r.stage === stage &&
    (!Array.isArray(r.types) || r.types.includes(type)) &&
    (!Array.isArray(r.urgencies) || r.urgencies.includes(urgency));
  const types = city.ticketTypes.map((t) => ({ key: t.key, label: t.label }));
  const urgencies = city.urgencyClasses.map((u) => ({ key: u.key, label: u.label }));
  const cells = types.map((t) =>
    urgencies.map((u): MatrixCell => {
      const index = rows.findIndex((r) => matches(r, t.key, u.key));
      if (index < 0) return { ruleIndex: null, text: '—', allowed: false };
      const rule = rows[index]!;
      if (rowKind(rule) === 'notAllowed') return { ruleIndex: index, text: '不允许', allowed: false };
      return { ruleIndex: index, text: describePeriod(rule.period), allowed: true };
    }),
  );
  return { stage, types, urgencies, cells };
}
