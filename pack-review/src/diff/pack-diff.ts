// Two versions of a city pack compared, as policy staff read a change before publishing it:
// the deadline rules as a stage × type × urgency table (old period → new period), every other
// changed JSON path of the rules, city and calendar files, the changed elements of each process,
// and the changed forms. Pure apart from the XML reader it is given: the server's diff endpoint and
// the modeler (comparing unsaved edits) run the same code.
import type { PackFile } from '@hotline/rules';
import type { XmlReader } from '../lint/lint-process';
import { type DeadlineTableDiff, type RawRuleVersion, diffDeadlineTables } from './deadline-table';
import { type JsonChange, diffJson } from './json-diff';
import { type ProcessDiff, diffProcessFile } from './process-diff';

export interface FileChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface FileJsonChange extends JsonChange {
  file: string;
}

export interface FormDiff {
  file: string;
  status: 'added' | 'removed' | 'changed';
  changes: JsonChange[];
}

export interface PackDiff {
  files: FileChanges;
  rules: { deadlines: DeadlineTableDiff; changes: FileJsonChange[] };
  processes: ProcessDiff[];
  forms: FormDiff[];
}

const PROCESS = /^processes\/[^/]+\.bpmn$/;
const FORM = /^forms\/[^/]+\.json$/;
const VERSION = /^versions\/[^/]+\.json$/;
/** Parts of a deadline rule the table shows already. */
const IN_TABLE = /^\/deadlines\/\d+\/(period|countFrom|notAllowed)(\/|$)/;

function parse(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function jsonChanges(before: string | undefined, after: string | undefined): JsonChange[] {
  const a = parse(before);
  const b = parse(after);
  if (!a.ok || !b.ok) return [{ path: '', change: 'changed', from: a.ok ? '(JSON)' : '(不是有效的 JSON)', to: b.ok ? '(JSON)' : '(不是有效的 JSON)' }];
  return diffJson(a.value, b.value);
}

function ruleVersions(files: readonly PackFile[]): RawRuleVersion[] {
  const out: RawRuleVersion[] = [];
  for (const file of files) {
    if (!VERSION.test(file.path)) continue;
    const parsed = parse(file.text);
    if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') continue;
    const v = parsed.value as { id?: unknown; deadlines?: unknown };
    out.push({ id: typeof v.id === 'string' ? v.id : file.path, deadlines: Array.isArray(v.deadlines) ? (v.deadlines as RawRuleVersion['deadlines']) : [] });
  }
  return out;
}

function keysOf(files: readonly PackFile[], list: 'ticketTypes' | 'urgencyClasses'): string[] {
  const city = parse(files.find((f) => f.path === 'city.json')?.text);
  if (!city.ok || city.value === null || typeof city.value !== 'object') return [];
  const items = (city.value as Record<string, unknown>)[list];
  return Array.isArray(items) ? items.flatMap((i) => (i && typeof (i as { key?: unknown }).key === 'string' ? [(i as { key: string }).key] : [])) : [];
}

const union = (a: string[], b: string[]) => [...a, ...b.filter((x) => !a.includes(x))];

export function fileChanges(before: readonly PackFile[], after: readonly PackFile[]): FileChanges {
  const old = new Map(before.map((f) => [f.path, f.text]));
  const now = new Map(after.map((f) => [f.path, f.text]));
  const sort = (list: string[]) => list.sort((a, b) => a.localeCompare(b));
  return {
    added: sort([...now.keys()].filter((p) => !old.has(p))),
    removed: sort([...old.keys()].filter((p) => !now.has(p))),
    changed: sort([...now.keys()].filter((p) => old.has(p) && old.get(p) !== now.get(p))),
  };
}

export async function diffPacks(before: readonly PackFile[], after: readonly PackFile[], reader: XmlReader): Promise<PackDiff> {
  const files = fileChanges(before, after);
  const old = new Map(before.map((f) => [f.path, f.text]));
  const now = new Map(after.map((f) => [f.path, f.text]));
  const touched = [...files.added, ...files.removed, ...files.changed].sort((a, b) => a.localeCompare(b));

  const changes: FileJsonChange[] = [];
  const forms: FormDiff[] = [];
  const processes: ProcessDiff[] = [];
  for (const path of touched) {
    const a = old.get(path);
    const b = now.get(path);
    if (PROCESS.test(path)) {
      const diff = await diffProcessFile(path, a, b, reader);
      if (diff) processes.push(diff);
    } else if (FORM.test(path)) {
      forms.push({ file: path, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', changes: a === undefined || b === undefined ? [] : jsonChanges(a, b) });
    } else if (path.endsWith('.json') && a !== undefined && b !== undefined) {
      for (const change of jsonChanges(a, b)) {
        if (VERSION.test(path) && IN_TABLE.test(change.path)) continue;
        changes.push({ file: path, ...change });
      }
    }
  }
  const deadlines = diffDeadlineTables(ruleVersions(before), ruleVersions(after), {
    types: union(keysOf(before, 'ticketTypes'), keysOf(after, 'ticketTypes')),
    urgencies: union(keysOf(before, 'urgencyClasses'), keysOf(after, 'urgencyClasses')),
  });
  return { files, rules: { deadlines, changes }, processes, forms };
}
