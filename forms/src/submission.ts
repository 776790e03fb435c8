// Server-side check of a submitted form against its resolved schema: every problem at the JSON
// pointer of the field, said in plain words (English, as @hotline/rules says pack problems) and in
// Chinese for the portal.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvToMessages, HotlineError } from '@hotline/rules';
import { createFormsAjv, FORMATS, type FormatName } from './ajv';
import { isPlainObject, type JsonObject } from './form-file';

export interface FieldError {
  /** JSON pointer of the field in the submitted data (`/caseFiling/caseNumber`); `` for the whole form. */
  path: string;
  message: string;
  /** The same for the portal, naming the field by its title. */
  messageZh: string;
}

export type SubmissionResult = { ok: true; data: unknown } | { ok: false; errors: FieldError[] };

const ajv = createFormsAjv();
const compiled = new Map<string, ValidateFunction>();
const CACHE_SIZE = 200;

function validatorFor(schema: JsonObject): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = compiled.get(key);
  if (hit) {
    compiled.delete(key);
    compiled.set(key, hit); // most recently used last
    return hit;
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    throw new HotlineError('FORM_SCHEMA_INVALID', `the form's schema is not valid JSON Schema: ${e instanceof Error ? e.message : String(e)}`, 'unexpected', { cause: e });
  }
  compiled.set(key, validate);
  if (compiled.size > CACHE_SIZE) {
    const [oldest, fn] = compiled.entries().next().value as [string, ValidateFunction];
    compiled.delete(oldest);
    ajv.removeSchema(fn.schema as object);
  }
  return validate;
}

/** Checks submitted data against a form resolved by resolveForm. The data is returned unchanged. */
export function validateSubmission(schema: JsonObject, data: unknown): SubmissionResult {
  const validate = validatorFor(schema);
  if (validate(data)) return { ok: true, data };
  return { ok: false, errors: fieldErrors(schema, validate.errors ?? [], data) };
}

interface Extra {
  /** Titles of the choices (enum from a oneOf of consts) or of the alternatives (anyOf/oneOf of shapes). */
  titles?: string[];
  field?: string;
}
type Normalized = ErrorObject & { extra?: Extra };

