// Tells the platform about open user tasks: once when a task opens, again for every open task after
// a restart (the port allows repeats; listeners key on task.key). A listener that throws gets the
// task again after a delay.
import type { Knex } from 'knex';

import type { UserTaskCreated, UserTaskListener } from '../port';
import type { BackgroundWork } from './background-work';
import { openUserTasks } from './instance.repository';
import type { InstanceView, UserTaskRow } from './instance.repository';

export class TaskAnnouncer {
  private readonly listeners: UserTaskListener[] = [];

  constructor(
    private readonly knex: Knex,
    private readonly work: BackgroundWork,
    private readonly retryDelayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(listener: UserTaskListener): void {
    this.listeners.push(listener);
  }

  /** Announces the open tasks with these keys, or every open task. */
  async announce(keys?: string[]): Promise<void> {
    if (!this.listeners.length || keys?.length === 0) return;
    const failed: string[] = [];
    for (const row of await openUserTasks(this.knex, keys)) {
      const task = toUserTaskCreated(row);
      for (const listener of this.listeners) {
        try {
          await listener(task);
        } catch (error) {
          this.onError(error);
          failed.push(task.key);
          break;
        }
      }
    }
    if (failed.length) this.work.later(this.retryDelayMs, () => this.announce(failed));
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
