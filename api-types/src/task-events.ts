// Live updates: what `GET /api/events` (server-sent events) tells a signed-in person about the tasks they
// may act on (the inbox's rules). No personal data: which task, its name, form and ticket number, and what
// changed. The stream's event names are TASK_EVENT (one change), READY (the subscription is live: every
// change committed from now on arrives) and RESYNC (the server may have missed changes, e.g. its database
// connection dropped: reload what is shown).
import { type Static, Type } from 'typebox';
import { Nullable, StrictObject } from './schemas';

export const TASK_CHANGES = ['created', 'claimed', 'completed', 'withdrawn', 'reopened'] as const;
export type TaskChange = (typeof TASK_CHANGES)[number];

export const TASK_EVENT = 'task';
export const READY_EVENT = 'ready';
export const RESYNC_EVENT = 'resync';

export const TaskEventBody = StrictObject(
  {
    change: Type.Union([Type.Literal('created'), Type.Literal('claimed'), Type.Literal('completed'), Type.Literal('withdrawn'), Type.Literal('reopened')], {
      description: 'created (in the inbox now), claimed, completed, withdrawn (the process took it back), reopened (a claim released or a completion refused)',
    }),
    taskId: Type.String(),
    name: Type.String({ description: "the BPMN user task's name (签收, 办理 …)" }),
    form: Nullable(Type.String({ description: 'forms/<form>.json of the pack' })),
    ticketNumber: Nullable(Type.String({ description: "the ticket's number; null for a subject process's task" })),
    subjectKind: Nullable(Type.String({ description: "a subject process's kind (knowledgeEntry …); null for a ticket's task" })),
    byYou: Type.Boolean({ description: 'the receiver claimed or completed it themself (in this or another tab)' }),
  },
  'one change of a task the receiver may act on (SSE event "task", data as JSON)',
);
export type TaskEvent = Static<typeof TaskEventBody>;
