// The user tasks the engine announced, per process instance; announcements of the same task again
// (a lapsed lease re-delivers it with the same key) are kept once.
import type { UserTaskCreated, UserTaskListener, Variables } from '@hotline/engine-adapters';

const POLL_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TaskInbox {
  private readonly open = new Map<string, UserTaskCreated>();
  private readonly finished = new Set<string>();

  readonly listener: UserTaskListener = async (task) => {
    if (!this.finished.has(task.key)) this.open.set(task.key, task);
  };

  openTasks(processInstanceKey: string): UserTaskCreated[] {
    return [...this.open.values()].filter((t) => t.processInstanceKey === processInstanceKey);
  }

  /** The open tasks of the instance at `elementId` ended without completion (an interrupting boundary event). */
  withdraw(processInstanceKey: string, elementId: string): void {
    for (const task of this.openTasks(processInstanceKey)) if (task.elementId === elementId) this.finish(task.key);
  }

  finish(key: string): void {
    this.finished.add(key);
    this.open.delete(key);
  }

  /** Waits for an open task at `elementId` of the instance whose variables match `where`. */
  async waitFor(processInstanceKey: string, elementId: string, where: Variables | undefined, withinMs: number): Promise<UserTaskCreated> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const found = this.openTasks(processInstanceKey).find(
        (t) => t.elementId === elementId && Object.entries(where ?? {}).every(([k, v]) => JSON.stringify(t.variables[k]) === JSON.stringify(v)),
      );
      if (found) return found;
      if (Date.now() > deadline) {
        const open = this.openTasks(processInstanceKey).map((t) => t.elementId);
        throw new Error(`no task "${elementId}"${where ? ` with ${JSON.stringify(where)}` : ''} within ${withinMs} ms; open tasks: [${open.join(', ')}]`);
      }
      await sleep(POLL_MS);
    }
  }
}
