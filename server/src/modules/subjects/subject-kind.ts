// A subject process (流程对象) is a pack process whose instances are about something other than a ticket:
// a knowledge entry on its way to publication (知识库条目审核), a unit's appeal against an assessment
// figure (考核申诉). Its user tasks reach the inbox like a ticket's; what the process decides reaches
// the subject's own module through its `SubjectKind`, so the modules never read engine state.
import type { Knex } from 'knex';
import type { AuditActor } from '../auth/actor';

/** What a task page shows about its subject (the ticket card's counterpart). */
export interface SubjectSummary {
  title: string;
  fields: { label: string; value: string }[];
  /** The portal path of the subject's own page, when it has one. */
  link?: string;
}

/** A module that runs its subjects through a pack process registers one of these. */
export interface SubjectKind {
  /** Pack vocabulary key of the subject kind, e.g. `knowledgeEntry`, `assessmentAppeal`. */
  kind: string;
  summary(db: Knex, subjectId: string): Promise<SubjectSummary | null>;
  /**
   * The process reached an outcome (e.g. `published`, `returned`, `upheld`, `rejected`), in the
   * transaction that records it; `variables` are the process variables (the reviewers' form fields).
   */
  onOutcome(
    trx: Knex.Transaction,
    subject: { cityId: string; subjectId: string },
    outcome: string,
    variables: Record<string, unknown>,
    actor: AuditActor | null,
  ): Promise<void>;
}

/** Starts a subject's process; the subject module holds one and calls it when a subject is submitted. */
export interface SubjectProcessStarter {
  start(
    trx: Knex.Transaction,
    request: {
      kind: string;
      cityId: string;
      subjectId: string;
      /** The unit whose roles act on the process's unit tasks (its id, or its code); also the process variable `unitId`. */
      unitId?: string | null;
      title: string;
      variables?: Record<string, unknown>;
      /** Who submitted it, for the audit trail (optional: added after the port was first published). */
      actor?: AuditActor | null;
    },
  ): Promise<{ processInstanceKey: string }>;
}
