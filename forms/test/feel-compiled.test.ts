// FEEL parsed once in task actions (issue 11): every expression of the shipped packs' forms (guards,
// offeredWhen, refusal sentences, variable mappings, `set`, `splitInto`) compiles, and gives exactly
// what feelin's `evaluate` gives over the scopes the actions read, across tickets and counters.
import { describe, expect, it } from 'vitest';
import { evaluate } from 'feelin';
import { CityRules, FALLBACK, compiledFeel } from '@hotline/rules';
import { type ActionContext, type FormFile } from '../src/index';
import { guardScope } from '../src/task-kind';
import { CITIES, shipped } from './fixtures';

const AT = Date.parse('2026-11-20T10:00:00+08:00');

/** Every FEEL expression of a form: where it is, and whether it reads the guards' scope or a submission's. */
function expressionsOf(form: FormFile): Array<{ where: string; expression: string; scope: 'guard' | 'submission' }> {
  const out: Array<{ where: string; expression: string; scope: 'guard' | 'submission' }> = [];
  for (const [name, expression] of Object.entries(form.variables ?? {})) out.push({ where: `variables.${name}`, expression, scope: 'submission' });
  for (const action of form.actions ?? []) {
    if (action.offeredWhen) out.push({ where: `${action.key}.offeredWhen`, expression: action.offeredWhen, scope: 'guard' });
    for (const guard of action.guards ?? []) {
      out.push({ where: `${action.key}.guard`, expression: guard.allow, scope: 'guard' });
      for (const [, inner] of guard.refusal.matchAll(/\{([^{}]+)\}/g)) out.push({ where: `${action.key}.refusal`, expression: inner as string, scope: 'guard' });
    }
    for (const [name, expression] of Object.entries(action.set ?? {})) out.push({ where: `${action.key}.set.${name}`, expression, scope: 'submission' });
    if (action.splitInto) out.push({ where: `${action.key}.splitInto`, expression: action.splitInto, scope: 'submission' });
  }
  return out;
}

/** Process variables a task may carry: none, counters at and past their limits, windows open and passed, a designation. */
const VARIABLE_SETS: Record<string, unknown>[] = [
  {},
  { returnDue: '2026-11-21T00:00:00+08:00', extensionMaxCount: 2, extensionCount: 0, returnCount: 0 },
  { returnDue: '2026-11-20T09:00:00+08:00', extensionCount: 2, extensionMaxCount: 2, reworkCount: 1, designated: true, designatedUnitMayReturn: false },
  { extensionCount: 1, extensionMaxCount: null, unit: 'heping.quanyechang', assistingUnits: ['a', 'b'], rating: 'dissatisfied', ratingRequired: true },
  { mode: 'split', units: ['u-water', 'u-housing'], leadUnit: 'u-water', note: '说明', handlingRating: 'satisfied', sendBack: true, classification: 'answer' },
];

function outcome(run: () => unknown): unknown {
  try {
    const value = run();
    return { value: value === undefined ? null : JSON.parse(JSON.stringify(value ?? null)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe.each(CITIES)('%s forms', (city) => {
  const pack = shipped(city);
  const rules = new CityRules(pack.pack);
  const version = rules.versionAt(AT);
  const contexts: ActionContext[] = VARIABLE_SETS.flatMap((variables) =>
    ['complaint', 'consult'].map((type): ActionContext => ({ rules, version, ticket: { type, urgency: 'general' }, variables, headers: type === 'consult' ? { role: 'assist' } : {}, now: AT })),
  );
  const expressions = Object.entries(pack.forms).flatMap(([name, form]) => expressionsOf(form).map((e) => ({ ...e, where: `${name}.${e.where}` })));

  it('has FEEL in its forms (the test reads them)', () => {
    expect(expressions.length).toBeGreaterThan(0);
  });

  it.each(expressions.map((e) => [e.where, e] as const))('%s compiles and gives what feelin gives', (_where, { expression, scope: kind }) => {
    const run = compiledFeel(`=${expression}`);
    expect(run, `${expression} compiles`).not.toBeNull();
    for (const context of contexts) {
      const scope = kind === 'guard' ? guardScope(context) : { ...context.variables };
      const compiled = outcome(() => {
        const value = run!(scope, typeof scope.now === 'function' ? (scope.now as () => unknown) : () => null);
        if (value === FALLBACK) throw new Error('fell back to evaluate');
        return value;
      });
      expect(compiled, `${expression} over ${JSON.stringify(context.variables)} (${context.ticket.type})`).toEqual(outcome(() => evaluate(expression, scope).value));
    }
  });
});
