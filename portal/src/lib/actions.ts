// The buttons of a task page, from the task detail's `actions` (the choices the rules allow now).
// The primary action (the server marks it; else the first) submits the task's form; the others
// (申请退回, 申请延期 …) choose another path and carry only an optional note (说明), asked for in a
// confirmation. An action the rules refuse stays visible, disabled, with the reason. Pure: unit-tested.
import type { TaskAction } from '../api/types';

export interface PlannedAction extends Omit<TaskAction, 'primary'> {
  /** Whether it submits the task's form (only the primary action). */
  submitsForm: boolean;
  /** Whether to confirm first and ask for a note (every other action). */
  confirm: boolean;
}

/** Without actions from the server, the task has one: submit the form. */
export const SUBMIT: TaskAction = { key: '', label: '提交', allowed: true, primary: true };

export function planActions(actions: readonly TaskAction[] | undefined): PlannedAction[] {
  const list = actions && actions.length > 0 ? actions : [SUBMIT];
  const marked = list.some((a) => a.primary === true);
  return list.map(({ primary, ...a }, i) => {
    const main = marked ? primary === true : i === 0;
    return { ...a, submitsForm: main, confirm: !main };
  });
}

/** What an action sends: the form for the primary one, else only the note (when one was written). */
export function completionData(action: PlannedAction, formData: unknown, note: string): unknown {
  if (action.submitsForm) return formData ?? {};
  const text = note.trim();
  return text ? { note: text } : {};
}

/** Why nothing can be done on the task now, or null. */
export function blockedReason(task: { status: string; assignee: { username: string; name: string } | null }, username: string): string | null {
  if (task.status === 'completed') return '该任务已办结。';
  if (task.status === 'cancelled') return '该任务已取消。';
  if (task.assignee && task.assignee.username !== username) return `该任务已由 ${task.assignee.name || task.assignee.username} 认领办理。`;
  return null;
}

/**
 * Whether the portal takes the task for the person as it brings them to it: the next step of what they
 * just did (a ticket they registered, a step they completed), listed in their own inbox — so they may
 * act on it — and held by nobody. They go on without a separate 认领.
 */
export function claimOnArrival(task: { status: string; assignee: { username: string } | null }): boolean {
  return task.status === 'open' && task.assignee === null;
}
