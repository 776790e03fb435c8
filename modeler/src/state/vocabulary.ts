// The pack's open vocabularies as staff edit them: city.json's roles and own stages, a rule version's
// warnings 预警 and supervision triggers 督办类型, a form file's actions and variable mapping. Like the
// other state functions, each takes a file's value (possibly invalid while staff type) and returns a new one.
import { DEFAULT_ROLES } from '@hotline/rules';
import { getAt, insertAt, setAt } from './json-pointer';

type JsonObject = Record<string, unknown>;

const asObject = (v: unknown): JsonObject => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});
const listAt = (value: unknown, pointer: string): JsonObject[] => {
  const list = getAt(value, pointer);
  return Array.isArray(list) ? list.map(asObject) : [];
};

/** A key not yet in `taken`: `base1`, `base2`, … */
export function freshKey(base: string, taken: readonly unknown[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`${base}${n}`)) return `${base}${n}`;
}

// —— roles 角色 (city.json) ——

/** The pack's roles; a city.json without `roles` works with DEFAULT_ROLES. */
export function roleRows(city: unknown): JsonObject[] {
  const roles = getAt(city, '/roles');
  return Array.isArray(roles) ? roles.map(asObject) : DEFAULT_ROLES.map((r) => ({ ...r, pages: [...r.pages] }));
}

/** Edits the roles; the first edit of a pack without `roles` writes the default roles out. */
export function editRoles(city: unknown, change: (roles: JsonObject[]) => JsonObject[]): unknown {
  return setAt(city, '/roles', change(roleRows(city)));
}

export function addRole(city: unknown): unknown {
  return editRoles(city, (roles) => [...roles, { key: freshKey('role', roles.map((r) => r.key)), label: '', scope: 'centre', pages: [], revealCaller: 'never' }]);
}

export function removeRole(city: unknown, index: number): unknown {
  return editRoles(city, (roles) => roles.filter((_, i) => i !== index));
}

/** Changes fields of one role; an empty optional text (source, assumption, note) is removed. */
export function patchRole(city: unknown, index: number, patch: JsonObject): unknown {
  return editRoles(city, (roles) => roles.map((r, i) => (i === index ? withoutEmptyOptionals({ ...r, ...patch }) : r)));
}

const OPTIONAL_TEXTS = ['source', 'assumption', 'note'];
function withoutEmptyOptionals(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && !(OPTIONAL_TEXTS.includes(k) && v === '')));
}

// —— the pack's own stages 自定义阶段 (city.json) ——

export const stageRows = (city: unknown): JsonObject[] => listAt(city, '/stages');

export function addStage(city: unknown): unknown {
  const stages = stageRows(city);
  return insertAt(city, '/stages', stages.length, { key: freshKey('stage', stages.map((s) => s.key)), label: '' });
}

export function patchStage(city: unknown, index: number, patch: JsonObject): unknown {
  const stage = stageRows(city)[index];
  return stage === undefined ? city : setAt(city, `/stages/${index}`, withoutEmptyOptionals({ ...stage, ...patch }));
}

/** Removes a stage; the last one removes the list (a pack without own stages has none). */
export function removeStage(city: unknown, index: number): unknown {
  const rest = stageRows(city).filter((_, i) => i !== index);
  return setAt(city, '/stages', rest.length > 0 ? rest : undefined);
}

// —— warnings 预警 and supervision triggers 督办类型 (versions/<id>.json) ——

export const warningRows = (version: unknown): JsonObject[] => listAt(version, '/warnings');
export const triggerRows = (version: unknown): JsonObject[] => listAt(version, '/supervisionTriggers');

/** 0.75 as 75 (%); a fraction that is not a number shows as empty. */
export const fractionPercent = (fraction: unknown): number | null => (typeof fraction === 'number' ? Math.round(fraction * 10000) / 100 : null);
/** 75 (%) as 0.75, without float noise (0.07 * 100 is 7.000000000000001). */
export const percentFraction = (percent: number): number => Number((percent / 100).toFixed(4));

/** A new warning of `stage` at 75 %, recorded under the version's first supervision trigger. */
export function addWarning(version: unknown, stage = 'handle'): unknown {
  const warnings = warningRows(version);
  const trigger = triggerRows(version)[0]?.key;
  const warning = {
    key: freshKey('warning', warnings.map((w) => w.key)),
    stage,
    fraction: 0.75,
    label: '',
    trigger: typeof trigger === 'string' ? trigger : '',
    source: '',
  };
  return insertAt(version, '/warnings', warnings.length, warning);
}

export function patchWarning(version: unknown, index: number, patch: JsonObject): unknown {
  const warning = warningRows(version)[index];
  return warning === undefined ? version : setAt(version, `/warnings/${index}`, withoutEmptyOptionals({ ...warning, ...patch }));
}

/** Removes a warning; the last one removes the list (absent: no warnings). */
export function removeWarning(version: unknown, index: number): unknown {
  const rest = warningRows(version).filter((_, i) => i !== index);
  return setAt(version, '/warnings', rest.length > 0 ? rest : undefined);
}

