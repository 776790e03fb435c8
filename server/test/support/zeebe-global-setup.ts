// The Zeebe project's PostgreSQL: a cluster of its own (.data/test-pg-zeebe), so the two projects of
// one run never share (and never clean up) each other's databases. The broker comes from
// engine-adapters' harness (test/zeebe.global-setup.ts there), which also makes runs take turns.
import { postgresSetup } from './global-setup';

declare module 'vitest' {
  /** Provided by engine-adapters/test/zeebe.global-setup.ts. */
  export interface ProvidedContext {
    zeebe: { address: string; clockUrl: string };
  }
}

export default postgresSetup('test-pg-zeebe');
