// Appeals 申诉 against an assessment figure (Turpan §35: units may question the statistics and results;
// the centre investigates and answers). A unit files one with its reason and evidence; the centre resolves
// it in the city's `assessmentAppeal` subject process (processes/assessment-appeal.bpmn), whose outcome
// reaches `assessmentAppealKind.onOutcome`: `upheld` writes the corrected value into the stored result
// (points, total, grade and places re-computed) with an audit entry; `rejected` records the reason.
import { pointsOf } from '@hotline/rules';
import type { Knex } from 'knex';
import { ApiError, conflict, forbidden, refusedAtField } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import { type Actor, type AuditActor, auditActorOf } from '../auth/actor';
import type { SubjectKind, SubjectProcessStarter } from '../subjects/subject-kind';
import { type RunRow, type StoredFigure, indicatorOf, rescore, runOf, seesCity, visibleUnit } from './assessment.service';
import { isUuid } from '../../database/ids';

export const APPEAL_KIND = 'assessmentAppeal';

export interface AppealRow {
  id: string;
  city_id: string;
  run_id: string;
  unit_id: string;
  indicator: string;
  reason: string;
  evidence: string;
  status: 'filed' | 'upheld' | 'rejected';
  filed_at: Date;
  process_instance_key: string | null;
  resolution: string | null;
  corrected_value: string | null;
  resolved_at: Date | null;
}

const MIN_REASON = 5;

/** A unit's appeal against one figure of a run; the process is started in the same transaction. */
export async function fileAppeal(
  db: Knex,
  starter: SubjectProcessStarter | null,
  actor: Actor,
  runId: string,
  body: { indicator: string; reason: string; evidence: string },
): Promise<AppealRow> {
  if (seesCity(actor)) throw forbidden('an appeal is filed by the unit the figure is about, not by the centre');
  const run = await runOf(db, actor, runId);
  const row = await visibleUnit(db, actor, runId, actor.unitId);
  const figure = row.figures.find((f) => f.key === body.indicator);
  if (!figure) throw refusedAtField('BAD_INDICATOR', 'indicator', `考核指标“${body.indicator}”不在该次考核中`);
  if (body.reason.trim().length < MIN_REASON) throw refusedAtField('REASON_TOO_SHORT', 'reason', `申诉理由至少 ${MIN_REASON} 个字，请说明对哪项数据有疑问、为什么`);
  if (body.evidence.trim() === '') throw refusedAtField('EVIDENCE_MISSING', 'evidence', '请填写佐证材料说明（如工单编号、办理记录）');
  return db.transaction(async (trx) => {
    const open = await trx('assessment_appeals').where({ run_id: runId, unit_id: actor.unitId, indicator: body.indicator, status: 'filed' }).first('id');
    if (open) throw conflict('APPEAL_OPEN', `对“${figure.label}”的申诉正在处理中，请等待热线工作机构答复`);
    const [appeal] = (await trx('assessment_appeals')
      .insert({ city_id: actor.cityId, run_id: runId, unit_id: actor.unitId, indicator: body.indicator, reason: body.reason.trim(), evidence: body.evidence.trim(), filed_by: actor.userId })
      .returning('*')) as AppealRow[];
    if (starter) {
      const { processInstanceKey } = await starter.start(trx, {
        kind: APPEAL_KIND,
        cityId: actor.cityId,
        subjectId: appeal!.id,
        unitId: actor.unitId,
        title: `考核申诉：${row.unit_name} ${figure.label}（${run.period_from} 至 ${run.period_to}）`,
        variables: { indicator: figure.key, indicatorLabel: figure.label, currentValue: figure.value, appealReason: appeal!.reason, appealEvidence: appeal!.evidence },
      });
      await trx('assessment_appeals').where({ id: appeal!.id }).update({ process_instance_key: processInstanceKey });
      appeal!.process_instance_key = processInstanceKey;
    }
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'assessment.appealFiled',
      subjectType: 'assessmentAppeal',
      subjectId: appeal!.id,
      details: { run: runId, unit: actor.unitId, indicator: body.indicator },
    });
    return appeal!;
  });
}

export async function listAppeals(db: Knex, actor: Actor, runId?: string) {
  const q = db('assessment_appeals as a')
    .join('units as u', 'u.id', 'a.unit_id')
    .where('a.city_id', actor.cityId)
    .orderBy('a.filed_at', 'desc')
    .limit(200)
    .select('a.*', 'u.code as unit_code', 'u.name as unit_name');
  if (runId) q.andWhere('a.run_id', runId);
  if (!seesCity(actor)) q.andWhere('a.unit_id', actor.unitId);
  return q as Promise<Array<AppealRow & { unit_code: string; unit_name: string }>>;
}

/**
 * `correctedValue` as the reviewer's form gives it: a number or a numeric string; for a share (`percent`)
 * or a change against last year (`change`), a percentage (`95`, `95%`, `-50`) or the ratio itself
 * (`0.95`, `-0.5`): a value beyond ±1 or written with % is a percentage.
 */