export function addTrigger(version: unknown): unknown {
  const triggers = triggerRows(version);
  return insertAt(version, '/supervisionTriggers', triggers.length, { key: freshKey('trigger', triggers.map((t) => t.key)), label: '', source: '' });
}

/**
 * Changes a trigger; a new key is carried over to the warnings recorded under the old one, so
 * renaming a trigger does not leave its warnings pointing at nothing.
 */
export function patchTrigger(version: unknown, index: number, patch: JsonObject): unknown {
  const trigger = triggerRows(version)[index];
  if (trigger === undefined) return version;
  let out = setAt(version, `/supervisionTriggers/${index}`, withoutEmptyOptionals({ ...trigger, ...patch }));
  if (typeof patch.key === 'string' && patch.key !== trigger.key && warningRows(version).length > 0) {
    out = setAt(out, '/warnings', warningRows(version).map((w) => (w.trigger === trigger.key ? { ...w, trigger: patch.key } : w)));
  }
  return out;
}

/** Removes a trigger (the supervision list is required, so it stays, possibly empty). */
export function removeTrigger(version: unknown, index: number): unknown {
  return setAt(version, '/supervisionTriggers', triggerRows(version).filter((_, i) => i !== index));
}

// —— a task kind's actions 操作 and variables (forms/<form>.json) ——

/** What a form without `actions` offers (@hotline/forms): one primary action 提交. */
const COMPLETE = { key: 'complete', label: '提交', primary: true };

/** The form's actions as written; a form without `actions` offers the one primary 提交 (not written until edited). */
export function actionRows(form: unknown): JsonObject[] {
  const actions = getAt(form, '/actions');
  return Array.isArray(actions) ? actions.map(asObject) : [{ ...COMPLETE }];
}

export const declaresActions = (form: unknown): boolean => Array.isArray(getAt(form, '/actions'));

/** Edits the actions; the first edit of a form without `actions` writes the implicit 提交 out. */
export function editActions(form: unknown, change: (actions: JsonObject[]) => JsonObject[]): unknown {
  return setAt(form, '/actions', change(actionRows(form)));
}

export function addAction(form: unknown): unknown {
  return editActions(form, (actions) => [...actions, { key: freshKey('action', actions.map((a) => a.key)), label: '' }]);
}

/** Removes an action; removing the last one removes `actions` (the form then offers 提交 again). */
export function removeAction(form: unknown, index: number): unknown {
  const rest = actionRows(form).filter((_, i) => i !== index);
  return setAt(form, '/actions', rest.length > 0 ? rest : undefined);
}

/** Replaces one action (as the action fields edit it: an emptied optional field is already gone). */
export function setAction(form: unknown, index: number, action: unknown): unknown {
  return editActions(form, (actions) => actions.map((a, i) => (i === index ? asObject(action) : a)));
}

/** Changes fields of one action; an empty optional text (offeredWhen, splitInto, source) is removed. */
export function patchAction(form: unknown, index: number, patch: JsonObject): unknown {
  const optional = ['offeredWhen', 'splitInto', 'source'];
  const action = { ...actionRows(form)[index], ...patch };
  return setAction(form, index, Object.fromEntries(Object.entries(action).filter(([k, v]) => v !== undefined && !(optional.includes(k) && v === ''))));
}

/** Exactly one action is primary (it submits the form): the chosen one. */
export function setPrimaryAction(form: unknown, index: number): unknown {
  return editActions(form, (actions) =>
    actions.map((a, i) => {
      const { primary: _, ...rest } = a;
      return i === index ? { key: rest.key, label: rest.label, primary: true, ...rest } : rest;
    }),
  );
}

export const guardRows = (action: JsonObject): JsonObject[] => (Array.isArray(action.guards) ? action.guards.map(asObject) : []);

/** Replaces an action's guards; none removes the key. */
export function setGuards(form: unknown, index: number, guards: JsonObject[]): unknown {
  return patchAction(form, index, { guards: guards.length > 0 ? guards : undefined });
}

/** A variable mapping (`set`, `variables`) as rows, in the file's order. */
export function mappingRows(map: unknown): Array<{ name: string; value: string }> {
  return Object.entries(asObject(map)).map(([name, value]) => ({ name, value: typeof value === 'string' ? value : '' }));
}

/**
 * Rows back to a mapping; undefined when there are none (the key is then removed). Two rows of one
 * name cannot be a JSON object: the later keeps its own row under the name with a `_2` suffix until
 * staff rename it, so typing never loses a row.
 */
export function mappingOf(rows: ReadonlyArray<{ name: string; value: string }>): Record<string, string> | undefined {
  if (rows.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const row of rows) {
    let name = row.name;
    for (let n = 2; name in out; n++) name = `${row.name}_${n}`;
    out[name] = row.value;
  }
  return out;
}

/** A row to add to a mapping: a fresh variable name and the FEEL `null`. */
export function newMappingRow(rows: ReadonlyArray<{ name: string }>): { name: string; value: string } {
  return { name: freshKey('variable', rows.map((r) => r.name)), value: 'null' };
}
