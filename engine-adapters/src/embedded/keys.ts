// Keys come from one PostgreSQL sequence, so they are unique across definitions, instances, tasks,
// jobs, timers and messages, and survive restarts. They travel as strings (bigint, like Zeebe's).
import type { Knex } from 'knex';

export async function allocateKeys(db: Knex, count: number): Promise<string[]> {
  if (count === 0) return [];
  const { rows } = await db.raw<{ rows: { key: string }[] }>("SELECT nextval('engine_key_seq')::text AS key FROM generate_series(1, ?)", [count]);
  return rows.map((r) => r.key);
}

/**
 * Keys taken from the sequence a block at a time, so that a step does not ask for each one (a key
 * taken and not used leaves a gap, as a rolled-back nextval does). One per engine object: its database.
 */
export class KeyBlocks {
  private spare: string[] = [];

  constructor(private readonly blockSize = 64) {}

  async take(db: Knex, count: number): Promise<string[]> {
    if (count === 0) return [];
    if (this.spare.length < count) this.spare.push(...(await allocateKeys(db, Math.max(count, this.blockSize))));
    return this.spare.splice(0, count);
  }
}

const MAX_KEY = 2n ** 63n - 1n;

/** Whether a caller's key can be one of ours (anything else is unknown without asking the database). */
export function isKey(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_KEY;
}
