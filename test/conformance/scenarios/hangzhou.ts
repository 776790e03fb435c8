// Hangzhou (draft-2023). D0 is a Monday of ordinary weeks (see ../instants.ts).
import type { Scenario, Step } from '../scenario';
import { supervisionOrder } from './tianjin';

const complaint = { type: 'complaint', urgency: 'general', channel: 'app', content: '夜间施工噪音扰民' };

/** The unit asks to return the ticket and the centre agrees (§16). */
function returnedBy(unit: string, acceptDue: string): Step[] {
  return [
    { task: 'accept', role: 'unitHandler', due: acceptDue, complete: { acceptDecision: 'return' } },
    { task: 'returnRequest', role: 'unitLeader', due: acceptDue, complete: { returnReason: `${unit}: 不属于本单位职责`, suggestedUnit: 'hz-urban-management' } },
    { task: 'returnReview', role: 'reviewer', due: null, complete: { returnDecision: 'approve' } },
  ];
}

const closeSatisfied: Step[] = [
  { task: 'completionReview', role: 'reviewer', due: null, complete: { completionDecision: 'approve' } },
  { task: 'returnVisit', role: 'returnVisit', due: null, complete: { rating: 'basicallySatisfied' } },
  { event: 'closed', data: { rating: 'basicallySatisfied', reworkCount: 0 } },
  { ended: 'closed' },
];

export const hangzhouScenarios: Scenario[] = [
  {
    name: 'hangzhou happy path',
    city: 'hangzhou',
    asserts:
      'handling is counted from the day the centre received the request (§14): 7 working days from registration on Monday, however late the unit accepts; the centre reviews the reply before the return visit',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: null, complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: null },
      { advanceTo: 'D1 10:00' },
      { task: 'dispatch', role: 'dispatcher', due: null, complete: { unit: 'hz-xihu-district', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D2 24:00' },
      { advanceTo: 'D2 09:00' },
      { task: 'accept', role: 'unitHandler', due: 'D2 24:00', complete: { acceptDecision: 'accept' } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      { advanceTo: 'D3 10:00' },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'reply', reply: '已责令施工单位夜间停工' } },
      ...closeSatisfied,
    ],
  },
  {
    name: 'hangzhou redirect category',
    city: 'hangzhou',
    asserts: 'a request without a concrete demand (§9(4)) ends with the pack category recorded',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: null, complete: { classification: 'redirect', redirectCategory: 'noConcreteDemand' } },
      { event: 'redirected', data: { redirectCategory: 'noConcreteDemand' } },
      { ended: 'redirected' },
    ],
  },
  {
    name: 'hangzhou third return then designation',
    city: 'hangzhou',
    asserts:
      'after the third approved return the centre designates a unit (§17, pack designation.afterReturns); the designated unit cannot return it (§18: refused without review) and must handle it within 5 working days of designation',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: null, complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: null },
      { advanceTo: 'D0 10:00' },
      { task: 'dispatch', role: 'dispatcher', due: null, complete: { unit: 'hz-a', assistingUnits: [] } },
      ...returnedBy('hz-a', 'D1 24:00'),
      { event: 'returnApproved', data: { returnCount: 1 } },
      { task: 'dispatch', role: 'dispatcher', due: null, complete: { unit: 'hz-b', assistingUnits: [] } },
      ...returnedBy('hz-b', 'D1 24:00'),
      { task: 'dispatch', role: 'dispatcher', due: null, complete: { unit: 'hz-c', assistingUnits: [] } },
      ...returnedBy('hz-c', 'D1 24:00'),
      { event: 'returnApproved', data: { returnCount: 3 } },
      { task: 'designate', role: 'dispatcher', due: null },
      { advanceTo: 'D0 14:00' },
      { task: 'designate', role: 'dispatcher', due: null, complete: { unit: 'hz-d', assistingUnits: [] } },
      { event: 'designated', data: { unit: 'hz-d' } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'return' } },
      { event: 'returnRefused', data: { unit: 'hz-d' } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { advanceTo: 'D1 09:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'accept' } },
      { task: 'reply', role: 'unitHandler', due: 'D7 24:00' },
      { advanceTo: 'D3 10:00' },
      { task: 'reply', role: 'unitHandler', due: 'D7 24:00', complete: { replyAction: 'reply', reply: '已牵头召开专题会议并处置' } },
      ...closeSatisfied,
    ],
  },
  {
    name: 'hangzhou supervision order re-issued with a new deadline, then closed',
    city: 'hangzhou',
    asserts:
      'a 督办单 issued while the unit has not yet accepted (§19: the unit reports in time) is answered, re-issued by the centre with a new deadline, ' +
      'answered again by that deadline and closed; the acceptance then goes on as before',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: null, complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: null, complete: { unit: 'hz-xihu-district', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      supervisionOrder('order-hz-1', 'D1 24:00'),
      { event: 'supervisionOrderIssued', data: { supervisionOrderId: 'order-hz-1', supervisionOrderDue: 'D1 24:00' } },
      { task: 'orderAnswer', role: 'unitHandler', due: 'D1 24:00', complete: { supervisionResponse: '正在核实' } },
      { task: 'orderReview', role: 'supervisor', due: null, complete: { supervisionDecision: 'reissue', supervisionOpinion: '请说明核实结果', supervisionOrderDue: 'D4 24:00' } },
      { event: 'supervisionOrderReissued', data: { supervisionOrderId: 'order-hz-1', supervisionOrderDue: 'D4 24:00' } },
      { task: 'orderAnswer', role: 'unitHandler', due: 'D4 24:00', complete: { supervisionResponse: '已核实，属本单位职责，今日签收' } },
      { task: 'orderReview', role: 'supervisor', due: null, complete: { supervisionDecision: 'close' } },
      { event: 'supervisionOrderClosed', data: { supervisionOrderId: 'order-hz-1' } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'accept' } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      { advanceTo: 'D3 10:00' },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'reply', reply: '已责令施工单位夜间停工' } },
      ...closeSatisfied,
    ],
  },
  {
    name: 'hangzhou dissatisfied rating not re-dispatched after verification',
    city: 'hangzhou',
    asserts:
      'a 不满意 rating is verified by the centre and re-dispatched only if it must be handled again (§20): the return visitor leaves 经判定需重新办理 unticked (the form maps redo to sendBack false) and the ticket closes without rework',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: null, complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: null },
      { advanceTo: 'D0 10:00' },
      { task: 'dispatch', role: 'dispatcher', due: null, complete: { unit: 'hz-xihu-district', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'accept' } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      { advanceTo: 'D1 10:00' },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'reply', reply: '已责令施工单位夜间停工' } },
      { task: 'completionReview', role: 'reviewer', due: null, complete: { completionDecision: 'approve' } },
      { task: 'returnVisit', role: 'returnVisit', due: null, complete: { rating: 'dissatisfied', sendBack: false } },
      { event: 'rated', data: { rating: 'dissatisfied', sendBack: false } },
      { event: 'closed', data: { rating: 'dissatisfied', reworkCount: 0 } },
      { ended: 'closed' },
    ],
  },
];