function isConstList(branches: unknown): branches is Array<{ const: unknown; title?: string }> {
  return Array.isArray(branches) && branches.length > 0 && branches.every((b) => isPlainObject(b) && 'const' in b);
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Brings ajv's errors into the shape @hotline/rules' ajvToMessages words well for forms: a choice
 * list (`oneOf` of `const`s) fails as one `enum`, alternatives as one error naming them, an unknown
 * field at its own path, and a date-time format in its own words.
 */
function normalize(errors: readonly ErrorObject[]): Normalized[] {
  const combos = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const out: Normalized[] = [];
  for (const e of errors) {
    const inside = combos.some(
      (c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`) && e.instancePath.startsWith(c.instancePath),
    );
    if (inside) continue;
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const branches = e.schema as unknown;
      if (isConstList(branches)) {
        if (typed.has(e.instancePath)) continue; // the type error says it
        out.push({
          ...e,
          keyword: 'enum',
          params: { allowedValues: branches.map((b) => b.const) },
          extra: { titles: branches.map((b) => b.title ?? JSON.stringify(b.const)) },
        });
      } else {
        const titles = Array.isArray(branches)
          ? branches.flatMap((b) => (isPlainObject(b) && typeof b.title === 'string' ? [b.title] : []))
          : [];
        out.push({
          ...e,
          keyword: 'alternatives',
          message: titles.length > 0 ? `must satisfy one of: ${titles.join('; ')}` : 'matches none of the allowed forms',
          extra: { titles },
        });
      }
      continue;
    }
    if (e.keyword === 'format' && p.format !== 'date' && String(p.format) in FORMATS) {
      const f = FORMATS[p.format as FormatName];
      out.push({ ...e, keyword: 'formatWords', message: `must be ${f.en}; found ${JSON.stringify(e.data)}`, params: { format: p.format } });
      continue;
    }
    if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      const field = String(p.additionalProperty ?? p.unevaluatedProperty);
      // A field of a conditional branch that failed is "unevaluated" too; that branch's own error says why.
      if (e.keyword === 'unevaluatedProperties' && declaredInFailedBranch(e, field, errors)) continue;
      out.push({
        ...e,
        keyword: 'unknownField',
        instancePath: `${e.instancePath}/${escapePointer(field)}`,
        message: 'is not a field of this form',
        extra: { field },
      });
      continue;
    }
    out.push(e);
  }
  return out;
}

/** Conditional and combined branches beside `node`, with their ajv schema paths. */
function branchesOf(node: unknown, path: string): Array<[string, Record<string, unknown>]> {
  if (!isPlainObject(node)) return [];
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const key of ['then', 'else']) {
    const b = node[key];
    if (isPlainObject(b)) out.push([`${path}/${key}`, b], ...branchesOf(b, `${path}/${key}`));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    list.forEach((b, i) => {
      if (isPlainObject(b)) out.push([`${path}/${key}/${i}`, b], ...branchesOf(b, `${path}/${key}/${i}`));
    });
  }
  return out;
}

function declaredInFailedBranch(e: ErrorObject, field: string, errors: readonly ErrorObject[]): boolean {
  const parent = e.schemaPath.slice(0, -'/unevaluatedProperties'.length);
  return branchesOf(e.parentSchema, parent).some(
    ([path, branch]) =>
      isPlainObject(branch.properties) &&
      field in branch.properties &&
      errors.some((x) => x !== e && x.schemaPath.startsWith(`${path}/`)),
  );
}

function fieldErrors(schema: JsonObject, errors: readonly ErrorObject[], data: unknown): FieldError[] {
  const normalized = normalize(errors);
  // Each error's own wording, so that the Chinese can be paired with what ajvToMessages keeps.
  const byMessage = new Map<string, Normalized>();
  for (const e of normalized) {
    const [one] = ajvToMessages([e], data);
    if (one && !byMessage.has(`${one.path}\u0000${one.message}`)) byMessage.set(`${one.path}\u0000${one.message}`, e);
  }
  return ajvToMessages(normalized, data).map((m) => {
    const error = byMessage.get(`${m.path}\u0000${m.message}`);
    return { path: m.path, message: m.message, messageZh: error ? chinese(error, schema, m.path) : `「${m.path}」填写有误：${m.message}` };
  });
}

const TYPE_ZH: Record<string, string> = {
  string: '文字',
  integer: '整数',
  number: '数字',
  boolean: '是/否',
  object: '一组字段',
  array: '列表',
  null: '空值',
};

function chinese(e: Normalized, schema: JsonObject, path: string): string {
  const p = e.params as Record<string, unknown>;
  const node = schemaAt(schema, path);
  const title = `「${node?.title ?? (path.split('/').at(-1) || '表单')}」`;
  switch (e.keyword) {
    case 'required':
      return `请填写${title}`;
    case 'enum': {
      const titles = e.extra?.titles ?? (p.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return `${title}只能选择：${titles.join('、')}`;
    }
    case 'const':
      return p.allowedValue === true ? `请确认${title}` : `${title}必须为 ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `${title}应为${String(p.type).split(',').map((t) => TYPE_ZH[t] ?? t).join('或')}`;
    case 'minLength':
      return p.limit === 1 ? `${title}不能为空` : `${title}至少 ${String(p.limit)} 个字`;
    case 'maxLength':
      return `${title}不能超过 ${String(p.limit)} 个字`;
    case 'minimum':
      return `${title}不能小于 ${String(p.limit)}`;
    case 'maximum':
      return `${title}不能大于 ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `${title}应大于 ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `${title}应小于 ${String(p.limit)}`;
    case 'minItems':
      return `${title}至少选择 ${String(p.limit)} 项`;
    case 'maxItems':
      return `${title}最多选择 ${String(p.limit)} 项`;
    case 'uniqueItems':
      return `${title}中有重复项`;
    case 'pattern':
      return `${title}格式不正确${typeof node?.description === 'string' ? `：${node.description}` : ''}`;
    case 'format':
    case 'formatWords': {
      const f = FORMATS[p.format as FormatName] as (typeof FORMATS)[FormatName] | undefined;
      return f ? `${title}应为${f.zh}` : `${title}格式不正确`;
    }
    case 'unknownField':
      return `「${e.extra?.field ?? ''}」不是本表单的字段`;
    case 'alternatives':
      return (e.extra?.titles ?? []).length > 0 ? `${title}须满足以下之一：${(e.extra?.titles ?? []).join('；')}` : `${title}填写有误`;
    default:
      return `${title}填写有误`;
  }
}

/** The schema of the field at a data pointer, looking through conditional branches too. */
function schemaAt(root: JsonObject, pointer: string): Record<string, unknown> | undefined {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let nodes: Array<Record<string, unknown>> = [root];
  for (const token of tokens) {
    const next: Array<Record<string, unknown>> = [];
    for (const n of sameLevel(nodes)) {
      if (isPlainObject(n.properties) && isPlainObject(n.properties[token])) next.push(n.properties[token] as Record<string, unknown>);
      if (/^\d+$/.test(token) && isPlainObject(n.items)) next.push(n.items);
    }
    if (next.length === 0) return undefined;
    nodes = next;
  }
  const all = sameLevel(nodes);
  return all.find((n) => typeof n.title === 'string') ?? all[0];
}

function sameLevel(nodes: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const visit = (n: Record<string, unknown>) => {
    out.push(n);
    for (const key of ['then', 'else']) if (isPlainObject(n[key])) visit(n[key] as Record<string, unknown>);
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const list = n[key];
      if (Array.isArray(list)) for (const b of list) if (isPlainObject(b)) visit(b);
    }
  };
  nodes.forEach(visit);
  return out;
}
