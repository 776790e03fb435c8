// Validation as you type: the pack's own checks (@hotline/rules validatePack, the schema's messages)
// plus what the modeler owns (form files), and the mapping of each issue to the field it concerns.
import { validatePackForms } from '@hotline/forms';
import { validatePack, type PackIssue } from '@hotline/rules';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { PackFiles } from './pack-files';
import { issueMessage } from './issue-place';
import { parsePointer } from './json-pointer';

export const FORM_FILE = /^forms\/([^/]+)\.json$/;
export const PROCESS_FILE = /^processes\/[^/]+\.bpmn$/;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

/** The JSON Schema inside a form file: `{ "schema": {...}, "uiSchema": {...} }`, or the file itself. */
export function formSchemaOf(value: unknown): { schema: unknown; uiSchema: unknown; pointer: string } {
  if (value !== null && typeof value === 'object' && 'schema' in value) {
    const v = value as { schema: unknown; uiSchema?: unknown };
    return { schema: v.schema, uiSchema: v.uiSchema ?? {}, pointer: '/schema' };
  }
  return { schema: value, uiSchema: {}, pointer: '' };
}

export function checkFormFile(path: string, text: string): PackIssue[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [{ file: path, path: '', message: `is not valid JSON: ${reason}`, messageZh: `不是有效的 JSON：${reason}` }];
  }
  const { schema, pointer } = formSchemaOf(value);
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return [{ file: path, path: pointer, message: 'must be a JSON Schema object', messageZh: '必须是一个 JSON Schema 对象' }];
  }
  if ((schema as { type?: unknown }).type !== 'object') {
    return [{ file: path, path: `${pointer}/type`, message: 'must be "object": a form edits an object', messageZh: '必须是“object”：表单编辑的是一组字段' }];
  }
  try {
    ajv.compile(schema as object);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [{ file: path, path: pointer, message: `is not a usable JSON Schema: ${reason}`, messageZh: `不是可用的 JSON Schema：${reason}` }];
  }
  return [];
}

/**
 * Every issue of the draft's JSON files, recomputed on each edit: the pack (@hotline/rules), then,
 * once the pack is valid, its forms (@hotline/forms, which needs the parsed pack); before that only
 * the form files' JSON and schema are checked. Processes are linted apart, on the diagram.
 */
export function validateDraft(files: PackFiles): PackIssue[] {
  const result = validatePack(files);
  if (!result.ok) {
    return [...result.issues, ...files.filter((f) => FORM_FILE.test(f.path)).flatMap((f) => checkFormFile(f.path, f.text))];
  }
  try {
    // Its check of the processes' form keys is the diagram lint's hotline/user-task-form, with element ids.
    return validatePackForms(files, result.pack).filter((i) => !PROCESS_FILE.test(i.file));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [{ file: 'forms', path: '', message: `could not be checked: ${reason}`, messageZh: `无法检查：${reason}` }];
  }
}

export function issuesOfFile(issues: readonly PackIssue[], file: string): PackIssue[] {
  return issues.filter((i) => i.file === file);
}

const within = (path: string, base: string) => path === base || path.startsWith(`${base}/`);

/**
 * The issues (their Chinese messages) of one file at or below `base`, keyed by the pointer relative to `base` without its
 * leading slash: `period/amount`, `countFrom`, `types/1`, and '' for `base` itself.
 */
export function fieldIssues(issues: readonly PackIssue[], file: string, base: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.file !== file || !within(issue.path, base)) continue;
    const relative = issue.path.slice(base.length).replace(/^\//, '');
    out.set(relative, [...(out.get(relative) ?? []), issueMessage(issue)]);
  }
  return out;
}

/** Messages of the fields a control shows: each prefix matches itself and everything below it. */
export function messagesFor(fields: ReadonlyMap<string, readonly string[]>, ...prefixes: string[]): string[] {
  const out: string[] = [];
  for (const [relative, messages] of fields) {
    if (prefixes.some((p) => (p === '' ? relative === '' : relative === p || relative.startsWith(`${p}/`)))) out.push(...messages);
  }
  return out;
}

/** Issues of the items of a list (`/deadlines`), by item index; issues on the list itself under -1. */
export function itemIssues(issues: readonly PackIssue[], file: string, listPointer: string): Map<number, Map<string, string[]>> {
  const out = new Map<number, Map<string, string[]>>();
  const depth = parsePointer(listPointer).length;
  for (const issue of issues) {
    if (issue.file !== file || !within(issue.path, listPointer)) continue;
    const parts = parsePointer(issue.path);
    const index = parts.length > depth ? Number(parts[depth]) : -1;
    const key = Number.isInteger(index) ? index : -1;
    const relative = parts.slice(depth + 1).join('/');
    const fields = out.get(key) ?? new Map<string, string[]>();
    fields.set(relative, [...(fields.get(relative) ?? []), issueMessage(issue)]);
    out.set(key, fields);
  }
  return out;
}
