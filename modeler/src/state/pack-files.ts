// A pack being edited is its files' text, exactly what validatePack, the server and the folder form
// take. Structured editors parse a file, change the value, and write the whole file back.
import type { PackFile } from '@hotline/rules';

export type PackFiles = readonly PackFile[];

const byPath = (a: PackFile, b: PackFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function fileText(files: PackFiles, path: string): string | undefined {
  return files.find((f) => f.path === path)?.text;
}

/** Adds or replaces one file; the list stays sorted by path. */
export function setFile(files: PackFiles, path: string, text: string): PackFile[] {
  return [...files.filter((f) => f.path !== path), { path, text }].sort(byPath);
}

export function removeFile(files: PackFiles, path: string): PackFile[] {
  return files.filter((f) => f.path !== path);
}

export function filesUnder(files: PackFiles, folder: string): PackFile[] {
  return files.filter((f) => f.path.startsWith(`${folder}/`));
}

export type JsonRead<T> = { ok: true; value: T } | { ok: false; message: string };

export function readJson<T = unknown>(files: PackFiles, path: string): JsonRead<T> {
  const text = fileText(files, path);
  if (text === undefined) return { ok: false, message: `${path} 不存在` };
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (e) {
    return { ok: false, message: `${path} 不是合法的 JSON：${e instanceof Error ? e.message : String(e)}` };
  }
}

/** How pack files are written: two-space JSON with a final newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function writeJson(files: PackFiles, path: string, value: unknown): PackFile[] {
  return setFile(files, path, formatJson(value));
}

/** Reads a JSON file, edits its value and writes it back; files that do not parse are left alone. */
export function editJson(files: PackFiles, path: string, edit: (value: unknown) => unknown): PackFile[] {
  const read = readJson(files, path);
  if (!read.ok) return [...files];
  return writeJson(files, path, edit(read.value));
}

export interface PackChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** What a draft changed compared with the version it was loaded from. */
export function diffFiles(base: PackFiles, draft: PackFiles): PackChanges {
  const before = new Map(base.map((f) => [f.path, f.text]));
  const after = new Map(draft.map((f) => [f.path, f.text]));
  return {
    added: [...after.keys()].filter((p) => !before.has(p)).sort(),
    changed: [...after.keys()].filter((p) => before.has(p) && before.get(p) !== after.get(p)).sort(),
    removed: [...before.keys()].filter((p) => !after.has(p)).sort(),
  };
}

export const hasChanges = (c: PackChanges): boolean => c.added.length + c.changed.length + c.removed.length > 0;

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * Files whose JSON value is back to what was loaded get their loaded text back, so an edit that is
 * undone by hand leaves no reformatted file behind (and no change to save).
 */
export function restoreUnchanged(base: PackFiles, draft: PackFiles): PackFile[] {
  const before = new Map(base.map((f) => [f.path, f.text]));
  let restored = false;
  const out = draft.map((f) => {
    const original = before.get(f.path);
    if (original === undefined || original === f.text || !f.path.endsWith('.json') || !sameJson(original, f.text)) return f;
    restored = true;
    return { path: f.path, text: original };
  });
  return restored ? out : [...draft];
}
