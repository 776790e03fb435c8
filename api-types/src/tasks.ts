// A task as the inbox lists it and the task page reads it (server/src/modules/tasks, TASKS-API.md).
import { type Static, Type } from 'typebox';
import { Nullable, StrictObject } from './schemas';

export const TaskBody = StrictObject({
  id: Type.String(),
  ticket: Nullable(
    StrictObject({
      id: Type.String(),
      number: Type.String(),
      type: Type.String(),
      urgency: Type.String(),
      summary: Nullable(Type.String()),
      unit: Nullable(StrictObject({ code: Type.String(), name: Type.String() }, "the ticket's handling unit (承办单位), as the ticket shows it")),
    }),
  ),
  subject: Type.Optional(
    StrictObject(
      { kind: Type.String({ description: 'the subject kind (city.json subjectProcesses), e.g. knowledgeEntry' }), id: Type.String(), title: Type.String() },
      "what a subject process's task is about, instead of a ticket (the ticket is null then)",
    ),
  ),
  form: Nullable(Type.String({ description: 'forms/<form>.json of the pack' })),
  name: Type.String({ description: "the BPMN user task's name" }),
  candidateGroups: Type.Array(Type.String()),
  unit: Nullable(StrictObject({ code: Type.String(), name: Type.String() })),
  assignee: Nullable(StrictObject({ username: Type.String(), name: Type.String() })),
  status: Type.Union([Type.Literal('open'), Type.Literal('claimed'), Type.Literal('completed'), Type.Literal('cancelled')]),
  dueAt: Nullable(Type.String()),
  dueProvisional: Type.Boolean(),
  createdAt: Type.String(),
  completedAt: Nullable(Type.String()),
});
export type ApiTask = Static<typeof TaskBody>;

/** A task's action now: allowed or refused with the rule's sentence; the primary one submits the task's form. */
export const TaskActionBody = StrictObject({
  key: Type.String(),
  label: Type.String(),
  allowed: Type.Boolean(),
  reason: Type.Optional(Type.String({ description: "why the rules refuse it now, in the pack's words" })),
  primary: Type.Boolean({ description: "the action that submits the task's form (the others take only { note })" }),
});
export type ApiTaskAction = Static<typeof TaskActionBody>;

/** A subject task's page shows this card instead of the ticket: the subject's module says what is on it. */
export const SubjectCardBody = StrictObject({
  kind: Type.String(),
  id: Type.String(),
  title: Type.String(),
  fields: Type.Array(StrictObject({ label: Type.String(), value: Type.String() })),
  link: Type.Optional(Type.String({ description: "the portal path of the subject's own page" })),
});
export type ApiSubjectCard = Static<typeof SubjectCardBody>;
