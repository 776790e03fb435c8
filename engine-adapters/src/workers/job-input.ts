// Reading a job's headers and variables, with errors that name the element and the missing piece.
// A worker that cannot do its job throws: the adapter fails the job, retries, then raises an incident.
import { type CityRules, HotlineError, type RuleVersion, parseInstant } from '@hotline/rules';
import type { ServiceJob } from '../port';
import type { WorkerDeps } from './worker-deps';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class JobInputError extends HotlineError {
  constructor(job: ServiceJob, message: string) {
    super('JOB_INPUT', `${job.type} at ${job.bpmnProcessId}/${job.elementId} (job ${job.key}): ${message}`, 'user');
    this.name = 'JobInputError';
  }
}

export function header(job: ServiceJob, name: string): string {
  const value = optionalHeader(job, name);
  if (value === undefined) throw new JobInputError(job, `the task header "${name}" is missing`);
  return value;
}

export function optionalHeader(job: ServiceJob, name: string): string | undefined {
  const value = job.customHeaders[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A header naming a process variable; refused unless it is a plain identifier. */
export function variableNameHeader(job: ServiceJob, name: string, required: true): string;
export function variableNameHeader(job: ServiceJob, name: string, required: false): string | undefined;
export function variableNameHeader(job: ServiceJob, name: string, required: boolean): string | undefined {
  const value = required ? header(job, name) : optionalHeader(job, name);
  if (value !== undefined && !IDENTIFIER.test(value)) throw new JobInputError(job, `the task header "${name}" must name a variable, got "${value}"`);
  return value;
}

export function stringVariable(job: ServiceJob, name: string): string {
  const value = job.variables[name];
  if (typeof value !== 'string' || value === '') throw new JobInputError(job, `the variable "${name}" must be a non-empty string, got ${describe(value)}`);
  return value;
}

export function optionalStringVariable(job: ServiceJob, name: string): string | undefined {
  const value = job.variables[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new JobInputError(job, `the variable "${name}" must be a string, got ${describe(value)}`);
  return value;
}

/** An instant variable (ISO-8601 with offset); returns the text and its epoch milliseconds. */
export function instantVariable(job: ServiceJob, name: string): { text: string; ms: number } {
  const text = stringVariable(job, name);
  return { text, ms: parseInstantOf(job, name, text) };
}

export function optionalInstantVariable(job: ServiceJob, name: string): { text: string; ms: number } | undefined {
  const text = optionalStringVariable(job, name);
  return text === undefined ? undefined : { text, ms: parseInstantOf(job, name, text) };
}

export function countVariable(job: ServiceJob, name: string): number {
  const value = job.variables[name];
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new JobInputError(job, `the variable "${name}" must be a count, got ${describe(value)}`);
  return value;
}

/** The ticket a job belongs to: `ticketId` and `city` are start variables of every ticket process. */
export function ticketOf(job: ServiceJob, deps: Pick<WorkerDeps, 'rulesFor'>): { ticketId: string; city: string; rules: CityRules } {
  const ticketId = stringVariable(job, 'ticketId');
  const city = stringVariable(job, 'city');
  return { ticketId, city, rules: deps.rulesFor(city) };
}

/** Names the rule version a migrated ticket was moved to (policy staff applied new rules to open tickets). */
export const RULE_VERSION_OVERRIDE_VARIABLE = 'ruleVersionOverride';

/**
 * The ticket's rule version: the one in force at `registeredAt`, unless the ticket carries an explicit
 * override (set when it was migrated with its deadlines recomputed under the new rules).
 */
export function ruleVersionOf(job: ServiceJob, rules: CityRules): RuleVersion {
  const override = optionalStringVariable(job, RULE_VERSION_OVERRIDE_VARIABLE);
  try {
    return rules.versionOfTicket(instantVariable(job, 'registeredAt').ms, override);
  } catch (error) {
    if (error instanceof JobInputError) throw error;
    throw new JobInputError(job, error instanceof Error ? error.message : String(error));
  }
}

function parseInstantOf(job: ServiceJob, name: string, text: string): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new JobInputError(job, `the variable "${name}" is not an instant: ${parsed.reason}`);
  return parsed.ms;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
