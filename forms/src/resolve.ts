// Turns a pack's form file into plain JSON Schema 2020-12 for one ticket: choices from the pack and
// the units, fields that apply or are required for this ticket, period limits from the rules.
import { HotlineError, type Period, type PeriodUnit } from '@hotline/rules';
import { evaluate, type FormContext, type Scope, scopeOf } from './context';
import {
  type FormCondition,
  type FormFile,
  isPlainObject,
  JSON_SCHEMA_2020,
  type JsonObject,
  type ResolvedForm,
} from './form-file';
import { isOptionSource, isPickerSource, type OptionItem, optionsOf } from './options';

type Node = Record<string, unknown>;

/** Keywords whose value is one schema, and whether they stay at the same instance. */
const ONE_SCHEMA: Record<string, 'same' | 'child'> = {
  if: 'same',
  then: 'same',
  else: 'same',
  not: 'same',
  additionalProperties: 'child',
  unevaluatedProperties: 'child',
  propertyNames: 'child',
  items: 'child',
  contains: 'child',
  unevaluatedItems: 'child',
};
const SCHEMA_ARRAYS: Record<string, 'same' | 'child'> = { allOf: 'same', anyOf: 'same', oneOf: 'same', prefixItems: 'child' };
const SCHEMA_MAPS: Record<string, 'props' | 'other'> = { properties: 'props', patternProperties: 'other', dependentSchemas: 'other', $defs: 'other' };

export const UNIT_WORDS: Record<PeriodUnit, string> = { minute: '分钟', hour: '小时', day: '日', workingDay: '工作日' };

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Where the resolver is, for error messages: a JSON pointer into the form file. */
function child(pointer: string, ...parts: Array<string | number>): string {
  return pointer + parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export class FormAnnotationError extends HotlineError {
  /** JSON pointer inside the form file. */
  readonly pointer: string;
  constructor(pointer: string, message: string) {
    super('FORM_BAD_ANNOTATION', `${pointer}: ${message}`);
    this.name = 'FormAnnotationError';
    this.pointer = pointer;
  }
}

interface Walk {
  scope: Scope;
  /** uiSchema paths (data paths) of the fields taken out of the form. */
  removed: string[][];
  /** Fields choosing from a tree-like list (places, matters), for the renderer to give them a picker. */
  pickers: Array<{ path: string[]; source: string }>;
}

/**
 * The form for one task of one ticket, as plain JSON Schema 2020-12 and an @rjsf uiSchema.
 * Throws HotlineError `FORM_NOT_AVAILABLE` when the pack forbids the step for this ticket (a Tianjin
 * consultation cannot be extended), `FORM_CONTEXT_MISSING` when the form needs units and none were
 * given, and `FORM_BAD_ANNOTATION` for a form file validatePackForms would refuse.
 */
export function resolveForm(formFile: FormFile, context: FormContext): ResolvedForm {
  if (!isPlainObject(formFile) || !isPlainObject(formFile.schema)) {
    throw new HotlineError('FORM_INVALID', 'a form file is an object with "schema", "uiSchema" and "source"');
  }
  const walk: Walk = { scope: scopeOf(context), removed: [], pickers: [] };
  const resolved = resolveNode(formFile.schema, '/schema', [], walk) as Node;
  delete resolved.$schema;
  const uiSchema = isPlainObject(formFile.uiSchema) ? (clone(formFile.uiSchema) as Node) : {};
  for (const path of walk.removed) removeFromUi(uiSchema, path);
  for (const { path, source } of walk.pickers) markPicker(uiSchema, path, source, source === 'units' ? unitParents(context) : undefined);
  return { schema: { $schema: JSON_SCHEMA_2020, ...resolved } as JsonObject, uiSchema: uiSchema as JsonObject };
}

function resolveNode(node: unknown, pointer: string, data: string[] | null, walk: Walk): unknown {
  if (!isPlainObject(node)) return clone(node);
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) continue; // annotations are read below or by the parent
    if (key in ONE_SCHEMA) {
      const at = ONE_SCHEMA[key] === 'same' ? data : data && [...data, key === 'items' || key === 'contains' || key === 'unevaluatedItems' ? 'items' : '*'];
      out[key] = resolveNode(value, child(pointer, key), at, walk);
    } else if (key in SCHEMA_ARRAYS && Array.isArray(value)) {
      const at = SCHEMA_ARRAYS[key] === 'same' ? data : data && [...data, 'items'];
      out[key] = value.flatMap((v, i) => (key === 'oneOf' && optionHidden(v, child(pointer, key, i), walk.scope) ? [] : [resolveNode(v, child(pointer, key, i), at, walk)]));
    } else if (key in SCHEMA_MAPS && isPlainObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, v]) => [
          name,
          resolveNode(v, child(pointer, key, name), SCHEMA_MAPS[key] === 'props' && data ? [...data, name] : null, walk),
        ]),
      );
    } else {
      out[key] = clone(value);
    }
  }
  if ('x-options' in node) {
    applyOptions(node, out, pointer, walk.scope);
    if (data && isPickerSource(node['x-options'])) walk.pickers.push({ path: data, source: node['x-options'] });
  }
  if ('x-period' in node) applyPeriod(node, out, pointer, walk.scope);
  if (isPlainObject(node.properties)) applyPropertyAnnotations(node, out, pointer, data, walk);
  return out;
}

