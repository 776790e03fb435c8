// Group commit: writes that arrive while one transaction is at work wait for it and then go together,
// in one transaction. A lone write goes at once (no timer, no added wait on a quiet system); under load
// the groups grow by themselves. Should a group's transaction fail, each of its writes is tried again
// alone, so one bad write fails only its own caller (its job, which the engine hands out again).

export class GroupWrite<T> {
  private readonly waiting: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  private writing = false;

  constructor(
    /** Writes the items in one transaction, in their order; all or nothing. */
    private readonly writeAll: (items: T[]) => Promise<void>,
    private readonly maxGroup = 64,
  ) {}

  write(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxGroup);
        try {
          await this.writeAll(group.map((w) => w.item));
          for (const w of group) w.resolve();
        } catch (error) {
          if (group.length === 1) group[0]?.reject(error);
          else await Promise.all(group.map((w) => this.writeAll([w.item]).then(w.resolve, w.reject)));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
