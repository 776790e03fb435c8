// FEEL parsed once. feelin's `evaluate` parses its source (Lezer) and builds an execution tree on
// every call, and does not export its interpreter. What it does export is the value of a FEEL
// `function(...) body` definition: a function whose body's execution tree is built once, when the
// definition is evaluated. So each expression is compiled, once, into
// `function(<the variables it names>) <expression>`, and an evaluation invokes that function with the
// variables' values: feelin's own interpreter runs on feelin's own tree, so results are feelin's by
// construction; only the parse and the tree building are skipped.
//
// What could make an invocation differ from `evaluate(source, variables)` is checked; when it can
// occur, the caller falls back to `evaluate` (`FALLBACK`), so results stay feelin's:
// - the body must parse exactly as the expression does alone (same nodes at the same places);
//   otherwise the expression is not compiled at all;
// - feelin's parse depends on the variables' names: a name of several words (`a b`, `a-b`, `a.b`) is
//   read as one name, and a variable named like a word of the grammar (`true`, `null`, `and`, `time`,
//   `in`...) turns that word into a name. So a call falls back when a variable's name has a space or one
//   of `./-'+*^`, or is one of the expression's words that parses differently as a variable (found at
//   compile time by parsing the expression with each of its words as a variable); for an expression
//   that opens scopes over values (a path, a filter, `for`, `some`/`every`, a context, a function),
//   keys inside the named variables' values are checked the same way against all its words (for a
//   plain path, `policies.extension.allowed`, only keys of several words, once a parse with every word
//   as a key at every level showed single words cannot change it: see wordKeysKeepParse);
// - names of several words in the expression (`list contains`, `upper case`) are not parameters;
//   they resolve to the built-in, as they would unless a variable of that name exists, which the
//   previous rule catches (such a name has a space).
import { evaluate, isFunction, now as feelNow, parseExpression, toFeel, type FeelFunction } from 'feelin';


/** Returned by a compiled expression when these variables need feelin's own `evaluate`. */
export const FALLBACK: unique symbol = Symbol('feel fallback');

export type CompiledFeel = (variables: Record<string, unknown>, now: () => unknown) => unknown;

/** A key feelin would normalise into several tokens (see `normalizeContextKey` in lezer-feel). */
const MULTI_TOKEN_KEY = /[\s\u0085./\-'+*^]/;
/** Words as lezer-feel's tokenizer reads them (start and part characters, roughly; a superset is safe). */
const WORD = /[?A-Za-z_\u00C0-\uFFFF][?A-Za-z_0-9\u00B7\u00C0-\uFFFF]*/g;
/** Nodes under which feelin's parser resolves names against keys inside a value. */
const SCOPES = new Set(['PathExpression', 'FilterExpression', 'ForExpression', 'QuantifiedExpression', 'Context', 'FunctionDefinition']);
const UNSAFE = Symbol('unsafe key');

/**
 * Whether a variable's name is one token for feelin (and not `__proto__`). Names repeat from one
 * evaluation to the next, so the answers are kept: a Map lookup costs a third of the regex test, which
 * matters when a ticket carries a hundred variables. Bounded like the compiled expressions.
 */
const plainKeys = new Map<string, boolean>();
function isPlainKey(key: string): boolean {
  let plain = plainKeys.get(key);
  if (plain === undefined) {
    plain = !MULTI_TOKEN_KEY.test(key) && key !== '__proto__';
    if (plainKeys.size >= 10_000) plainKeys.clear();
    plainKeys.set(key, plain);
  }
  return plain;
}

interface TreeNode {
  name: string;
  from: number;
  to: number;
}

/** Parses `source` (an expression without its `=`) with these variables' names; undefined when it does not parse. */
function nodesOf(source: string, context: Record<string, unknown> = {}): TreeNode[] | undefined {
  const nodes: TreeNode[] = [];
  let broken = false;
  parseExpression(source, context, undefined).iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      nodes.push({ name: node.name, from: node.from, to: node.to });
    },
  });
  return broken ? undefined : nodes;
}

