// What a person may do on a task and what the process hears when they do it, as pack data: a form
// file's `actions` (primary: the form is filled in; secondary: return, extension, suspension … with a
// note) and `variables` (how the form's fields become the process variables its gateways read).
// Guards, values and refusal sentences are FEEL, the language of the BPMN conditions, evaluated over
// the ticket's process variables, the rule version's policies and the stages' rules for this ticket.
import { dateAndTime, parseExpression } from 'feelin';
import { type CityRules, type RuleVersion, feelValue, formatInstant, stagesOf } from '@hotline/rules';
import type { FormFile } from './form-file';

export interface ActionGuard {
  /** FEEL; the action is allowed only while this is `true`. */
  allow: string;
  /** The sentence staff read when it is not; `{expr}` places a FEEL value in it. */
  refusal: string;
}

export interface ActionDefinition {
  key: string;
  label: string;
  /** The form is filled in: exactly one action of a task kind is primary. */
  primary?: boolean;
  /** FEEL; when false the action is not offered at all (an assisting unit 会办 has no extension of its own). */
  offeredWhen?: string;
  guards?: ActionGuard[];
  /** Process variables the action sets: name → FEEL over the submission and the ticket's variables. */
  set?: Record<string, string>;
  /**
   * FEEL giving the unit codes of a split dispatch (分别派单): with two or more, the ticket goes on with
   * the first and the platform registers a child ticket for each other one (where the pack's
   * `policies.multiUnit.modes` allows `split`).
   */
  splitInto?: string;
  source?: string;
}

/** A task's action as the portal lists it and the completion uses it. */
export interface TaskAction {
  key: string;
  label: string;
  allowed: boolean;
  reason?: string;
  primary: boolean;
  definition: ActionDefinition;
}

export interface ActionContext {
  rules: CityRules;
  /** The ticket's rule version. */
  version: RuleVersion;
  ticket: { type: string; urgency: string };
  /** The task's process variables. */
  variables: Record<string, unknown>;
  /** The user task's custom headers (`role: assist` on a 会办 part). */
  headers: Record<string, string>;
  /** Engine time, epoch ms. */
  now: number;
}

/** What a task kind offers when its form declares no actions. */
const COMPLETE: ActionDefinition = { key: 'complete', label: '提交', primary: true };

/** What a secondary action takes: an optional note, nothing else. */
export const NOTE_SCHEMA = {
  type: 'object',
  title: '说明',
  properties: { note: { type: 'string', title: '说明', minLength: 1, maxLength: 2000 } },
  additionalProperties: false,
} as const;

/** Variables of the ticket a form field never overwrites; a pack's `variables` mapping may set the first three. */
const RESERVED = new Set(['type', 'urgency', 'registeredAt']);
/** Variables only the platform sets: no form field, mapping or action may. */
export const PROTECTED_VARIABLES: ReadonlySet<string> = new Set([
  'ticketId',
  'city',
  'packVersion',
  'ticketNumber',
  'ruleVersion',
  'returnCount',
  'extensionCount',
  'reworkCount',
  'ruleVersionOverride',
  'watchStage',
  'watchDue',
  'watchWarnings',
  'watchNextAt',
  'watchNextKind',
]);
/** Counters the guards compare; zero until the process sets them. */
const COUNTERS = ['returnCount', 'extensionCount', 'reworkCount'];

export function actionDefinitions(form: FormFile | undefined): readonly ActionDefinition[] {
  return form?.actions ?? [COMPLETE];
}

/** The task's actions now: offered ones only, each allowed or refused with the pack's sentence. */
export function taskActions(form: FormFile | undefined, context: ActionContext): TaskAction[] {
  const scope = guardScope(context);
  const out: TaskAction[] = [];
  for (const definition of actionDefinitions(form)) {
    if (definition.offeredWhen !== undefined && feel(definition.offeredWhen, scope) !== true) continue;
    const action: TaskAction = { key: definition.key, label: definition.label, allowed: true, primary: definition.primary === true, definition };
    for (const guard of definition.guards ?? []) {
      let verdict: unknown;
      try {
        verdict = feel(guard.allow, scope);
      } catch (error) {
        // A guard that cannot be judged refuses: an action is never allowed by a broken rule.
        out.push({ ...action, allowed: false, reason: `无法判断是否允许（${guard.allow}）：${(error as Error).message}` });
        break;
      }
      if (verdict !== true) {
        out.push({ ...action, allowed: false, reason: fillTemplate(guard.refusal, scope) });
        break;
      }
    }
    if (out[out.length - 1]?.definition !== definition) out.push(action);
  }
  return out;
}

