// Crash safety on the embedded engine: the server in a child process, killed with SIGKILL mid-flow and
// started again on the same database (see support/crash-scenario.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { crashScenario } from './support/crash-scenario';
import { type TestDatabase, freshDatabase } from './support/database';

describe('crash safety on the embedded engine', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.drop());

  it('loses and doubles no ticket, task or timer when the server is killed mid-flow and restarted', async () => {
    await crashScenario({
      db,
      env: { DATABASE_URL: db.url, ENGINE_CLOCK_CONTROLLED: 'true' },
      announceTimeoutMs: 20_000,
      pendingTimers: async (processInstanceKey) => {
        const rows = await db.knex('engine_timer').where({ instance_key: processInstanceKey }).count({ n: '*' }).first();
        return Number(rows?.n);
      },
    });
  }, 300_000);
});
