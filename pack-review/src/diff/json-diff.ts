// What changed between two JSON documents, as a list of JSON pointers with the old and new value.
// Lists are matched by what identifies their items, not by position, so inserting a redirect
// category does not make every later one look changed: items with a `key` (ticket types, redirect
// categories, rating levels, supervision triggers), calendar entries by `date`, deadline rules by
// stage, types and urgencies; other lists by position. Leaves are primitives and lists of primitives.

export type JsonChangeKind = 'added' | 'removed' | 'changed';

export interface JsonChange {
  /** Pointer in the new document (in the old one for what was removed). */
  path: string;
  change: JsonChangeKind;
  from?: unknown;
  to?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isPrimitive = (v: unknown) => v === null || typeof v !== 'object';

export const pointerPart = (part: string | number) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

type Identity = { kind: string; of: (item: Record<string, unknown>) => string };

const IDENTITIES: Array<Identity & { fits: (o: Record<string, unknown>) => boolean }> = [
  { kind: 'key', fits: (o) => typeof o.key === 'string', of: (o) => o.key as string },
  { kind: 'date', fits: (o) => typeof o.date === 'string', of: (o) => o.date as string },
  { kind: 'rule', fits: (o) => typeof o.stage === 'string', of: (o) => JSON.stringify([o.stage, o.types ?? null, o.urgencies ?? null]) },
  { kind: 'file', fits: (o) => typeof o.file === 'string', of: (o) => o.file as string },
];

/** What identifies an item of both lists (unique within each), or null when they are matched by position. */
function identityOf(before: readonly unknown[], after: readonly unknown[]): Identity | null {
  const all = [...before, ...after];
  if (all.length === 0 || !all.every(isObject)) return null;
  const objects = all as Array<Record<string, unknown>>;
  const uniqueIn = (list: readonly unknown[], of: Identity['of']) => new Set(list.map((o) => of(o as Record<string, unknown>))).size === list.length;
  const found = IDENTITIES.find((id) => objects.every(id.fits) && uniqueIn(before, id.of) && uniqueIn(after, id.of));
  return found ?? null;
}

export function diffJson(before: unknown, after: unknown, path = ''): JsonChange[] {
  if (jsonEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const out: JsonChange[] = [];
    for (const key of Object.keys(before)) {
      if (!(key in after)) out.push({ path: path + pointerPart(key), change: 'removed', from: before[key] });
    }
    for (const key of Object.keys(after)) {
      const at = path + pointerPart(key);
      if (!(key in before)) out.push({ path: at, change: 'added', to: after[key] });
      else out.push(...diffJson(before[key], after[key], at));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && !(before.every(isPrimitive) && after.every(isPrimitive))) {
    const found = identityOf(before, after);
    if (found === null) {
      const out: JsonChange[] = [];
      const n = Math.max(before.length, after.length);
      for (let i = 0; i < n; i++) {
        const at = path + pointerPart(i);
        if (i >= after.length) out.push({ path: at, change: 'removed', from: before[i] });
        else if (i >= before.length) out.push({ path: at, change: 'added', to: after[i] });
        else out.push(...diffJson(before[i], after[i], at));
      }
      return out;
    }
    const identity = (item: unknown) => found.of(item as Record<string, unknown>);
    const oldIndex = new Map(before.map((item, i) => [identity(item), i]));
    const newIds = new Set(after.map(identity));
    const out: JsonChange[] = [];
    before.forEach((item, i) => {
      if (!newIds.has(identity(item))) out.push({ path: path + pointerPart(i), change: 'removed', from: item });
    });
    after.forEach((item, i) => {
      const at = path + pointerPart(i);
      const j = oldIndex.get(identity(item));
      if (j === undefined) out.push({ path: at, change: 'added', to: item });
      else out.push(...diffJson(before[j], item, at));
    });
    // the same items in another order: say so once for the list
    if (out.length === 0) out.push({ path, change: 'changed', from: '(order)', to: '(order changed)' });
    return out;
  }
  return [{ path, change: 'changed', from: before, to: after }];
}