/** Choices of a source with the form's own labels, if it gives any. */
function choices(node: Node, pointer: string, scope: Scope): OptionItem[] {
  const source = node['x-options'];
  if (!isOptionSource(source)) {
    throw new FormAnnotationError(child(pointer, 'x-options'), `names no option source: ${JSON.stringify(source)}`);
  }
  const labels = isPlainObject(node['x-optionLabels']) ? node['x-optionLabels'] : {};
  return optionsOf(source, scope).map((o) => (typeof labels[o.key] === 'string' ? { ...o, label: labels[o.key] as string } : o));
}

function applyOptions(node: Node, out: Node, pointer: string, scope: Scope): void {
  if ('enum' in node || 'oneOf' in node || 'const' in node) {
    throw new FormAnnotationError(child(pointer, 'x-options'), 'cannot be combined with enum, const or oneOf: the options replace them');
  }
  out.type = 'string';
  out.oneOf = choices(node, pointer, scope).map((o) => ({
    const: o.key,
    title: o.label,
    ...(o.description !== undefined ? { description: o.description } : {}),
  }));
}

/** `x-period: <stage>`: the amount is capped at what the rules give this ticket for that stage. */
function applyPeriod(node: Node, out: Node, pointer: string, scope: Scope): void {
  const stage = node['x-period'];
  const props = out.properties;
  if (typeof stage !== 'string' || !isPlainObject(props) || !isPlainObject(props.amount) || !isPlainObject(props.unit)) {
    throw new FormAnnotationError(child(pointer, 'x-period'), 'belongs on an object with "amount" and "unit" properties and names a stage');
  }
  const limit = periodLimit(stage, scope, pointer);
  const amount = props.amount as Node;
  const max = typeof amount.maximum === 'number' ? Math.min(amount.maximum, limit.amount) : limit.amount;
  amount.maximum = max;
  amount.description = `最多 ${max} 个${UNIT_WORDS[limit.unit]}（${limit.why}）`;
  props.unit = {
    ...(props.unit as Node),
    type: 'string',
    oneOf: [{ const: limit.unit, title: UNIT_WORDS[limit.unit] }],
    default: limit.unit,
  };
}

