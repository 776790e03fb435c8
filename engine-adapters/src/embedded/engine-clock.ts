// The adapter's clock, kept in the database (`engine_clock`, one row) so that every engine object on
// the database agrees and a restart keeps the time tests moved it to. The row holds:
//   pinned_ms  null while the clock runs; otherwise the instant the clock stands still at
//   offset_ms  added to real time while the clock runs
// As Zeebe's controlled clock: `pin(t)` stops the clock at t, `advance(ms)` moves the pinned instant
// (or, on a running clock, the offset), and `reset()` returns to real time. Each fires the timers that
// fell due, in due order, before it resolves. Unlike Zeebe's, this clock may be pinned back: nothing
// here is scheduled on it but the timers, which simply wait longer (see port.ts).
import type { Knex } from 'knex';

import type { EngineClock } from '../port';
import { EngineError } from '../port';
import type { RunClock } from './process-run';

const TABLE = 'engine_clock';

interface ClockRow {
  pinned_ms: string | null;
  offset_ms: string;
}

export class StoredClock implements EngineClock, RunClock {
  private pinnedMs: number | null = null;
  private offsetMs = 0;
  private loaded?: Promise<void>;

  constructor(
    private readonly knex: Knex,
    private readonly controlled: boolean,
    /** Fires what became due and re-arms the wake-up; the clock's moves resolve after it. */
    private readonly onChange: () => Promise<void>,
  ) {}

  nowMs(): number {
    return this.pinnedMs ?? Date.now() + this.offsetMs;
  }

  /** Whether the clock stands still: then nothing falls due unless the clock is moved. */
  isPinned(): boolean {
    return this.pinnedMs !== null;
  }

  /** Reads the row once; every operation of the engine waits for it before reading the time. */
  load(): Promise<void> {
    this.loaded ??= this.knex(TABLE)
      .where({ id: 1 })
      // Every column: a database migrated before `pinned_ms` existed still runs on real time.
      .first()
      .then((row: Partial<ClockRow> | undefined) => this.remember(row));
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
    const by = Math.round(ms);
    // One statement: the pinned instant moves if there is one, the offset otherwise.
    await this.update(
      `pinned_ms = pinned_ms + :by, offset_ms = CASE WHEN pinned_ms IS NULL THEN offset_ms + :by ELSE offset_ms END`,
      { by },
    );
    await this.onChange();
  }

  async pin(epochMs: number): Promise<void> {
    this.requireControlled();
    if (!Number.isFinite(epochMs)) throw new EngineError('INVALID_ARGUMENT', `clock.pin needs an instant in epoch milliseconds, got ${epochMs}`);
    await this.update('pinned_ms = :at', { at: Math.round(epochMs) });
    await this.onChange();
  }

  async reset(): Promise<void> {
    this.requireControlled();
    await this.update('pinned_ms = NULL, offset_ms = 0', {});
    await this.onChange();
  }

  private async update(set: string, bindings: Record<string, number>): Promise<void> {
    const { rows } = await this.knex.raw<{ rows: ClockRow[] }>(`UPDATE ${TABLE} SET ${set} WHERE id = 1 RETURNING pinned_ms, offset_ms`, bindings);
    this.remember(rows[0]);
    this.loaded = Promise.resolve();
  }

  private remember(row: Partial<ClockRow> | undefined): void {
    if (!row) throw new EngineError('UNAVAILABLE', `the ${TABLE} table has no row: apply the embedded engine's migration`);
    this.pinnedMs = row.pinned_ms === null || row.pinned_ms === undefined ? null : Number(row.pinned_ms);
    this.offsetMs = Number(row.offset_ms ?? 0);
  }

  private requireControlled(): void {
    if (!this.controlled) throw new EngineError('CLOCK_NOT_CONTROLLED', 'the embedded engine runs on real time; create it with controlledClock: true to move its clock');
  }
}