/** The names of the expression's variable references (`a`, `list contains`), or undefined if odd. */
function namesIn(source: string, nodes: TreeNode[]): Set<string> | undefined {
  const names = new Set<string>();
  for (let i = 0; i < nodes.length; i++) {
    const reference = nodes[i] as TreeNode;
    if (reference.name !== 'VariableName') continue;
    const parts: string[] = [];
    for (let j = i + 1; j < nodes.length && (nodes[j] as TreeNode).from < reference.to; j++) {
      const part = nodes[j] as TreeNode;
      if (part.name !== 'Identifier') return undefined;
      parts.push(source.slice(part.from, part.to));
    }
    names.add(parts.join(' '));
  }
  return names;
}

/** The variables `=expr` reads (the names of its variable references), or undefined when it does not parse. */
export function referencedVariables(expression: string): string[] | undefined {
  const nodes = nodesOf(expression.slice(1));
  const names = nodes && namesIn(expression.slice(1), nodes);
  return names && [...names];
}

function sameNodes(a: TreeNode[] | undefined, b: TreeNode[]): boolean {
  return a !== undefined && a.length === b.length && a.every((n, i) => n.name === b[i]?.name && n.from === b[i]?.from && n.to === b[i]?.to);
}

/** Whether the function body (nodes after `FunctionBody`) is the expression's tree, shifted. */
function sameTree(alone: TreeNode[], wrapped: TreeNode[], shift: number): boolean {
  const body = wrapped.findIndex((n) => n.name === 'FunctionBody');
  const inside = wrapped.slice(body + 1);
  const expected = alone.slice(1); // without the root `Expression`
  if (body < 0 || wrapped[0]?.name !== 'Expression' || wrapped[1]?.name !== 'FunctionDefinition') return false;
  if (inside.length !== expected.length) return false;
  return expected.every((n, i) => {
    const w = inside[i] as TreeNode;
    return w.name === n.name && w.from === n.from + shift && w.to === n.to + shift;
  });
}

/**
 * Whether a path (`a.b.c`, the only scope checked so) parses the same when the variables' values hold
 * every word of the expression as a key at every level it reaches: then a plain key inside a value
 * cannot change the parse, whatever its name, and only keys of several words need `evaluate`.
 * (Filters, `for`, contexts and functions keep the stricter check: any key that is one of its words.)
 */
function wordKeysKeepParse(source: string, parameters: string[], words: Set<string>, alone: TreeNode[]): boolean {
  if (alone.some((node) => SCOPES.has(node.name) && node.name !== 'PathExpression')) return false;
  const depth = Math.min((source.match(/\./g)?.length ?? 0) + 1, 4);
  if (words.size ** depth > 4096) return false;
  const level = (d: number): Record<string, unknown> | null => (d === 0 ? null : Object.fromEntries([...words].map((word) => [word, level(d - 1)])));
  return sameNodes(nodesOf(source, Object.fromEntries(parameters.map((name) => [name, level(depth)]))), alone);
}

/**
 * The compiled form of `=expr`, or undefined when it cannot be compiled (it does not parse, or its
 * function form parses differently): the caller then uses `evaluate`, as before.
 */