function periodLimit(stage: string, scope: Scope, pointer: string): Period & { why: string } {
  const { rules, version, context } = scope;
  const { type, urgency } = context.ticket ?? {};
  const ticket = `${type ?? '?'} ticket (${urgency ?? 'general'})`;
  const where = `${context.pack.city.id} rules ${version.id}`;
  let period: Period;
  let why: string;
  if (type !== undefined) {
    let resolution;
    try {
      resolution = rules.resolve(version, { stage, type, ...(urgency !== undefined ? { urgency } : {}) });
    } catch (e) {
      throw new FormAnnotationError(child(pointer, 'x-period'), e instanceof Error ? e.message : String(e));
    }
    if (!resolution.allowed) {
      throw new HotlineError(
        'FORM_NOT_AVAILABLE',
        `${stage} is not available for a ${ticket} under ${where}: ${resolution.reason} (${resolution.source})`,
      );
    }
    period = resolution.rule.period;
    why = resolution.rule.source;
  } else {
    // No ticket: the longest period any rule of the version allows, so the form can be previewed.
    const allowed = version.deadlines.filter((r) => r.stage === stage && 'period' in r);
    const first = allowed[0];
    if (first === undefined || !('period' in first)) {
      throw new HotlineError('FORM_NOT_AVAILABLE', `${stage} is not available for any ticket under ${where}`);
    }
    const sameUnit = allowed.flatMap((r) => ('period' in r && r.period.unit === first.period.unit ? [r.period.amount] : []));
    period = { amount: Math.max(...sameUnit), unit: first.period.unit };
    why = first.source;
  }
  if (stage !== 'extension') return { ...period, why };

  const policy = version.policies.extension;
  const done = context.extensionsSoFar;
  if (done !== undefined && policy.maxCount !== null && done.count >= policy.maxCount) {
    throw new HotlineError(
      'FORM_NOT_AVAILABLE',
      `extension is not available: the ticket has had ${done.count} of the ${policy.maxCount} extensions ${where} allow (${policy.source})`,
    );
  }
  const cap = policy.maxTotal;
  if (cap !== undefined && cap.unit === period.unit) {
    const used = done?.total !== undefined && done.total.unit === cap.unit ? done.total.amount : 0;
    const left = cap.amount - used;
    if (left <= 0) {
      throw new HotlineError(
        'FORM_NOT_AVAILABLE',
        `extension is not available: the ticket has used all ${cap.amount} ${cap.unit}s of extension ${where} allow (${policy.source})`,
      );
    }
    if (left < period.amount) return { amount: left, unit: period.unit, why: `延期合计不超过 ${cap.amount} 个${UNIT_WORDS[cap.unit]}，已延 ${used}；${policy.source}` };
  }
  return { ...period, why };
}

/** An option (`{ const, title }` of a oneOf) whose `x-showWhen` is false for this ticket is not offered. */
function optionHidden(option: unknown, pointer: string, scope: Scope): boolean {
  return isPlainObject(option) && 'const' in option && 'x-showWhen' in option && evaluate(conditionAt(option, 'x-showWhen', pointer), scope) === false;
}

function conditionAt(node: Node, key: string, pointer: string): FormCondition {
  const value = node[key];
  if (!isPlainObject(value)) throw new FormAnnotationError(child(pointer, key), 'must be a condition object');
  return value as FormCondition;
}

/** The options of the sibling a property's annotation names (`{ field }`). */
function siblingOption(
  props: Node,
  spec: unknown,
  parent: string,
  name: string,
  key: string,
  scope: Scope,
): { field: string; options: OptionItem[] } {
  const at = child(parent, 'properties', name, key);
  if (!isPlainObject(spec) || typeof spec.field !== 'string') {
    throw new FormAnnotationError(at, 'must name the sibling "field" that has x-options');
  }
  const sibling = props[spec.field];
  if (!isPlainObject(sibling) || !('x-options' in sibling)) {
    throw new FormAnnotationError(child(at, 'field'), `"${spec.field}" is not a sibling property with x-options`);
  }
  return { field: spec.field, options: choices(sibling, child(parent, 'properties', spec.field), scope) };
}

function matches(attrs: Record<string, unknown>, where: Record<string, unknown>): boolean {
  return Object.entries(where).every(([k, v]) => attrs[k] === v);
}

