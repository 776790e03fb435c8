// Turpan (2021). D0 is a Monday of ordinary weeks (see ../instants.ts).
import type { Scenario, Step } from '../scenario';
import { supervisionOrder } from './tianjin';

const complaint = { type: 'complaint', urgency: 'general', channel: 'phone', content: '农贸市场占道经营' };

/** Registered D0 09:00, dispatched D0 10:00 (to `assistingUnits` too), accepted by the lead unit D0 11:00. */
function dispatchedAndAccepted(register: Record<string, unknown>, acceptDue: string, assistingUnits: string[] = []): Step[] {
  return [
    { task: 'register', role: 'registrar', due: null, complete: register },
    { task: 'classify', role: 'registrar', due: null, complete: { classification: 'dispatch' } },
    { task: 'dispatch', role: 'dispatcher', due: null },
    { advanceTo: 'D0 10:00' },
    { task: 'dispatch', role: 'dispatcher', due: null, complete: { unit: 'tlf-market', assistingUnits } },
    { task: 'accept', role: 'unitHandler', due: acceptDue },
    { advanceTo: 'D0 11:00' },
    { task: 'accept', role: 'unitHandler', due: acceptDue, complete: { acceptDecision: 'accept' } },
  ];
}

const reviewed: Step[] = [{ task: 'completionReview', role: 'reviewer', due: null, complete: { completionDecision: 'approve' } }];

