// Fires timers by the adapter's clock: every timer due now, in due order, one step each; then sleeps
// (real time) until the next one is due. A pinned clock stands still, so nothing falls due by itself:
// moving it (pin, advance, reset) fires what is due, and so does start().
// The clock's moves and start() call fireDue() and wait for it.
import type { Knex } from 'knex';

import type { BackgroundWork } from './background-work';
import type { RunClock } from './process-run';

/** The scheduler's view of the clock: the time, and whether it runs at all. */
export interface SchedulerClock extends RunClock {
  isPinned(): boolean;
}
import { nextTimer } from './instance.repository';
import type { TimerRow } from './instance.repository';

/** setTimeout's limit; a later timer is re-armed when this wake-up finds nothing due. */
const MAX_SLEEP_MS = 2_147_483_647;

export class TimerScheduler {
  private wakeUp?: NodeJS.Timeout;
  private firing: Promise<void> = Promise.resolve();

  constructor(
    private readonly knex: Knex,
    private readonly clock: SchedulerClock,
    private readonly work: BackgroundWork,
    private readonly fire: (timer: TimerRow) => Promise<void>,
  ) {}

  /** Fires what is due, including timers that firing others makes due; one pass at a time. */
  fireDue(): Promise<void> {
    const pass = this.firing.then(() => this.firePass());
    this.firing = pass.catch(() => undefined);
    return pass;
  }

  private async firePass(): Promise<void> {
    const fired = new Set<string>();
    for (let timer = await this.nextDue(); timer; timer = await this.nextDue()) {
      // A fired timer leaves the table or its instance leaves `active`; anything else would spin.
      if (fired.has(timer.key)) throw new Error(`timer ${timer.key} of process instance ${timer.instance_key} is still due after firing`);
      fired.add(timer.key);
      await this.fire(timer);
    }
    await this.arm();
  }

  /** Sleeps until the next timer is due (on the adapter's clock); a pinned clock never gets there. */
  async arm(): Promise<void> {
    if (this.work.stopped) return;
    const next = await nextTimer(this.knex);
    clearTimeout(this.wakeUp);
    if (!next) return;
    // A pinned clock stands still: what falls due waits for its next move (pin, advance, reset), as on
    // Zeebe's controlled clock, even a timer created due already (a deadline that passed before its step).
    if (this.clock.isPinned()) return;
    const delay = Math.min(Math.max(next.due_at.getTime() - this.clock.nowMs(), 0), MAX_SLEEP_MS);
    if (delay === 0) return this.work.run(() => this.fireDue());
    this.wakeUp = setTimeout(() => this.work.run(() => this.fireDue()), delay);
  }

  stop(): void {
    clearTimeout(this.wakeUp);
  }

  private nextDue(): Promise<TimerRow | undefined> {
    return nextTimer(this.knex, new Date(this.clock.nowMs()));
  }
}
