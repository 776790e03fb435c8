// How a ticket event reads on the timeline (zh-CN, for the portal): one sentence from its kind and data.
// Kinds are the `event` headers of the city processes (hotline.stamp), `deadlineSet` (hotline.deadline),
// `supervised` and `warned` (hotline.supervise) and the server's own `taskCompleted` / `taskCompletionRefused`.

const STAGES: Record<string, string> = {
  dispatch: '派单',
  accept: '签收',
  return: '退回申请',
  handle: '办理',
  designatedHandle: '指定后办理',
  extension: '延期',
  rework: '重办',
  returnVisit: '回访',
};

const KINDS: Record<string, string> = {
  registered: '受理登记',
  answered: '即时答复，办结',
  redirected: '分类处理（告知诉求人其他途径），办结',
  dispatched: '派单',
  accepted: '承办单位签收',
  returnRequested: '承办单位申请退回',
  returnRefused: '退回申请不予受理',
  returnApproved: '同意退回',
  returnRejected: '不同意退回，原承办单位继续办理',
  designated: '指定承办单位',
  extensionRefused: '延期申请不予受理',
  extensionApproved: '同意延期',
  extensionRejected: '不同意延期',
  replied: '承办单位答复',
  completionRejected: '办结审核未通过，退回承办单位',
  rated: '回访评价',
  reworkOrdered: '发回重办',
  reworked: '重办答复',
  closed: '办结',
  supervisionOrderClosed: '督办单办结',
  dutyStatementSubmitted: '承办单位提交履职尽责说明，待热线工作机构审核',
  dutyStatementDeclined: '承办单位表示不提交履职尽责说明，负面评价维持',
  unsolvableFilingRequested: '承办单位报备：因客观条件限制，当前无法解决，待热线工作机构审核',
};

/** Ticket events that mark the ticket for the unit's assessment, and the column each sets (0023-ticket-markers). */
export const MARKER_KINDS: Readonly<Record<string, 'negative_rating_exempt' | 'unsolvable_filed'>> = {
  ratingExempted: 'negative_rating_exempt',
  unsolvableFiled: 'unsolvable_filed',
};

/** The kinds that end a ticket, and how. */
export const CLOSING_KINDS = new Set(['closed', 'answered', 'redirected']);

/** `2026-11-24T00:00:00+08:00` → `2026-11-23 24:00`: a period that ends at midnight is said the way staff say it. */
export function spokenInstant(iso: unknown): string {
  if (typeof iso !== 'string') return '无';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  if (!m) return iso;
  const [, date, time] = m as unknown as [string, string, string];
  if (time !== '00:00') return `${date} ${time}`;
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return `${day.toISOString().slice(0, 10)} 24:00`;
}

export interface SummaryContext {
  unitName?: string | null;
  actorName?: string | null;
  /** Labels of the pack for choice values (ratings), by key. */
  label?: (key: string) => string | undefined;
  /** The pack's words for its stages (city.json `stages`, e.g. Tianjin's 稍后答复), by key. */
  stageLabel?: (key: string) => string | undefined;
}