/**
 * The process variables of a completion. Primary: the form's fields (but the ticket's own), then the
 * form's `variables` mapping, then the action's `set`. Secondary: `<action>Note`, then its `set`.
 */
export function completionVariables(form: FormFile | undefined, action: TaskAction, data: Record<string, unknown>, processVariables: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (action.primary) {
    for (const [key, value] of Object.entries(data)) if (!RESERVED.has(key) && !PROTECTED_VARIABLES.has(key)) out[key] = value;
  } else if (typeof data.note === 'string') out[`${action.key}Note`] = data.note;
  const scope = { ...processVariables, ...nullFields(form), ...data };
  const mappings = [...(action.primary ? Object.entries(form?.variables ?? {}) : []), ...Object.entries(action.definition.set ?? {})];
  for (const [name, expression] of mappings) out[name] = toJson(feel(expression, scope));
  return out;
}

/** The units of a split dispatch the completion asks for; null when it asks for none. */
export function splitUnits(form: FormFile | undefined, action: TaskAction, data: Record<string, unknown>): string[] | null {
  if (!action.primary || action.definition.splitInto === undefined) return null;
  const units = toJson(feel(action.definition.splitInto, { ...nullFields(form), ...data }));
  return Array.isArray(units) && units.length > 1 && units.every((u) => typeof u === 'string') ? (units as string[]) : null;
}

/** Every field of the form, null unless submitted: a mapping may read an optional field left empty. */
function nullFields(form: FormFile | undefined): Record<string, null> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') for (const name of Object.keys(record.properties)) names.add(name);
    for (const key of ['allOf', 'anyOf', 'oneOf', 'then', 'else']) visit(record[key]);
  };
  visit(form?.schema);
  return Object.fromEntries([...names].map((n) => [n, null]));
}

/** What the guards, `offeredWhen` and refusal sentences read (exported for the test of compiled FEEL). */
export function guardScope(context: ActionContext): Record<string, unknown> {
  const { rules, version, ticket } = context;
  // A function, not a context: `return` is a FEEL keyword, so `stages.return` would not parse.
  const known = new Set(stagesOf(rules.pack.city).map((s) => s.key));
  const stage = (key: unknown) => {
    if (typeof key !== 'string' || !known.has(key)) return null;
    const resolution = rules.resolve(version, { stage: key, type: ticket.type, urgency: ticket.urgency });
    return { allowed: resolution.allowed, reason: resolution.allowed ? null : resolution.reason };
  };
  const counters = Object.fromEntries(COUNTERS.map((c) => [c, typeof context.variables[c] === 'number' ? context.variables[c] : 0]));
  const now = formatInstant(context.now, rules.offsetMinutes);
  return { ...context.variables, ...counters, ticket, headers: context.headers, policies: version.policies, stage, now: () => dateAndTime(now) };
}

/** An expression's value over the scope (parsed once: @hotline/rules). */
function feel(expression: string, scope: Record<string, unknown>): unknown {
  return feelValue(`=${expression}`, scope);
}

/** `已延期 {extensionCount} 次` → `已延期 2 次`. */
function fillTemplate(template: string, scope: Record<string, unknown>): string {
  return template.replace(/\{([^{}]+)\}/g, (_, expression: string) => {
    try {
      const value = toJson(feel(expression, scope));
      return value === null ? '' : String(value);
    } catch {
      return `{${expression}}`;
    }
  });
}

function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') return value;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Why a FEEL expression does not parse, or undefined when it does. */
export function feelProblem(expression: string): string | undefined {
  if (!expression.trim()) return '表达式为空';
  let problem: string | undefined;
  parseExpression(expression, {}, undefined).iterate({
    enter(node) {
      if (problem === undefined && node.type.isError) problem = `FEEL 表达式在第 ${node.from + 1} 个字符处无法解析`;
    },
  });
  return problem;
}

/** The `{expr}` parts of a refusal sentence. */
export const templateExpressions = (template: string): string[] => [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string);
