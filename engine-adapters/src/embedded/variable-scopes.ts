// Zeebe's variable scopes, reduced to what the subset needs: a root scope per instance, and per task
// the local variables its job or form sees (the multi-instance input element, `loopCounter`, ioMapping
// inputs). Completion variables go through the output mappings if there are any, else into the root.
import type { Variables } from '../port';
import { FeelEvaluationError, resolveValue } from './feel';
import type { Iteration } from './process-run';
import type { TaskSpec } from './process-model';

/** The variables local to one task (or one multi-instance iteration of it), fixed when it opens. */
export function taskLocals(spec: TaskSpec, iteration: Iteration | undefined, root: Variables, nowMs: number): Variables {
  const locals: Variables = {};
  if (iteration && spec.loop?.inputElement) {
    locals[spec.loop.inputElement] = iteration.item;
    locals.loopCounter = iteration.index + 1;
  }
  for (const { source, target } of spec.inputs) locals[target] = resolveValue(source, { ...root, ...locals }, nowMs);
  return locals;
}

/** Applies a completed job's or task's variables to the root scope. */
export function applyCompletion(root: Variables, spec: TaskSpec, locals: Variables, result: Variables, iteration: Iteration | undefined, nowMs: number): void {
  const scope = { ...root, ...locals, ...result };
  if (spec.outputs.length) {
    for (const { source, target } of spec.outputs) root[target] = resolveValue(source, scope, nowMs);
  } else {
    Object.assign(root, result);
  }
  const loop = spec.loop;
  if (iteration && loop?.outputCollection && loop.outputElement) {
    const current = root[loop.outputCollection];
    const collected = Array.isArray(current) && current.length === iteration.cardinality ? [...current] : new Array<unknown>(iteration.cardinality).fill(null);
    collected[iteration.index] = resolveValue(loop.outputElement, scope, nowMs);
    root[loop.outputCollection] = collected;
  }
}

/** A value the engine needs as a string (job type, message name, correlation key). */
export function requireString(expression: string, value: unknown, what: string): string {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number') return String(value);
  throw new FeelEvaluationError(expression, new Error(`${what} must be a string or a number, got ${JSON.stringify(value)}`));
}

/** `candidateGroups`: a comma-separated string, or FEEL giving a list or such a string. */
export function candidateGroups(value: unknown): string[] {
  const groups = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return groups.map((g) => g.trim()).filter(Boolean);
}
