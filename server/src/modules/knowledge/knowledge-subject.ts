// The knowledge entry as a subject of a pack process (知识库条目审核, processes/knowledge-entry.bpmn):
// what the reviewer's task page shows, and what the review's outcome does to the entry.
import type { Knex } from 'knex';
import type { SubjectKind, SubjectSummary } from '../subjects/subject-kind';
import { KNOWLEDGE_SUBJECT_KIND, applyReviewOutcome } from './knowledge.service';
import { isUuid } from '../../database/ids';

async function summary(db: Knex, subjectId: string): Promise<SubjectSummary | null> {
  if (!isUuid(subjectId)) return null;
  const row = (await db('knowledge_entries as e')
    .join('units as u', 'u.id', 'e.unit_id')
    .join('knowledge_versions as v', 'v.entry_id', 'e.id')
    .where('e.id', subjectId)
    .orderByRaw(`(v.status = 'review') desc, v.version desc`)
    .first(
      'e.code',
      'u.name as unit_name',
      'v.version',
      'v.title',
      'v.content',
      'v.basis',
      'v.kind',
      'v.category',
      'v.status',
      db.raw(`to_char(v.effective_from, 'YYYY-MM-DD') as effective_from`),
      db.raw(`to_char(v.expires_on, 'YYYY-MM-DD') as expires_on`),
    )) as Record<string, string | number> | undefined;
  if (!row) return null;
  return {
    title: `知识条目 ${row.code} 第${row.version}版：${row.title}`,
    fields: [
      { label: '提供单位', value: String(row.unit_name) },
      { label: '依据', value: String(row.basis) },
      { label: '有效期', value: `${row.effective_from} 至 ${row.expires_on}` },
      { label: '内容', value: String(row.content) },
    ],
    link: `/knowledge/${subjectId}`,
  };
}

/** Registered with the subject-process foundation under kind `knowledgeEntry`. */
export const knowledgeSubjectKind: SubjectKind = {
  kind: KNOWLEDGE_SUBJECT_KIND,
  summary,
  onOutcome: (trx, subject, outcome, variables, actor) => applyReviewOutcome(trx, subject, outcome, variables, actor),
};
