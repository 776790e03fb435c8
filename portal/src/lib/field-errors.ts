// A refused submission's field problems (JSON pointers) as @rjsf's `extraErrors`, so each message
// shows under its own field; problems of the whole form (or of a field the form does not show)
// are listed above it. Pure: unit-tested.
import type { FieldProblem } from '../api/types';

/** @rjsf's ErrorSchema: `{ field: { __errors: [...] , nested: {...} } }`. */
export interface ErrorTree {
  __errors?: string[];
  [field: string]: ErrorTree | string[] | undefined;
}

export function decodePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Whether the schema has a property (or array item) at the path; `if/then` and `allOf` branches included. */
export function schemaHasPath(schema: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return true;
  if (typeof schema !== 'object' || schema === null) return false;
  const s = schema as Record<string, unknown>;
  const [head, ...rest] = path as [string, ...string[]];
  const props = s.properties as Record<string, unknown> | undefined;
  if (props && head in props && schemaHasPath(props[head], rest)) return true;
  if (/^\d+$/.test(head) && s.items && schemaHasPath(s.items, rest)) return true;
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[key];
    if (Array.isArray(list) && list.some((sub) => schemaHasPath(sub, path))) return true;
  }
  for (const key of ['then', 'else']) {
    if (s[key] && schemaHasPath(s[key], path)) return true;
  }
  return false;
}

export interface SplitProblems {
  /** For @rjsf's `extraErrors`. */
  tree: ErrorTree;
  /** Problems to show above the form. */
  general: FieldProblem[];
  /** How many went onto fields. */
  onFields: number;
}

export function splitProblems(problems: readonly FieldProblem[], schema: unknown): SplitProblems {
  const tree: ErrorTree = {};
  const general: FieldProblem[] = [];
  let onFields = 0;
  for (const problem of problems) {
    const path = decodePointer(problem.path);
    if (path.length === 0 || !schemaHasPath(schema, path)) {
      general.push(problem);
      continue;
    }
    let node = tree;
    for (const part of path) {
      const next = (node[part] as ErrorTree | undefined) ?? {};
      node[part] = next;
      node = next;
    }
    node.__errors = [...(node.__errors ?? []), problem.message];
    onFields += 1;
  }
  return { tree, general, onFields };
}

// ---- Problems in the person's words ------------------------------------------------------------
// A server that refused a request by its own schema may answer one English sentence
// (`body/caller/phone must match pattern "…"`, fastify's) or English messages at JSON pointers; a form
// checked in the browser gives JSON-Schema keywords. Below they become Chinese sentences naming the
// field by the title the form gives it, at the field's pointer, so each shows under its own field.

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/** The schema of the field at a JSON pointer (branches included). */
function schemaAt(schema: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  if (path.length === 0) return schema as Record<string, unknown>;
  const s = schema as Record<string, unknown>;
  const [head, ...rest] = path as [string, ...string[]];
  const props = s.properties as Record<string, unknown> | undefined;
  const direct = props && head in props ? schemaAt(props[head], rest) : /^\d+$/.test(head) ? schemaAt(s.items, rest) : undefined;
  if (direct) return direct;
  for (const key of ['allOf', 'anyOf', 'oneOf', 'then', 'else']) {
    const value = s[key];
    for (const sub of Array.isArray(value) ? value : value ? [value] : []) {
      const found = schemaAt(sub, path);
      if (found) return found;
    }
  }
  return undefined;
}

/** The field's title in the form, else its last name. */
export function fieldTitle(schema: unknown, pointer: string): string {
  const path = decodePointer(pointer);
  const title = schemaAt(schema, path)?.title;
  return typeof title === 'string' ? title : (path[path.length - 1] ?? '');
}

/** The limit a length message names (ajv: "more than 200 characters"; @cfworker: "(201 > 200)"): its last number. */
const limitOf = (message: string): string => /(\d+)\D*$/.exec(message)?.[1] ?? '';

/** What is wrong, by JSON-Schema keyword (or ajv's English sentence), in Chinese for the field titled `title`. */
const SAID: Array<[keyword: string, english: RegExp, zh: (title: string, message: string) => string]> = [
  ['required', /required property/, (t) => `请填写${t}`],
  ['minLength', /fewer than \d+ characters?/, (t, m) => (limitOf(m) === '1' ? `请填写${t}` : `${t}至少 ${limitOf(m)} 个字`)],
  ['maxLength', /more than \d+ characters?/, (t, m) => `${t}不能超过 ${limitOf(m)} 个字`],
  ['pattern', /must match pattern/, (t) => `${t}格式不正确，请核对后重新填写`],
  ['format', /must match format/, (t) => `${t}格式不正确`],
  ['enum', /allowed values/, (t) => `请从列表中选择${t}`],
  ['const', /must be equal to constant/, (t) => `请从列表中选择${t}`],
  ['type', /must be (string|number|integer|boolean|object|array)/, (t) => `请填写${t}`],
  ['additionalProperties', /additional properties/, (t) => `${t}不是本表单的字段`],
];

/** A problem in Chinese naming its field; a message already in Chinese is kept. */
export function problemInWords(problem: FieldProblem, schema: unknown, keyword?: string): FieldProblem {
  if (HAS_CHINESE.test(problem.message)) return problem;
  const title = fieldTitle(schema, problem.path) || '填写的内容';
  const said = SAID.find(([key, english]) => (keyword === undefined ? english.test(problem.message) : keyword === key));
  return { path: problem.path, message: said ? said[2](title, problem.message) : `${title}填写有误，请核对后重新填写` };
}

/**
 * fastify's one-sentence refusal (`body/caller/phone must match pattern "…", body must have required
 * property 'content'`) as problems at JSON pointers of the body; none when the sentence is not one.
 */
export function problemsOfMessage(message: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const part of message.split(/,\s*(?=body\b)/)) {
    const m = /^body(\/\S*)?\s+(must .*)$/.exec(part.trim());
    if (!m) continue;
    const required = /required property '([^']+)'/.exec(m[2]!);
    out.push({ path: `${m[1] ?? ''}${required ? `/${required[1]}` : ''}`, message: m[2]! });
  }
  return out;
}

/** One failed check of a form in the browser (@cfworker/json-schema's output unit). */
export interface CheckFailure {
  keyword: string;
  instanceLocation: string;
  error: string;
}

/** Keywords that only say "something below failed"; the failure below is reported on its own. */
const SUMMARY = new Set(['properties', 'items', 'prefixItems', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', '$ref', 'dependentSchemas', 'unevaluatedProperties']);

/** The browser's check of a form as Chinese problems under their fields, one per field. */
export function problemsOfCheck(failures: readonly CheckFailure[], schema: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const f of failures) {
    if (SUMMARY.has(f.keyword)) continue;
    const missing = f.keyword === 'required' ? /"([^"]+)"/.exec(f.error)?.[1] : undefined;
    const path = f.instanceLocation.replace(/^#/, '') + (missing ? `/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}` : '');
    if (out.some((p) => p.path === path)) continue;
    out.push(problemInWords({ path, message: f.error }, schema, f.keyword));
  }
  return out;
}
