// Tells the platform about open user tasks: once when a task opens, again for every open task after
// a restart (the port allows repeats; listeners key on task.key). A listener that throws gets the
// task again after a delay. A listener registered `inStep` hears of a task inside the step that opens
// it, in a savepoint of the step's transaction; if it throws there, it hears of it after the commit.
import type { Knex } from 'knex';

import type { UserTaskCreated, UserTaskListener, UserTaskListenerOptions } from '../port';
import type { BackgroundWork } from './background-work';
import { openUserTasks } from './instance.repository';
import type { InstanceView, UserTaskRow } from './instance.repository';
import { inStepSavepoint } from './step-context';
import type { DeferredPublication } from './step-context';

/** Open tasks read at once when every one is announced. */
const ANNOUNCE_PAGE = 500;

interface Registered {
  listener: UserTaskListener;
  inStep: boolean;
}

export class TaskAnnouncer {
  private readonly listeners: Registered[] = [];

  constructor(
    private readonly knex: Knex,
    private readonly work: BackgroundWork,
    private readonly retryDelayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(listener: UserTaskListener, options?: UserTaskListenerOptions): void {
    this.listeners.push({ listener, inStep: options?.inStep === true });
  }

  /**
   * Inside a step, after its waits are written: the in-step listeners hear of the tasks it opened. Returns
   * the keys every in-step listener took; messages they published join `publications`.
   */
  async announceInStep(trx: Knex.Transaction, keys: string[], publications: DeferredPublication[]): Promise<string[]> {
    const inStep = this.listeners.filter((l) => l.inStep);
    if (!inStep.length || !keys.length) return [];
    const taken: string[] = [];
    for (const row of await openUserTasks(trx, keys)) {
      const task = toUserTaskCreated(row);
      try {
        await inStepSavepoint(trx, publications, async () => {
          for (const { listener } of inStep) await listener(task);
        });
      } catch {
        continue; // announced after the commit, to every listener
      }
      taken.push(task.key);
    }
    return taken;
  }

  /**
   * Announces the open tasks with these keys, or every open task (a page at a time: a large city's
   * engine restarts with a hundred thousand of them). `afterStepOnly`: the in-step listeners took these
   * already; only the others hear of them.
   */
  async announce(keys?: string[], afterStepOnly = false): Promise<void> {
    const listeners = this.listeners.filter((l) => !afterStepOnly || !l.inStep);
    if (!listeners.length || keys?.length === 0) return;
    const failed: string[] = [];
    if (keys) {
      await this.tell(listeners, await openUserTasks(this.knex, keys), failed);
    } else {
      try {
        for (let after: string | null = null; !this.work.stopped; ) {
          const page = await openUserTasks(this.knex, undefined, { after, limit: ANNOUNCE_PAGE });
          await this.tell(listeners, page, failed);
          if (page.length < ANNOUNCE_PAGE) break;
          after = page[page.length - 1]!.key;
        }
      } catch (error) {
        // a page that could not be read: all of them again later (listeners key on the task)
        this.onError(error);
        this.work.later(this.retryDelayMs, () => this.announce(undefined, afterStepOnly));
      }
    }
    if (failed.length) this.work.later(this.retryDelayMs, () => this.announce(failed, afterStepOnly));
  }

  private async tell(listeners: Registered[], rows: (UserTaskRow & InstanceView)[], failed: string[]): Promise<void> {
    for (const row of rows) {
      if (this.work.stopped) return;
      const task = toUserTaskCreated(row);
      for (const { listener } of listeners) {
        try {
          await listener(task);
        } catch (error) {
          this.onError(error);
          failed.push(task.key);
          break;
        }
      }
    }
  }
}

function toUserTaskCreated(row: UserTaskRow & InstanceView): UserTaskCreated {
  return {
    key: row.key,
    processInstanceKey: row.instance_key,
    bpmnProcessId: row.bpmn_process_id,
    processVersion: row.version,
    elementId: row.element_id,
    elementInstanceKey: row.element_instance_key,
    ...(row.form_key !== null && { formKey: row.form_key }),
    candidateGroups: row.candidate_groups,
    customHeaders: row.custom_headers,
    variables: { ...row.variables, ...row.local_variables },
  };
}
