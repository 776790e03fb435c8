// FEEL as Zeebe uses it: a value written `=expr` is an expression, anything else a static value.
// Results come back as JSON (feelin's temporal values serialize to ISO strings), because process
// variables are JSON.
import { dateAndTime, evaluate, parseExpression } from 'feelin';

import type { Variables } from '../port';

export function isFeel(value: string): boolean {
  return value.startsWith('=');
}

/** Why `=expr` does not parse, or undefined when it does. */
export function feelSyntaxError(expression: string): string | undefined {
  const source = expression.slice(1);
  if (!source.trim()) return 'the expression is empty';
  let problem: string | undefined;
  parseExpression(source, {}, undefined).iterate({
    enter(node) {
      if (problem === undefined && node.type.isError) {
        problem = `does not parse at character ${node.from + 1}`;
      }
    },
  });
  return problem;
}

export class FeelEvaluationError extends Error {
  constructor(expression: string, cause: unknown) {
    super(`FEEL '${expression}' failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'FeelEvaluationError';
  }
}

/** `=name`: most expressions in the processes read one variable; no parse needed (missing is null). */
const VARIABLE_REFERENCE = /^=\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
const FEEL_KEYWORDS = new Set(['true', 'false', 'null', 'not', 'for', 'if', 'some', 'every', 'function']);

/** Evaluates `=expr` against the variables; `now()` reads the adapter's clock, as Zeebe's does. */
export function evaluateFeel(expression: string, variables: Variables, nowMs: number): unknown {
  const name = VARIABLE_REFERENCE.exec(expression)?.[1];
  if (name !== undefined && !FEEL_KEYWORDS.has(name)) return toJson(Object.hasOwn(variables, name) ? variables[name] : null);
  try {
    const { value } = evaluate(expression.slice(1), { ...variables, now: () => dateAndTime(new Date(nowMs).toISOString()) });
    return toJson(value);
  } catch (error) {
    throw new FeelEvaluationError(expression, error);
  }
}

/** A zeebe attribute that may be static or FEEL (`type`, `retries`, `candidateGroups`, mapping sources…). */
export function resolveValue(value: string, variables: Variables, nowMs: number): unknown {
  return isFeel(value) ? evaluateFeel(value, variables, nowMs) : value;
}

function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') return value;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
