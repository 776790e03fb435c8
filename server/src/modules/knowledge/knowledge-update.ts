// 知识更新 (Tianjin 2025 §17, §19): an entry flagged for update — by the centre's 需更新 or by its coming
// expiry — becomes a task of its unit, a subject process of the pack (city.json subjectProcesses
// `knowledgeUpdate`, processes/knowledge-update.bpmn) due when the flag is (the process variable
// `knowledgeUpdateDue`, which the inbox counts down). The unit answers 已提交更新 (`updated`: the flag stays until
// the new version is published) or 无需更新 with the reason (`unchanged`: the flag is cleared).
import type { Knex } from 'knex';
import { formatInstant } from '@hotline/rules';
import { recordEvent } from '../audit/audit.repository';
import type { AuditActor } from '../auth/actor';
import type { SubjectKind, SubjectProcessStarter, SubjectSummary } from '../subjects/subject-kind';
import { isUuid } from '../../database/ids';

export const KNOWLEDGE_UPDATE_KIND = 'knowledgeUpdate';

export interface UpdateFlag {
  cityId: string;
  entryId: string;
  code: string;
  unitId: string;
  reason: string;
  emergency: boolean;
  dueMs: number;
  /** The city's UTC offset, for the due instant as the process variable `knowledgeUpdateDue`. */
  offsetMinutes: number;
  actor: AuditActor | null;
}

/**
 * Starts the unit's 知识更新 task for a flag, in the caller's transaction; nothing when no starter is wired
 * or one is still open for the entry (a second flag changes the entry's due, not the task).
 */
export async function startUpdateTask(trx: Knex.Transaction, starter: SubjectProcessStarter | null, flag: UpdateFlag): Promise<boolean> {
  if (!starter) return false;
  const open = await trx('subject_processes').where({ city_id: flag.cityId, kind: KNOWLEDGE_UPDATE_KIND, subject_id: flag.entryId }).whereNull('outcome').first('id');
  if (open) return false;
  const title = (await trx('knowledge_versions').where({ entry_id: flag.entryId }).orderByRaw(`(status = 'published') desc, version desc`).first('title')) as { title: string } | undefined;
  await starter.start(trx, {
    kind: KNOWLEDGE_UPDATE_KIND,
    cityId: flag.cityId,
    subjectId: flag.entryId,
    unitId: flag.unitId,
    title: `${flag.code} 需更新 ${title?.title ?? ''}`.trim(),
    variables: { code: flag.code, flagReason: flag.reason, emergency: flag.emergency, knowledgeUpdateDue: formatInstant(flag.dueMs, flag.offsetMinutes) },
    actor: flag.actor,
  });
  return true;
}

async function summary(db: Knex, subjectId: string): Promise<SubjectSummary | null> {
  if (!isUuid(subjectId)) return null;
  const row = (await db('knowledge_entries as e')
    .join('units as u', 'u.id', 'e.unit_id')
    .join('knowledge_versions as v', 'v.entry_id', 'e.id')
    .where('e.id', subjectId)
    .orderByRaw(`(v.status = 'published') desc, v.version desc`)
    .first('e.code', 'u.name as unit_name', 'v.version', 'v.title', 'e.update_reason', 'e.update_emergency', 'e.update_due_at', db.raw(`to_char(v.expires_on, 'YYYY-MM-DD') as expires_on`))) as
    | { code: string; unit_name: string; version: number; title: string; update_reason: string | null; update_emergency: boolean; update_due_at: Date | null; expires_on: string }
    | undefined;
  if (!row) return null;
  return {
    title: `知识条目 ${row.code} 需更新：${row.title}`,
    fields: [
      { label: '提供单位', value: row.unit_name },
      { label: '更新原因', value: row.update_reason ?? '待更新标记已解除' },
      { label: '完成时限', value: row.update_due_at ? `${formatInstant(row.update_due_at.getTime(), 8 * 60).slice(0, 16).replace('T', ' ')}${row.update_emergency ? '（突发事件，1天内）' : ''}` : '—' },
      { label: '现行版本', value: `第${row.version}版，有效期至 ${row.expires_on}` },
    ],
    link: `/knowledge/${subjectId}`,
  };
}

/** The unit's reason for 无需更新, from the form's fields (`reason`, else `note`). */
function reasonOf(variables: Record<string, unknown>): string {
  for (const name of ['reason', 'note']) {
    const value = variables[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return '承办单位确认无需更新';
}

/** The unit's answer, in the transaction that records it: `unchanged` clears the flag, `updated` keeps it until publication. */
export async function applyUpdateOutcome(trx: Knex.Transaction, subject: { cityId: string; subjectId: string }, outcome: string, variables: Record<string, unknown>, actor: AuditActor | null): Promise<void> {
  const entry = (await trx('knowledge_entries').where({ id: subject.subjectId, city_id: subject.cityId }).forUpdate().first('id', 'code')) as { id: string; code: string } | undefined;
  if (!entry) throw new Error(`knowledge entry ${subject.subjectId} of ${subject.cityId}: none`);
  const who = actor ?? { userId: null, name: 'system' };
  if (outcome === 'unchanged') {
    const reason = reasonOf(variables);
    await trx('knowledge_entries').where({ id: entry.id }).update({ update_reason: null, update_emergency: false, update_flagged_at: null, update_flagged_by: null, update_due_at: null });
    await recordEvent(trx, { cityId: subject.cityId, actor: who, action: 'knowledge.confirmedUnchanged', subjectType: 'knowledgeEntry', subjectId: entry.code, details: { reason } });
  } else if (outcome === 'updated') {
    await recordEvent(trx, { cityId: subject.cityId, actor: who, action: 'knowledge.updateSubmitted', subjectType: 'knowledgeEntry', subjectId: entry.code, details: {} });
  } else {
    throw new Error(`knowledge entry update: unknown outcome "${outcome}" (updated or unchanged)`);
  }
}

/** Registered with the subject-process foundation under kind `knowledgeUpdate`. */
export const knowledgeUpdateKind: SubjectKind = { kind: KNOWLEDGE_UPDATE_KIND, summary, onOutcome: applyUpdateOutcome };
