// FEEL parsed once (issue 11): every expression written in the repository's BPMN files runs compiled,
// and gives exactly what feelin's `evaluate` gives (value or error) for a generated set of variables.
// The files are read from disk, so an expression added to a pack is covered without editing this test.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { evaluateFeel, interpretFeel, isCompiled } from '../src/embedded/feel';
import { compileFeel, FALLBACK, referencedVariables } from '@hotline/rules';
import { feelExpressionsInBpmn } from '../src/embedded/feel-sources';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', 'test-results', 'coverage']);

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return bpmnFiles(path);
    return entry.name.endsWith('.bpmn') ? [path] : [];
  });
}

const shipped = new Map<string, string>(); // expression -> first file it is in
for (const file of bpmnFiles(ROOT))
  for (const expression of feelExpressionsInBpmn(readFileSync(file, 'utf8')))
    if (!shipped.has(expression)) shipped.set(expression, relative(ROOT, file));

/** Expressions from tests' inline BPMN, and FEEL the packs may come to use: the mechanism is general. */
const EXTRA = [
  '=upper case(unit)',
  '=stamp.by',
  '=signers',
  '=not(overdue)',
  '=not(a = "approve")',
  '=a + 1 > b',
  '=if a = "approve" then 1 else b',
  '=count(l)',
  '=sum(l)',
  '=l[item = a]',
  '=l[1]',
  '=for x in l return x',
  '=some x in l satisfies x = a',
  '=a in ("approve", "unit")',
  '=a between 0 and 3',
  '=now() > date and time(a)',
  '=date and time(a) + duration("P1D") > now()',
  '=string length(a) > 3',
  '=a instance of string',
  '=list contains(l, null)',
  '={x: a, y: x}.y',
];

const NOW_MS = Date.parse('2026-11-23T09:00:00+08:00');
const MISSING = Symbol('missing');

