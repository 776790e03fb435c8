// What a job handler run inside a step (see JobWorkerOptions.inStep) can reach: the step's transaction,
// so its writes commit or roll back with the step, and a place for the messages it publishes, which go
// out once the step committed (publishing inside it would wait on the instance lock the step holds).
import { AsyncLocalStorage } from 'node:async_hooks';

import type { Knex } from 'knex';

import type { Variables } from '../port';

export interface DeferredPublication {
  name: string;
  correlationKey: string;
  variables: Variables;
  options: { messageId?: string; timeToLiveMs?: number };
}

interface StepContext {
  trx: Knex.Transaction;
  publications: DeferredPublication[];
}

const context = new AsyncLocalStorage<StepContext>();

export function runInStep<T>(trx: Knex.Transaction, publications: DeferredPublication[], work: () => Promise<T>): Promise<T> {
  return context.run({ trx, publications }, work);
}

/**
 * The transaction of the embedded engine's step a job handler runs in, if it runs in one: a handler
 * registered with `inStep` writes through it, so a step that fails leaves nothing of the handler behind.
 */
export function stepTransaction(): Knex.Transaction | undefined {
  return context.getStore()?.trx;
}

/** Inside a step: keeps the publication for after the commit and answers true. */
export function deferPublication(publication: DeferredPublication): boolean {
  const store = context.getStore();
  if (!store) return false;
  store.publications.push(publication);
  return true;
}
