// The subject kinds the server registers at start (app.ts): one line per module that runs its subjects
// through a pack process, e.g. the knowledge base's `knowledgeEntry` and `knowledgeUpdate`, the assessment's `assessmentAppeal`.
import { assessmentAppealKind } from '../assessment/assessment-appeal';
import { knowledgeSubjectKind } from '../knowledge/knowledge-subject';
import { knowledgeUpdateKind } from '../knowledge/knowledge-update';
import type { SubjectKind } from './subject-kind';

export const SUBJECT_KINDS: readonly SubjectKind[] = [knowledgeSubjectKind, knowledgeUpdateKind, assessmentAppealKind];
