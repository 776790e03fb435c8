// Chinese names of the pack vocabulary the rules themselves define (keys stay English,
// shared/domain/RULES.md): the validation messages use them, and so do the editors.
import type { PeriodUnit, STAGES } from './types';

/** The core stages' names; a pack's own stages carry their label in city.json. */
export const STAGE_LABELS: Readonly<Record<(typeof STAGES)[number], string>> = {
  dispatch: '派单',
  accept: '签收',
  return: '申请退回',
  handle: '办结',
  extension: '延期',
  rework: '重办',
  returnVisit: '回访',
  designatedHandle: '指定承办后办理',
};

export const UNIT_LABELS: Record<PeriodUnit, string> = {
  minute: '分钟',
  hour: '小时',
  day: '自然日',
  workingDay: '工作日',
};
