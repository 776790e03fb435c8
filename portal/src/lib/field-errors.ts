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