export function correctedValueOf(variables: Record<string, unknown>, format: string): number | null {
  const raw = variables.correctedValue;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim().replace(/%$/, '')) : NaN;
  if (!Number.isFinite(n)) return null;
  const percent = typeof raw === 'string' && raw.trim().endsWith('%');
  return format !== 'count' && (percent || Math.abs(n) > 1) ? n / 100 : n;
}

const resolutionOf = (variables: Record<string, unknown>) => {
  for (const name of ['resolution', 'explanation', 'opinion', 'reason']) {
    const v = variables[name];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
};

export const assessmentAppealKind: SubjectKind = {
  kind: APPEAL_KIND,

  async summary(db, subjectId) {
    if (!isUuid(subjectId)) return null;
    const a = await db('assessment_appeals as a')
      .join('units as u', 'u.id', 'a.unit_id')
      .join('assessment_runs as r', 'r.id', 'a.run_id')
      .join('assessment_results as res', (j) => j.on('res.run_id', 'a.run_id').andOn('res.unit_id', 'a.unit_id'))
      .where('a.id', subjectId)
      .first('a.*', 'u.name as unit_name', 'r.period_from', 'r.period_to', 'res.figures');
    if (!a) return null;
    const figure = (a.figures as StoredFigure[]).find((f) => f.key === a.indicator);
    return {
      title: `考核申诉：${a.unit_name}`,
      fields: [
        { label: '考核期间', value: `${a.period_from} 至 ${a.period_to}` },
        { label: '申诉指标', value: figure?.label ?? a.indicator },
        { label: '当前数值', value: figure ? figureText(figure) : '无' },
        { label: '申诉理由', value: a.reason },
        { label: '佐证材料', value: a.evidence },
      ],
      link: `/assessment?run=${a.run_id}&unit=${a.unit_id}&indicator=${a.indicator}`,
    };
  },

  async onOutcome(trx, subject, outcome, variables, actor) {
    const appeal = (await trx('assessment_appeals').where({ id: subject.subjectId, city_id: subject.cityId }).forUpdate().first()) as AppealRow | undefined;
    if (!appeal) throw new Error(`assessment appeal ${subject.subjectId} of ${subject.cityId} not found`);
    if (appeal.status !== 'filed') return; // heard already: an outcome delivered twice changes nothing
    const who: AuditActor = actor ?? { userId: null, name: 'system' };
    const resolution = resolutionOf(variables);
    if (outcome === 'upheld') {
      const run = (await trx('assessment_runs').where({ id: appeal.run_id }).first()) as RunRow;
      const indicator = indicatorOf(run, appeal.indicator);
      const result = await trx('assessment_results').where({ run_id: appeal.run_id, unit_id: appeal.unit_id }).first('figures', 'total', 'grade_label');
      const figures = result.figures as StoredFigure[];
      const figure = figures.find((f) => f.key === appeal.indicator);
      if (!indicator || !figure) throw new Error(`indicator ${appeal.indicator} is not in run ${run.id}`);
      const value = correctedValueOf(variables, indicator.format);
      if (value === null) throw new ApiError(400, 'CORRECTED_VALUE', '申诉成立时须填写更正后的数值（correctedValue）');
      const points = pointsOf(indicator.score, value);
      const before = { value: figure.value, points: figure.points, total: Number(result.total), grade: result.grade_label as string | null };
      const changed = figures.map((f) => (f.key === appeal.indicator ? { ...f, value, points, corrected: { appealId: appeal.id, value: f.corrected?.value ?? f.value, points: f.corrected?.points ?? f.points } } : f));
      const after = await rescore(trx, run, appeal.unit_id, changed);
      await trx('assessment_appeals').where({ id: appeal.id }).update({ status: 'upheld', resolution, corrected_value: value, resolved_at: trx.fn.now() });
      await recordEvent(trx, {
        cityId: subject.cityId,
        actor: who,
        action: 'assessment.corrected',
        subjectType: 'assessmentResult',
        subjectId: `${appeal.run_id}/${appeal.unit_id}`,
        details: { appeal: appeal.id, indicator: appeal.indicator, before, after: { value, points, total: after.total, grade: after.grade }, resolution },
      });
      return;
    }
    if (outcome === 'rejected') {
      if (!resolution) throw new ApiError(400, 'RESOLUTION_MISSING', '驳回申诉须说明理由（resolution）');
      await trx('assessment_appeals').where({ id: appeal.id }).update({ status: 'rejected', resolution, resolved_at: trx.fn.now() });
      await recordEvent(trx, {
        cityId: subject.cityId,
        actor: who,
        action: 'assessment.appealRejected',
        subjectType: 'assessmentAppeal',
        subjectId: appeal.id,
        details: { run: appeal.run_id, unit: appeal.unit_id, indicator: appeal.indicator, resolution },
      });
      return;
    }
    throw new Error(`assessment appeal: unknown outcome "${outcome}" (expected upheld or rejected)`);
  },
};

/** A figure as people read it: 90.91%, 3, -50.00%. */
export function figureText(f: Pick<StoredFigure, 'value' | 'format'>): string {
  if (f.value === null) return '无数据';
  if (f.format === 'count') return String(f.value);
  const pct = (f.value * 100).toFixed(2);
  return f.format === 'change' && f.value > 0 ? `+${pct}%` : `${pct}%`;
}