export const turpanScenarios: Scenario[] = [
  {
    name: 'turpan happy path with assisting units',
    city: 'turpan',
    asserts:
      'signing within 12 hours (§14), a complaint handled within 15 working days (§17); two assisting units (会办, §12) give their parts in parallel before the lead unit replies; the centre approves the completion (§19-§20); a 5-level rating',
    start: 'D0 09:00',
    steps: [
      ...dispatchedAndAccepted(complaint, 'D0 22:00', ['tlf-urban-management', 'tlf-transport']),
      { task: 'assist', role: 'unitHandler', due: 'D21 24:00', where: { assistingUnit: 'tlf-urban-management' } },
      { task: 'assist', role: 'unitHandler', due: 'D21 24:00', where: { assistingUnit: 'tlf-transport' } },
      { advanceTo: 'D1 10:00' },
      { task: 'assist', role: 'unitHandler', due: 'D21 24:00', where: { assistingUnit: 'tlf-transport' }, complete: { opinion: '已调整周边停车秩序' } },
      { task: 'assist', role: 'unitHandler', due: 'D21 24:00', where: { assistingUnit: 'tlf-urban-management' }, complete: { opinion: '已联合执法' } },
      { task: 'reply', role: 'unitHandler', due: 'D21 24:00' },
      { advanceTo: 'D2 10:00' },
      { task: 'reply', role: 'unitHandler', due: 'D21 24:00', complete: { replyAction: 'reply', reply: '已清理占道摊位，设置临时疏导点' } },
      ...reviewed,
      { task: 'returnVisit', role: 'returnVisit', due: null, complete: { rating: 'verySatisfied' } },
      { event: 'closed', data: { rating: 'verySatisfied', reworkCount: 0 } },
      { ended: 'closed' },
    ],
  },
  {
    name: 'turpan redirect category',
    city: 'turpan',
    asserts: 'a matter for the courts (§13) ends with the pack category recorded',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: null, complete: { classification: 'redirect', redirectCategory: 'otherAuthorities' } },
      { event: 'redirected', data: { redirectCategory: 'otherAuthorities' } },
      { ended: 'redirected' },
    ],
  },
  {
    name: 'turpan dissatisfied, rework, second rating',
    city: 'turpan',
    asserts:
      'a first rating of 不满意 sends the ticket back for rework once, within 3 working days of the rating (§22); the second rating counts (§24); still 非常不满意 after the rework, the ticket is supervised; the unit then submits a 履责意见 (§23), which the centre does not accept, so the rating stands',
    start: 'D0 09:00',
    steps: [
      ...dispatchedAndAccepted(complaint, 'D0 22:00'),
      { task: 'reply', role: 'unitHandler', due: 'D21 24:00' },
      { advanceTo: 'D2 10:00' },
      { task: 'reply', role: 'unitHandler', due: 'D21 24:00', complete: { replyAction: 'reply', reply: '已劝离占道摊贩' } },
      ...reviewed,
      { task: 'returnVisit', role: 'returnVisit', due: null },
      { advanceTo: 'D2 12:00' },
      { task: 'returnVisit', role: 'returnVisit', due: null, complete: { rating: 'dissatisfied' } },
      { event: 'reworkOrdered', data: { reworkCount: 1 } },
      { task: 'rework', role: 'unitHandler', due: 'D7 24:00' },
      { advanceTo: 'D4 10:00' },
      { task: 'rework', role: 'unitHandler', due: 'D7 24:00', complete: { reply: '已再次现场处置并上传履责意见' } },
      { task: 'returnVisit', role: 'returnVisit', due: null, complete: { rating: 'veryDissatisfied' } },
      { supervised: { stage: 'rework', trigger: 'reworkStillDissatisfied', due: 'D7 24:00' } },
      { task: 'dissatisfiedNote', role: 'supervisor', due: null, complete: { note: '回访诉求人并督办' } },
      { task: 'dutyStatement', role: 'unitLeader', due: 'D9 24:00', complete: { dutyStatementAction: 'submit' } },
      { task: 'dutyStatementReview', role: 'reviewer', due: null, complete: { dutyStatementDecision: 'reject', ratingExempt: false, dutyStatementOpinion: '未针对诉求作出正面回应' } },
      { event: 'dutyStatementRejected', data: { rating: 'veryDissatisfied', dutyStatementOpinion: '未针对诉求作出正面回应' } },
      { event: 'closed', data: { rating: 'veryDissatisfied', reworkCount: 1 } },
      { ended: 'closed' },
    ],
  },
  {
    name: 'turpan extension approved, the centre tells the caller',
    city: 'turpan',
    asserts:
      'an approved extension adds 5 working days to a help request\'s 5 (§17-§18); the centre (回访, policies.extension.informCaller.by = centre) then tells the caller of the extension (§18) before the unit handles on within the new period',
    start: 'D0 09:00',
    steps: [
      ...dispatchedAndAccepted({ type: 'help', urgency: 'general', channel: 'phone', content: '坎儿井景区周边道路照明不足' }, 'D0 22:00'),
      { task: 'reply', role: 'unitHandler', due: 'D7 24:00', complete: { replyAction: 'extension' } },
      { task: 'extensionRequest', role: 'unitLeader', due: 'D7 24:00', complete: { extensionReason: '需协调电力部门架设线路' } },
      { task: 'extensionReview', role: 'reviewer', due: 'D7 24:00', complete: { extensionDecision: 'approve' } },
      { event: 'extensionApproved', data: { extensionCount: 1 } },
      { task: 'extensionNoticeCentre', role: 'returnVisit', due: 'D14 24:00', complete: { informedAt: 'D0 11:30', informedHow: 'phone', told: '需协调电力部门架设线路，办理期限延长5个工作日' } },
      { task: 'reply', role: 'unitHandler', due: 'D14 24:00' },
      { cancel: 'the unit handles on within the extended period' },
    ],
  },
  {
    name: 'turpan emergency',
    city: 'turpan',
    asserts: 'an emergency (§26) is acted on within 2 hours and finished within 2 working days; its extension is refused without review, with the pack reason',
    start: 'D0 09:00',
    steps: [
      ...dispatchedAndAccepted({ type: 'complaint', urgency: 'emergency', channel: 'phone', content: '片区停水，供水管网爆管' }, 'D0 12:00'),
      { task: 'reply', role: 'unitHandler', due: 'D2 24:00', complete: { replyAction: 'extension' } },
      { event: 'extensionRefused', data: { extensionReason: '突发类事项须自收到之日起2个工作日内办结，不得申请延期。' } },
      { task: 'reply', role: 'unitHandler', due: 'D2 24:00' },
      { advanceTo: 'D1 18:00' },
      { task: 'reply', role: 'unitHandler', due: 'D2 24:00', complete: { replyAction: 'reply', reply: '已抢修完毕恢复供水' } },
      ...reviewed,
      { task: 'returnVisit', role: 'returnVisit', due: null, complete: { rating: 'satisfied' } },
      { event: 'closed', data: { rating: 'satisfied' } },
      { ended: 'closed' },
    ],
  },
  {
    name: 'turpan supervision order answered and closed while the unit handles the ticket',
    city: 'turpan',
    asserts:
      'a 督办单 (§28: the centre supervises) issued while the lead unit handles the ticket is answered by the unit and closed by the centre at once; the reply then goes on to the completion review and the return visit',
    start: 'D0 09:00',
    steps: [
      ...dispatchedAndAccepted(complaint, 'D0 22:00'),
      { task: 'reply', role: 'unitHandler', due: 'D21 24:00' },
      supervisionOrder('order-tlf-1', 'D3 24:00'),
      { task: 'orderAnswer', role: 'unitHandler', due: 'D3 24:00', complete: { supervisionResponse: '已约谈摊主，限期清理' } },
      { task: 'orderReview', role: 'supervisor', due: null, complete: { supervisionDecision: 'close', supervisionOpinion: '同意' } },
      { event: 'supervisionOrderClosed', data: { supervisionOrderId: 'order-tlf-1', supervisionOpinion: '同意' } },
      { task: 'reply', role: 'unitHandler', due: 'D21 24:00' },
      { advanceTo: 'D2 10:00' },
      { task: 'reply', role: 'unitHandler', due: 'D21 24:00', complete: { replyAction: 'reply', reply: '已清理占道摊位' } },
      ...reviewed,
      { task: 'returnVisit', role: 'returnVisit', due: null, complete: { rating: 'verySatisfied' } },
      { event: 'closed', data: { rating: 'verySatisfied', reworkCount: 0 } },
      { ended: 'closed' },
    ],
  },
];
