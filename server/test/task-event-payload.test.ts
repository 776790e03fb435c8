// What a person's stream says of a task change: the public fields only (never who holds it, which unit,
// or a caller), and whether it was the receiver's own doing.
import { describe, expect, it } from 'vitest';
import { eventFor } from '../src/modules/events/task-event-hub';
import type { TaskNotice } from '../src/modules/events/task-event-listener';
import { mayActOn } from '../src/modules/tasks/tasks.service';

const notice = (over: Partial<TaskNotice>): TaskNotice => ({
  change: 'created',
  taskId: 't-1',
  cityId: 'tianjin',
  unitId: 'u-quanyechang',
  groups: ['unitHandler'],
  name: '签收或申请退回',
  form: 'accept',
  ticketNumber: '2026120800001',
  subjectKind: null,
  assigneeId: null,
  completedBy: null,
  ...over,
});

describe('task events', () => {
  it('carry the task, its step and ticket number and what changed, nothing of who or which unit', () => {
    expect(eventFor(notice({ assigneeId: 'someone' }), 'me')).toEqual({
      change: 'created', taskId: 't-1', name: '签收或申请退回', form: 'accept', ticketNumber: '2026120800001', subjectKind: null, byYou: false,
    });
  });

  it("say byYou for the receiver's own claim or completion only", () => {
    expect(eventFor(notice({ change: 'claimed', assigneeId: 'me' }), 'me').byYou).toBe(true);
    expect(eventFor(notice({ change: 'claimed', assigneeId: 'other' }), 'me').byYou).toBe(false);
    expect(eventFor(notice({ change: 'completed', assigneeId: 'me', completedBy: 'other' }), 'me').byYou).toBe(false);
    expect(eventFor(notice({ change: 'completed', completedBy: 'me' }), 'me').byYou).toBe(true);
    expect(eventFor(notice({ change: 'withdrawn', assigneeId: 'me' }), 'me').byYou).toBe(false);
  });

  it("go to whom the inbox would show the task: the role in its groups and its unit in the role's scope", () => {
    const handler = { centreRoles: [], unitRoles: [{ role: 'unitHandler', unitIds: ['u-quanyechang'] }] };
    const otherUnit = { centreRoles: [], unitRoles: [{ role: 'unitHandler', unitIds: ['u-youyilu'] }] };
    const dispatcher = { centreRoles: ['dispatcher'], unitRoles: [] };
    expect(mayActOn('u-quanyechang', ['unitHandler'], handler)).toBe(true);
    expect(mayActOn('u-quanyechang', ['unitHandler'], otherUnit)).toBe(false);
    expect(mayActOn('u-quanyechang', ['unitHandler'], dispatcher)).toBe(false);
    expect(mayActOn(null, ['dispatcher'], dispatcher)).toBe(true);
    expect(mayActOn(null, ['dispatcher'], handler)).toBe(false);
  });
});
