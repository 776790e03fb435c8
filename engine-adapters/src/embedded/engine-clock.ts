// The adapter's clock: real time plus an offset kept in the database, so that every engine object on
// the database agrees and a restart keeps the time tests moved to.
import type { Knex } from 'knex';

import type { EngineClock } from '../port';
import { EngineError } from '../port';
import type { RunClock } from './engine-elements';

const TABLE = 'engine_clock';

export class OffsetClock implements EngineClock, RunClock {
  private offsetMs = 0;
  private loaded?: Promise<void>;

  constructor(
    private readonly knex: Knex,
    private readonly controlled: boolean,
    /** Fires what became due; advance() resolves after it. */
    private readonly onAdvance: () => Promise<void>,
  ) {}

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Reads the offset once; every operation of the engine waits for it before reading the time. */
  load(): Promise<void> {
    this.loaded ??= this.knex(TABLE)
      .where({ id: 1 })
      .first('offset_ms')
      .then((row: { offset_ms: string } | undefined) => {
        this.offsetMs = Number(row?.offset_ms ?? 0);
      });
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  async now(): Promise<number> {
    await this.load();
    return this.nowMs();
  }

  async advance(ms: number): Promise<void> {
    this.requireControlled();
    if (!Number.isFinite(ms) || ms < 0) throw new EngineError('INVALID_ARGUMENT', `clock.advance needs a duration in milliseconds ≥ 0, got ${ms}`);
    const { rows } = await this.knex.raw<{ rows: { offset_ms: string }[] }>(`UPDATE ${TABLE} SET offset_ms = offset_ms + ? WHERE id = 1 RETURNING offset_ms`, [Math.round(ms)]);
    this.offsetMs = Number(rows[0]?.offset_ms ?? 0);
    await this.onAdvance();
  }

  async pin(epochMs: number): Promise<void> {
    this.requireControlled();
    if (!Number.isFinite(epochMs)) throw new EngineError('INVALID_ARGUMENT', `clock.pin needs an instant in epoch milliseconds, got ${epochMs}`);
    await this.setOffset(Math.round(epochMs) - Date.now());
    await this.onAdvance();
  }

  async reset(): Promise<void> {
    this.requireControlled();
    await this.setOffset(0);
  }

  private async setOffset(offsetMs: number): Promise<void> {
    await this.knex(TABLE).where({ id: 1 }).update({ offset_ms: offsetMs });
    this.offsetMs = offsetMs;
  }

  private requireControlled(): void {
    if (!this.controlled) throw new EngineError('CLOCK_NOT_CONTROLLED', 'the embedded engine runs on real time; create it with controlledClock: true to move its clock');
  }
}