/** What each referenced variable is drawn from: missing, null, booleans, numbers, strings, lists, instants. */
function domain(expression: string): unknown[] {
  const literals = [...expression.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
  return [
    ...new Set<unknown>([
      MISSING, null, true, false, 0, 1, 3, 'approve', 'unit', ...literals,
      [], ['a', 'approve'], [1, 3], [null],
      '2026-11-20T09:00:00+08:00', '2026-11-30T09:00:00Z', '2026-11-23', 'not a date',
      { by: 'approve' },
    ]),
  ];
}

/** Every assignment when there are few, else a fixed pseudo-random sample plus one-at-a-time variations. */
function assignments(names: string[], values: unknown[]): Record<string, unknown>[] {
  const build = (pick: (i: number) => unknown) => {
    const vars: Record<string, unknown> = { unrelated: 'x' };
    names.forEach((name, i) => {
      const value = pick(i);
      if (value !== MISSING) vars[name] = value;
    });
    return vars;
  };
  const total = values.length ** names.length;
  if (total <= 2_000) {
    return Array.from({ length: total }, (_, n) => build((i) => values[Math.floor(n / values.length ** i) % values.length]));
  }
  let seed = 20261123;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const sample = Array.from({ length: 600 }, () => build(() => values[Math.floor(random() * values.length)]));
  const single = names.flatMap((_, i) => values.map((v) => build((j) => (j === i ? v : MISSING))));
  return [...sample, ...single];
}

type Outcome = { value: unknown } | { error: string };

function outcome(evaluate: () => unknown): Outcome {
  try {
    return { value: evaluate() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Whether the compiled closure left these variables to feelin (a throw is an answer, not a fallback). */
function fellBack(run: ReturnType<typeof compileFeel>, vars: Record<string, unknown>): boolean {
  const result = outcome(() => run?.(vars, () => null));
  return 'value' in result && result.value === FALLBACK;
}

describe('FEEL compiled once', () => {
  it('finds the expressions of the shipped processes', () => {
    expect([...shipped.values()].some((file) => file.startsWith('cities/'))).toBe(true);
    expect(shipped.size).toBeGreaterThan(30);
  });

  it('compiles every expression of the BPMN files (none is parsed again on each evaluation)', () => {
    const interpreted = [...shipped].filter(([expression]) => !isCompiled(expression)).map(([e, file]) => `${file}: ${e}`);
    expect(interpreted).toEqual([]);
    expect(EXTRA.filter((e) => !isCompiled(e))).toEqual([]);
  });

  // A shipped expression must also run compiled for every assignment; an extra one may leave some to
  // feelin (`stamp.by` does when `stamp` has a key named like one of its words: `by`).
  it.each([...[...shipped.keys()].map((e): [string, boolean] => [e, true]), ...EXTRA.map((e): [string, boolean] => [e, false])])('%s gives what feelin gives', (expression, compiledAlways) => {
    const names = referencedVariables(expression);
    expect(names).toBeDefined();
    const run = compileFeel(expression);
    expect(run).toBeDefined();
    const mismatches: string[] = [];
    for (const vars of assignments((names as string[]).filter((n) => !n.includes(' ') && n !== 'now'), domain(expression))) {
      if (compiledAlways && fellBack(run, vars)) mismatches.push(`fell back for ${JSON.stringify(vars)}`);
      const compiled = outcome(() => evaluateFeel(expression, vars, NOW_MS));
      const reference = outcome(() => interpretFeel(expression, vars, NOW_MS));
      if (JSON.stringify(compiled) !== JSON.stringify(reference))
        mismatches.push(`${JSON.stringify(vars)}: compiled ${JSON.stringify(compiled)}, feelin ${JSON.stringify(reference)}`);
      if (mismatches.length >= 5) break;
    }
    expect(mismatches).toEqual([]);
  });

  // A variable named like one of the expression's words (`true`, `and`, `time`, a referenced name) or
  // with a name of several words can change feelin's parse: the engine must still answer as feelin.
  it.each([...shipped.keys(), ...EXTRA].map((e) => [e]))('%s with a variable named like one of its words gives what feelin gives', (expression) => {
    const names = (referencedVariables(expression) as string[]).filter((n) => !n.includes(' ') && n !== 'now');
    const values = domain(expression);
    const extras = [...new Set(expression.slice(1).match(/[?A-Za-z_][?A-Za-z_0-9]*/g) ?? []), 'a b', 'x-y', 'list contains'];
    const base = assignments(names, values).slice(0, 12);
    const mismatches: string[] = [];
    for (const extra of extras)
      for (const [i, assignment] of base.entries()) {
        const vars = { ...assignment, [extra]: values[(i + 1) % values.length] === MISSING ? null : values[(i + 1) % values.length] };
        const compiled = outcome(() => evaluateFeel(expression, vars, NOW_MS));
        const reference = outcome(() => interpretFeel(expression, vars, NOW_MS));
        if (JSON.stringify(compiled) !== JSON.stringify(reference))
          mismatches.push(`${JSON.stringify(vars)}: compiled ${JSON.stringify(compiled)}, feelin ${JSON.stringify(reference)}`);
      }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('leaves to feelin the variables its parser reads differently (a name of several words, or a word of the grammar)', () => {
    const vars = { 'list contains': 5, l: ['a'], x: 'a' };
    expect(compileFeel('=list contains(l, x)')?.(vars, () => null)).toBe(FALLBACK);
    expect(evaluateFeel('=list contains(l, x)', vars, NOW_MS)).toBe(interpretFeel('=list contains(l, x)', vars, NOW_MS));
    expect(evaluateFeel('=list contains(l, x)', { l: ['a'], x: 'a' }, NOW_MS)).toBe(true);
    const keyword = { a: true, true: 5 };
    expect(compileFeel('=a = true')?.(keyword, () => null)).toBe(FALLBACK);
    expect(evaluateFeel('=a = true', keyword, NOW_MS)).toBe(interpretFeel('=a = true', keyword, NOW_MS));
    const time = { time: 'x', d: '2026-11-20T09:00:00Z', e: '2026-11-21T09:00:00Z' };
    const dates = '=date and time(d) < date and time(e)';
    expect(compileFeel(dates)?.(time, () => null)).toBe(FALLBACK);
    // feelin reads `time` as the variable there, and fails: so does the engine
    expect(outcome(() => evaluateFeel(dates, time, NOW_MS))).toEqual(outcome(() => interpretFeel(dates, time, NOW_MS)));
    expect(outcome(() => evaluateFeel(dates, time, NOW_MS))).toHaveProperty('error');
    expect(evaluateFeel(dates, { d: time.d, e: time.e }, NOW_MS)).toBe(true);
    const nested = { stamp: { 'by x': 1, by: 'me' } };
    expect(compileFeel('=stamp.by')?.(nested, () => null)).toBe(FALLBACK);
    expect(evaluateFeel('=stamp.by', nested, NOW_MS)).toBe('me');
  });

  it('reports a failing expression as feelin does, and an unparsable one too', () => {
    expect(() => evaluateFeel('=a >', {}, NOW_MS)).toThrow(/FEEL '=a >' failed/);
    expect(isCompiled('=a >')).toBe(false);
    expect(outcome(() => evaluateFeel('=a >', {}, NOW_MS))).toEqual(outcome(() => interpretFeel('=a >', {}, NOW_MS)));
  });

  it('does not let the variables of one evaluation reach the next', () => {
    expect(evaluateFeel('=a = "approve"', { a: 'approve' }, NOW_MS)).toBe(true);
    expect(evaluateFeel('=a = "approve"', {}, NOW_MS)).toBe(false);
    const list = ['approve'];
    evaluateFeel('=for x in l return x', { l: list }, NOW_MS);
    expect(list).toEqual(['approve']);
  });
});
