// Chinese words for the platform's keys (RULES.md "Vocabulary"). A city pack's own labels (its
// ticket types, urgency classes, rating scale) win where the pack is loaded; these are the fallback.

export const TICKET_TYPE_LABELS: Record<string, string> = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '意见建议',
  praise: '表扬',
};

export const URGENCY_LABELS: Record<string, string> = {
  lifeSafety: '危及生命财产安全',
  utilities: '水电气热民生保障',
  emergency: '突发类',
  veryUrgent: '特急',
  urgent: '紧急',
  general: '一般',
};

/** Tag colours: the more urgent, the hotter. */
export const URGENCY_COLOURS: Record<string, string> = {
  lifeSafety: 'red',
  veryUrgent: 'red',
  emergency: 'volcano',
  utilities: 'orange',
  urgent: 'orange',
  general: 'default',
};

/** Each task form is a step of the ticket's life; its name as the centre and the units say it. */
export const FORM_LABELS: Record<string, string> = {
  register: '诉求登记',
  classify: '受理分类',
  dispatch: '派单',
  accept: '签收',
  returnRequest: '退回申请',
  returnReview: '退回审核',
  extensionRequest: '延期申请',
  extensionReview: '延期审核',
  reply: '办理答复',
  completionReview: '办结审核',
  returnVisit: '回访评价',
  rework: '重办',
  supervisionNote: '督办',
  supervisionAnswer: '督办单反馈',
  supervisionReview: '督办单审核',
  dutyStatement: '履职尽责说明',
  dutyStatementReview: '履职尽责说明审核',
  filingReview: '备案审核',
  answerLater: '稍后答复',
  extensionNotice: '延期告知诉求人',
};

export const STATUS_LABELS: Record<string, string> = {
  open: '待办',
  claimed: '办理中',
  completed: '已完成',
  cancelled: '已取消',
};

export const CHANNEL_LABELS: Record<string, string> = {
  phone: '电话',
  website: '网站',
  wechat: '微信',
  sms: '短信',
  app: '手机应用',
};

export const labelOf = (labels: Record<string, string>, key: string | null | undefined): string =>
  key === null || key === undefined || key === '' ? '—' : (labels[key] ?? key);

/**
 * The inbox's 承办单位 column: the ticket's handling unit, as the ticket page shows it; a step another
 * unit acts on (an assisting unit's part) says so; a ticket not yet dispatched says that.
 */
export function unitColumn(task: { unit: { name: string } | null; ticket: { unit?: { name: string } | null } | null }): string {
  const acting = task.unit?.name ?? null;
  if (task.ticket === null) return acting ?? '—'; // a subject process's step (知识审核, 申诉核查): no ticket to dispatch
  const handling = task.ticket.unit?.name ?? null;
  if (handling === null) return acting ?? '未派单';
  return acting !== null && acting !== handling ? `${handling}（本环节：${acting}）` : handling;
}
