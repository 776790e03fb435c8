// FEEL as Zeebe uses it: a value written `=expr` is an expression, anything else a static value.
// Results come back as JSON (feelin's temporal values serialize to ISO strings), because process
// variables are JSON.
import { dateAndTime, evaluate, parseExpression } from 'feelin';

import type { Variables } from '../port';
import { compiledFeel, feelValue } from '@hotline/rules';

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

/** Whether `=expr` runs compiled (parsed once), rather than through feelin's `evaluate` on each call. */
export function isCompiled(expression: string): boolean {
  return compiledFeel(expression) !== null;
}

/**
 * Evaluates `=expr` against the variables; `now()` reads the adapter's clock, as Zeebe's does. The
 * expression is compiled on its first evaluation (@hotline/rules, feel/compile.ts); the result is feelin's.
 */
export function evaluateFeel(expression: string, variables: Variables, nowMs: number): unknown {
  try {
    return toJson(feelValue(expression, variables, clockAt(nowMs)));
  } catch (error) {
    throw new FeelEvaluationError(expression, error);
  }
}

/** feelin's `evaluate`, parsing `=expr` on every call: the reference in tests and bench:feel. */
export function interpretFeel(expression: string, variables: Variables, nowMs: number): unknown {
  try {
    const { value } = evaluate(expression.slice(1), { ...variables, now: clockAt(nowMs) });
    return toJson(value);
  } catch (error) {
    throw new FeelEvaluationError(expression, error);
  }
}

/** FEEL's `now()`: a function without parameters (feelin reads them from its source text). */
function clockAt(nowMs: number): () => unknown {
  return () => dateAndTime(new Date(nowMs).toISOString());
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

export { feelExpressionsInBpmn } from './feel-sources';