function applyPropertyAnnotations(node: Node, out: Node, pointer: string, data: string[] | null, walk: Walk): void {
  const props = node.properties as Node;
  const outProps = out.properties as Node;
  const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
  const gone = new Set<string>();
  const extra: Node[] = [];
  for (const [name, prop] of Object.entries(props)) {
    if (!isPlainObject(prop)) continue;
    const at = child(pointer, 'properties', name);
    if ('x-showWhen' in prop) {
      const shown = evaluate(conditionAt(prop, 'x-showWhen', at), walk.scope);
      if (shown === false) {
        gone.add(name);
        continue;
      }
      // A field that may not apply to this ticket cannot be required of it.
      if (shown === 'unknown') required.delete(name);
    }
    if ('x-requiredWhen' in prop) {
      if (evaluate(conditionAt(prop, 'x-requiredWhen', at), walk.scope) === true) required.add(name);
      else required.delete(name);
    }
    if ('x-trueWhen' in prop && evaluate(conditionAt(prop, 'x-trueWhen', at), walk.scope) === true) {
      required.add(name);
      (outProps[name] as Node).const = true;
    }
    if ('x-requiredIfOption' in prop) {
      const spec = prop['x-requiredIfOption'];
      const { field, options } = siblingOption(props, spec, pointer, name, 'x-requiredIfOption', walk.scope);
      const where = isPlainObject(spec) && isPlainObject(spec.where) ? spec.where : {};
      const keys = options.filter((o) => matches(o.attrs, where)).map((o) => o.key);
      if (keys.length > 0) extra.push({ if: { properties: { [field]: { enum: keys } }, required: [field] }, then: { required: [name] } });
    }
    if ('x-defaultFromOption' in prop) {
      const spec = prop['x-defaultFromOption'];
      const { field, options } = siblingOption(props, spec, pointer, name, 'x-defaultFromOption', walk.scope);
      const attr = isPlainObject(spec) && typeof spec.attr === 'string' ? spec.attr : '';
      for (const o of options) {
        const value = o.attrs[attr];
        if (typeof value !== 'string') continue;
        extra.push({ if: { properties: { [field]: { const: o.key } }, required: [field] }, then: { properties: { [name]: { default: value } } } });
      }
    }
  }
  // Conditions on a field that is gone are dropped with it.
  const live = extra.filter((e) => !Object.keys((e.if as Node).properties as Node).some((f) => gone.has(f)));
  if (live.length > 0) out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...live];
  for (const name of gone) {
    delete outProps[name];
    required.delete(name);
    stripProperty(out, name);
    if (data) walk.removed.push([...data, name]);
  }
  if (required.size > 0) out.required = Object.keys(props).filter((n) => required.has(n)).concat([...required].filter((n) => !(n in props)));
  else delete out.required;
}

/** Takes a removed property out of the conditional branches at the same level too. */
function stripProperty(node: Node, name: string): void {
  for (const key of ['then', 'else']) {
    const branch = node[key];
    if (isPlainObject(branch)) stripBranch(branch, name);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[key];
    if (Array.isArray(list)) for (const b of list) if (isPlainObject(b)) stripBranch(b, name);
  }
}

function stripBranch(branch: Node, name: string): void {
  if (Array.isArray(branch.required)) {
    branch.required = (branch.required as string[]).filter((n) => n !== name);
    if ((branch.required as string[]).length === 0) delete branch.required;
  }
  if (isPlainObject(branch.properties)) delete branch.properties[name];
  stripProperty(branch, name);
}

/** The organisation tree of the units offered: each unit's parent, by key (the units at the top left out). */
function unitParents(context: FormContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const unit of context.units ?? []) if (typeof unit.parent === 'string' && unit.parent !== '') out[unit.key] = unit.parent;
  return out;
}

/** `ui:options.optionSource` on a field whose choices come from a tree-like source (PICKER_SOURCES). */
function markPicker(ui: Node, path: string[], source: string, parents?: Record<string, string>): void {
  let node = ui;
  for (const part of path) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Node;
  }
  node['ui:options'] = { ...(isPlainObject(node['ui:options']) ? node['ui:options'] : {}), optionSource: source, ...(parents ? { optionParents: parents } : {}) };
}

function removeFromUi(ui: Node, path: string[]): void {
  let node: unknown = ui;
  for (const part of path.slice(0, -1)) {
    if (!isPlainObject(node)) return;
    node = node[part];
  }
  const name = path.at(-1) as string;
  if (!isPlainObject(node)) return;
  delete node[name];
  const order = node['ui:order'];
  if (Array.isArray(order)) node['ui:order'] = order.filter((n) => n !== name);
}
