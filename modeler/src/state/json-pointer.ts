// Immutable edits of JSON values addressed by JSON pointers (RFC 6901), the paths pack issues use.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function formatPointer(parts: ReadonlyArray<string | number>): string {
  return parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function getAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const part of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * A copy of `root` with the value at `pointer` replaced; `undefined` removes an object key (and an
 * array item). Missing objects on the way are created.
 */
export function setAt(root: unknown, pointer: string, value: unknown): unknown {
  const parts = parsePointer(pointer);
  const step = (node: unknown, i: number): unknown => {
    if (i === parts.length) return value;
    const key = parts[i]!;
    if (Array.isArray(node)) {
      const index = key === '-' ? node.length : Number(key);
      const copy = [...node];
      const next = step(node[index], i + 1);
      if (next === undefined && i === parts.length - 1) copy.splice(index, 1);
      else copy[index] = next;
      return copy;
    }
    const object = node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : {};
    const next = step(object[key], i + 1);
    const copy = { ...object };
    if (next === undefined) delete copy[key];
    else copy[key] = next;
    return copy;
  };
  return step(root, 0);
}

/** Applies `edit` to the value at `pointer` (undefined when absent). */
export function updateAt(root: unknown, pointer: string, edit: (current: unknown) => unknown): unknown {
  return setAt(root, pointer, edit(getAt(root, pointer)));
}

function arrayAt(root: unknown, pointer: string): unknown[] {
  const list = getAt(root, pointer);
  return Array.isArray(list) ? list : [];
}

export function insertAt(root: unknown, listPointer: string, index: number, item: unknown): unknown {
  const list = [...arrayAt(root, listPointer)];
  list.splice(Math.max(0, Math.min(index, list.length)), 0, item);
  return setAt(root, listPointer, list);
}

export function removeAt(root: unknown, listPointer: string, index: number): unknown {
  const list = [...arrayAt(root, listPointer)];
  list.splice(index, 1);
  return setAt(root, listPointer, list);
}

/** Moves item `from` to position `to` (clamped), keeping the others in order. */
export function moveAt(root: unknown, listPointer: string, from: number, to: number): unknown {
  const list = [...arrayAt(root, listPointer)];
  if (from < 0 || from >= list.length) return root;
  const target = Math.max(0, Math.min(to, list.length - 1));
  const [item] = list.splice(from, 1);
  list.splice(target, 0, item);
  return setAt(root, listPointer, list);
}