export function summarise(kind: string, data: Record<string, unknown>, context: SummaryContext = {}): string {
  const stageWords = (key: string) => STAGES[key] ?? context.stageLabel?.(key) ?? key;
  switch (kind) {
    case 'answered':
      // answered later (稍后答复, Tianjin 2015 §17): the call-back instant is recorded with it
      return typeof data.calledBackAt === 'string' ? `稍后答复：${spokenInstant(data.calledBackAt)}回电答复诉求人，办结` : KINDS.answered!;
    case 'deadlineSet': {
      const stage = stageWords(String(data.as ?? data.stage));
      return `${stage}时限：${spokenInstant(data.due)}${data.provisional === true ? '（节假日安排未公布，暂定）' : ''}`;
    }
    case 'dispatched':
      return context.unitName ? `派单至${context.unitName}` : '派单';
    case 'designated':
      return context.unitName ? `指定${context.unitName}承办` : KINDS.designated!;
    case 'rated': {
      const rating = typeof data.rating === 'string' ? (context.label?.(data.rating) ?? data.rating) : null;
      // The centre decided not to send a dissatisfied ticket back (the return-visit form's 退回承办单位再次办理).
      const kept = data.sendBack === false ? '；热线工作机构决定不退回承办单位再次办理' : '';
      return rating ? `回访评价：${rating}${kept}` : '回访（不评价）';
    }
    case 'supervised': {
      const stage = typeof data.stage === 'string' ? stageWords(data.stage) : null;
      const what = typeof data.triggerLabel === 'string' ? data.triggerLabel : String(data.trigger);
      return `督办：${what}${stage ? `（${stage}时限 ${spokenInstant(data.due)}）` : ''}`;
    }
    case 'warned': {
      const stage = typeof data.stage === 'string' ? stageWords(data.stage) : null;
      return `预警：${String(data.label ?? data.warning)}${stage ? `（${stage}时限 ${spokenInstant(data.due)}）` : ''}`;
    }
    case 'taskCompleted': {
      const who = context.actorName ?? '系统';
      // what was decided, worded from the pack's labels when the step was completed (派单至劝业场街道)
      if (typeof data.verb === 'string' && data.verb !== '') return `${who} ${data.verb}${typeof data.decided === 'string' ? data.decided : ''}`;
      const action = typeof data.actionLabel === 'string' ? `：${data.actionLabel}` : '';
      return `${who}完成「${String(data.taskName ?? data.form ?? '')}」${action}`;
    }
    case 'supervisionOrderIssued':
      return `下达督办单：${String(data.supervisionOrderRequired ?? '')}（反馈期限 ${spokenInstant(data.supervisionOrderDue)}）${typeof data.supervisionOrderOpinion === 'string' ? `，督办意见：${data.supervisionOrderOpinion}` : ''}`;
    case 'supervisionOrderAnswered':
      return `督办单反馈：${String(data.supervisionResponse ?? '')}`;
    case 'supervisionOrderEscalated':
      return `提级督办，由承办单位负责人反馈（期限 ${spokenInstant(data.supervisionOrderDue)}）${typeof data.supervisionOpinion === 'string' ? `：${data.supervisionOpinion}` : ''}`;
    case 'supervisionOrderReissued':
      return `重新督办，反馈期限 ${spokenInstant(data.supervisionOrderDue)}${typeof data.supervisionOpinion === 'string' ? `：${data.supervisionOpinion}` : ''}`;
    case 'ratingExempted':
      return `热线工作机构审核认为承办单位确已尽责：${ratingWords(data, context)}不予负面评价${opinion(data.dutyStatementOpinion)}`;
    case 'dutyStatementRejected':
      return `履职尽责说明未获认可，${ratingWords(data, context)}负面评价维持${opinion(data.dutyStatementOpinion, '理由')}`;
    case 'dutyStatementLapsed':
      return `履职尽责说明提交期限（${spokenInstant(data.dutyStatementDue)}）已过，承办单位未提交，负面评价维持`;
    case 'unsolvableFiled':
      return `热线工作机构同意备案（已备案：因客观条件限制当前无法解决）${opinion(data.filingOpinion)}`;
    case 'unsolvableFilingRefused':
      return `热线工作机构不同意备案，退回承办单位继续办理${opinion(data.filingOpinion, '理由')}`;
    case 'taskCompletionRefused':
      return `「${String(data.taskName ?? '')}」的提交未被流程接受：${String(data.reason ?? '')}`;
    default:
      return KINDS[kind] ?? kind;
  }
}

/** `回访评价「不满意」` from a recorded rating, in the pack's words; empty when none was recorded. */
function ratingWords(data: Record<string, unknown>, context: SummaryContext): string {
  if (typeof data.rating !== 'string') return '';
  return `回访评价「${context.label?.(data.rating) ?? data.rating}」`;
}

/** `，审核意见：…` when the reviewer wrote one. */
function opinion(value: unknown, word = '审核意见'): string {
  return typeof value === 'string' && value !== '' ? `，${word}：${value}` : '';
}