export function compileFeel(expression: string): CompiledFeel | undefined {
  const source = expression.slice(1);
  const alone = nodesOf(source);
  if (!alone || alone[0]?.name !== 'Expression') return undefined;
  const names = namesIn(source, alone);
  if (!names) return undefined;
  const parameters = [...names].filter((name) => !MULTI_TOKEN_KEY.test(name));
  const prefix = `function(${parameters.join(', ')}) `;
  const wrapped = nodesOf(prefix + source);
  if (!wrapped || !sameTree(alone, wrapped, prefix.length)) return undefined;

  // The expression's words that parse differently when a variable bears their name; the others must
  // not, even all at once.
  const words = new Set(source.match(WORD) ?? []);
  const sensitive = [...words].filter((word) => !sameNodes(nodesOf(source, { [word]: null }), alone));
  const others = Object.fromEntries([...words].filter((word) => !sensitive.includes(word)).map((word) => [word, null]));
  if (!sameNodes(nodesOf(source, others), alone)) return undefined;
  // a sensitive parameter would change the body's parse; `now` is in every `evaluate` context
  if (parameters.some((name) => sensitive.includes(name)) || sensitive.includes('now')) return undefined;
  const nested = alone.some((node) => SCOPES.has(node.name)) ? (wordKeysKeepParse(source, parameters, words, alone) ? new Set<string>() : words) : undefined;

  let compiled: { value: unknown; warnings: unknown[] };
  try {
    compiled = evaluate(prefix + source, {});
  } catch {
    return undefined;
  }
  if (!isFunction(compiled.value)) return undefined;
  const fn = compiled.value as FeelFunction;
  // feelin records a warning per missing variable in the array of the `evaluate` call that built the
  // tree; they are not used, and are dropped after each call so the array does not grow.
  const warnings = compiled.warnings;

  return (variables, now) => {
    if (Object.getPrototypeOf(variables) !== Object.prototype) return FALLBACK;
    for (const key in variables) if (!isPlainKey(key)) return FALLBACK;
    for (const word of sensitive) if (Object.hasOwn(variables, word)) return FALLBACK;
    const args: unknown[] = [];
    for (const name of parameters) {
      // `now` is the adapter's clock, which `evaluate`'s context sets over any variable of that name
      const value = name === 'now' ? now : Object.hasOwn(variables, name) ? coerce(variables[name], nested) : undefined;
      if (value === UNSAFE) return FALLBACK;
      args.push(value);
    }
    try {
      return fn.invoke(args);
    } finally {
      warnings.length = 0;
    }
  };
}

/**
 * feelin's `coerceContext` for one variable's value (a copy, temporal values wrapped), or UNSAFE when
 * it holds a key that could change how feelin parses the expression: `words` (the expression's words,
 * given when it opens scopes over values) or any key of several words then.
 */
function coerce(value: unknown, words: Set<string> | undefined): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const coerced = coerce(item, words);
      if (coerced === UNSAFE) return UNSAFE;
      out.push(coerced);
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return toFeel(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '__proto__' || (words && (!isPlainKey(key) || words.has(key)))) return UNSAFE;
    const coerced = coerce(item, words);
    if (coerced === UNSAFE) return UNSAFE;
    out[key] = coerced;
  }
  return out;
}

/** Compiled expressions by source; deployed BPMN and packs hold a few hundred, the cap bounds a misuse. */
const COMPILED_CAP = 10_000;
const cache = new Map<string, CompiledFeel | null>();

/** `compileFeel`, once per expression (null: it does not compile; evaluate it with feelin). */
export function compiledFeel(expression: string): CompiledFeel | null {
  let entry = cache.get(expression);
  if (entry === undefined) {
    entry = compileFeel(expression) ?? null;
    if (cache.size >= COMPILED_CAP) cache.delete(cache.keys().next().value as string);
    cache.set(expression, entry);
  }
  return entry;
}

/**
 * `=expr` over the variables, as feelin's `evaluate` gives it: compiled once where that can serve, else
 * `evaluate` itself. `now` is FEEL's `now()` (an engine's clock); without it, the variables' own `now`
 * function, else FEEL's.
 */
export function feelValue(expression: string, variables: Record<string, unknown>, now?: () => unknown): unknown {
  const run = compiledFeel(expression);
  if (run) {
    const value = run(variables, now ?? (typeof variables.now === 'function' ? (variables.now as () => unknown) : feelNow));
    if (value !== FALLBACK) return value;
  }
  return evaluate(expression.slice(1), now ? { ...variables, now } : variables).value;
}
