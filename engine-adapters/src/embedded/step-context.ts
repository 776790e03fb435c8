// What a job handler run inside a step (see JobWorkerOptions.inStep) can reach: the step's transaction,
// so its writes commit or roll back with the step, and the messages it published. Those are buffered in
// the step's transaction (a subscription the step then opens takes it, as on Zeebe, where a job's
// message precedes its completion) and correlated to subscriptions opened before once the step committed
// (stepping those inside it could wait on a lock held by whoever waits on this step).
import { AsyncLocalStorage } from 'node:async_hooks';

import type { Knex } from 'knex';

import type { Variables } from '../port';

/** A message a handler published inside a step, buffered under `messageKey`. */
export interface DeferredPublication {
  messageKey: string;
  name: string;
  correlationKey: string;
  variables: Variables;
}

interface StepContext {
  trx: Knex.Transaction;
  publications: DeferredPublication[];
}

const context = new AsyncLocalStorage<StepContext>();

/**
 * Runs `work` as inside the step, in a savepoint of its transaction: if it throws, its writes roll back
 * and the messages it published are dropped; otherwise they join `publications`.
 */
export async function inStepSavepoint<T>(trx: Knex.Transaction, publications: DeferredPublication[], work: () => Promise<T>): Promise<T> {
  const mine: DeferredPublication[] = [];
  const result = await trx.transaction((savepoint) => context.run({ trx: savepoint, publications: mine }, work));
  publications.push(...mine);
  return result;
}

/**
 * The transaction of the embedded engine's step a job handler runs in, if it runs in one: a handler
 * registered with `inStep` writes through it, so a step that fails leaves nothing of the handler behind.
 */
export function stepTransaction(): Knex.Transaction | undefined {
  return context.getStore()?.trx;
}

/** Inside a step: remembers a message buffered in it, to correlate once the step committed. */
export function deferCorrelation(publication: DeferredPublication): void {
  context.getStore()?.publications.push(publication);
}
