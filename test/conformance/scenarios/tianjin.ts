// Tianjin (rule versions 2015 and 2025). Relative instants: D0 is a Monday that starts ordinary weeks
// (working days exactly Monday to Friday), so "N working days" are plain weekdays: 1 working day from
// Monday ends D1 24:00 (Tuesday), 7 working days from Monday end D9 24:00 (Wednesday of the next week).
// The 2015 scenarios are tickets registered on 2025-12-31 that run now, as a ticket Tianjin migrates from
// its old system would: the registration instant is supplied at start (registeredAt), picks the rule
// version and starts what counts from registration; every later stage counts from engine time.
import type { PackFile } from '@hotline/rules';
import type { Scenario, Step } from '../scenario';

const complaint = { type: 'complaint', urgency: 'general', channel: 'phone', content: '小区供水管道漏水三天无人处理' };

/** Registration at D0 09:00, dispatch to one unit at D0 10:00, accepted at D0 12:00 (Tianjin 2025). */
function handledFromMonday(register: Record<string, unknown> = complaint): Step[] {
  return [
    { task: 'register', role: 'registrar', due: null, complete: register },
    { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'dispatch' } },
    { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
    { advanceTo: 'D0 10:00' },
    { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00', complete: { unit: 'tj-water', assistingUnits: [] } },
    { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
    { advanceTo: 'D0 12:00' },
    { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'accept' } },
  ];
}

/** The unit replies at `at`; the return visit (24 h after the reply) rates it satisfied; the ticket closes. */
function repliedAndRated(handleDue: string, at: string, visitDue: string, visitAt: string): Step[] {
  return [
    { advanceTo: at },
    { task: 'reply', role: 'unitHandler', due: handleDue, complete: { replyAction: 'reply', reply: '已处理并答复诉求人' } },
    { task: 'returnVisit', role: 'returnVisit', due: visitDue },
    { advanceTo: visitAt },
    { task: 'returnVisit', role: 'returnVisit', due: visitDue, complete: { rating: 'satisfied' } },
    { event: 'closed', data: { rating: 'satisfied' } },
    { ended: 'closed' },
  ];
}

/**
 * Handled from Monday, replied on Wednesday D2 12:00 and rated 不满意 at D2 15:00; the centre does not send
 * it back, so the rating counts and is negative: the unit has until D7 24:00 (3 working days from the
 * rating, the 2025 rules' dutyStatement period) to submit a 履职尽责说明 (§24).
 */
function ratedDissatisfiedKept(): Step[] {
  return [
    ...handledFromMonday(),
    { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
    { advanceTo: 'D2 12:00' },
    { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'reply', reply: '已协调物业维修，诉求人不认可维修时间' } },
    { task: 'returnVisit', role: 'returnVisit', due: 'D3 12:00' },
    { advanceTo: 'D2 15:00' },
    { task: 'returnVisit', role: 'returnVisit', due: 'D3 12:00', complete: { rating: 'dissatisfied', sendBack: false } },
    { event: 'rated', data: { rating: 'dissatisfied', sendBack: false } },
    { event: 'deadlineSet', data: { stage: 'dutyStatement', due: 'D7 24:00', ruleVersion: '2025' } },
  ];
}

/** A ticket registered on 2025-12-31 under the 2015 rules and migrated now: help, dispatched at D0 10:00, accepted D1 09:00, handled by D3 24:00. */
function migrated2015Help(): Step[] {
  return [
    { task: 'register', role: 'registrar', due: null, complete: { type: 'help', urgency: 'general', channel: 'phone', content: '独居老人家中暖气不热' } },
    { event: 'registered', data: { registeredAt: '2025-12-31T10:00:00+08:00', registeredAtSupplied: true, stampedAt: 'D0 09:00' } },
    { event: 'deadlineSet', data: { stage: 'dispatch', ruleVersion: '2015', due: '2025-12-31T10:05:00+08:00' } },
    { task: 'classify', role: 'registrar', due: '2025-12-31T10:05:00+08:00', complete: { classification: 'dispatch' } },
    { task: 'dispatch', role: 'dispatcher', due: '2025-12-31T10:05:00+08:00' },
    { advanceTo: 'D0 10:00' },
    { task: 'dispatch', role: 'dispatcher', due: '2025-12-31T10:05:00+08:00', complete: { unit: 'tj-heating', assistingUnits: [] } },
  ];
}

/**
 * What a policy officer adds to the 2025 rules in the modeler: a trigger 办理预警 and a warning once
 * three quarters of the handling period have passed.
 */
function withHandlingWarning(files: PackFile[]): PackFile[] {
  return files.map((file) => {
    if (file.path !== 'versions/2025.json') return file;
    const version = JSON.parse(file.text) as { supervisionTriggers: unknown[]; warnings?: unknown[] };
    const source = 'tianjin-hotline-measures-2024.txt §22';
    version.supervisionTriggers.push({ key: 'handleWarning', label: '办理预警', source, assumption: 'A draft of the conformance suite.' });
    version.warnings = [...(version.warnings ?? []), { key: 'handleThreeQuarters', stage: 'handle', fraction: 0.75, label: '办理时限已过四分之三', trigger: 'handleWarning', source, assumption: 'A draft of the conformance suite.' }];
    return { ...file, text: JSON.stringify(version) };
  });
}

/**
 * What a policy officer would do to keep Tianjin 2015 §17's answer within an hour under the 2025 rules:
 * copy the 2015 version's answer stage (its deadline rule, warning and trigger) into the 2025 version.
 */
function withAnswerStage(files: PackFile[]): PackFile[] {
  type Version = { documents: Array<{ file: string }>; deadlines: Array<{ stage: string }>; supervisionTriggers: Array<{ key: string }>; warnings?: Array<{ stage: string }> };
  const old = JSON.parse(files.find((file) => file.path === 'versions/2015.json')!.text) as Version;
  return files.map((file) => {
    if (file.path !== 'versions/2025.json') return file;
    const version = JSON.parse(file.text) as Version;
    // the rule cites the 2015 document, which the version then lists
    version.documents.push(...old.documents.filter((document) => document.file === 'tianjin-implementing-rules-2015.txt'));
    version.deadlines.push(...old.deadlines.filter((rule) => rule.stage === 'answer'));
    version.supervisionTriggers.push(...old.supervisionTriggers.filter((trigger) => trigger.key === 'answerWarning'));
    version.warnings = [...(version.warnings ?? []), ...(old.warnings ?? []).filter((warning) => warning.stage === 'answer')];
    return { ...file, text: JSON.stringify(version) };
  });
}

/** A 督办单 issued from the board while the unit handles the ticket (the server publishes this message). */
export function supervisionOrder(id: string, due: string): Step {
  return {
    message: 'supervisionOrder',
    variables: { supervisionOrderId: id, supervisionOrderDue: due, supervisionOrderRequired: '说明未办结原因及办结时间', supervisionOrderOpinion: '诉求人多次来电，请加快办理' },
  };
}

export const tianjinScenarios: Scenario[] = [
  {
    name: 'tianjin 2015 rules for a ticket registered on 2025-12-31',
    city: 'tianjin',
    asserts:
      'a ticket registered on 2025-12-31 and migrated into the platform now (registeredAt supplied at start) keeps its registration instant and the 2015 rules: ' +
      'its 5-minute dispatch period ran out at registration, so it is dispatched late; acceptance by the next working day after the dispatch; ' +
      'help handled within 2 working days of receipt (the 2025 rules would give 7), and when those pass the ticket is supervised under the 2015 rules',
    start: 'D0 09:00',
    variables: { registeredAt: '2025-12-31T10:00:00+08:00' },
    steps: [
      ...migrated2015Help(),
      // Later stages count from engine time: dispatched now, late against the 2015 period.
      { event: 'dispatched', data: { dispatchedAt: 'D0 10:00', dispatchedAtOnTime: false } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { advanceTo: 'D1 09:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'accept' } },
      { event: 'deadlineSet', data: { stage: 'handle', ruleVersion: '2015', due: 'D3 24:00' } },
      { task: 'reply', role: 'unitHandler', due: 'D3 24:00' },
      // The 2 working days pass: the live timer is the 2015 one.
      { advanceTo: 'D3 24:00' },
      { supervised: { stage: 'handle', trigger: 'overdue', due: 'D3 24:00', ruleVersion: '2015' } },
      { task: 'supervisionNote', role: 'supervisor', due: null, complete: { note: '逾期未办结，督促供热单位当日上门' } },
      { task: 'reply', role: 'unitHandler', due: 'D3 24:00' },
      ...repliedAndRated('D3 24:00', 'D4 10:00', 'D5 10:00', 'D4 15:00'),
    ],
  },
  {
    name: 'tianjin 2015 redirect category for a ticket registered on 2025-12-31',
    city: 'tianjin',
    asserts: 'civilDispute, a 2015 redirect category only, still redirects a ticket registered under the 2015 rules and migrated now',
    start: 'D0 09:00',
    variables: { registeredAt: '2025-12-31T23:59:00+08:00' },
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: '2026-01-01T00:04:00+08:00', complete: { classification: 'redirect', redirectCategory: 'civilDispute' } },
      { event: 'redirected', data: { redirectCategory: 'civilDispute' } },
      { ended: 'redirected' },
    ],
  },
  {
    name: 'tianjin happy path',
    city: 'tianjin',
    asserts:
      'registration, dispatch within 24 h, acceptance within 1 working day, handling within 7 working days of receipt, no completion review, a return visit within 24 h of the reply, a satisfied rating closes the ticket',
    start: 'D0 09:00',
    steps: [...handledFromMonday(), { task: 'reply', role: 'unitHandler', due: 'D9 24:00' }, ...repliedAndRated('D9 24:00', 'D2 12:00', 'D3 12:00', 'D2 15:00')],
  },
  {
    name: 'tianjin reminder to accept at half the acceptance period',
    city: 'tianjin',
    asserts:
      'the 2025 rules warn (acceptHalf, trigger acceptWarning) once half the acceptance period has passed: dispatched D0 10:00, due D1 24:00, ' +
      'half of the 1 working day counted from D1 is D1 12:00, not a minute before; the warning is recorded once and the ticket goes on as usual (its reminders are written with it)',
    start: 'D0 09:00',
    steps: [
      ...handledFromMonday().slice(0, 6),
      { advanceTo: 'D1 11:59' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { advanceTo: 'D1 12:00' },
      { supervised: { stage: 'accept', trigger: 'acceptWarning', due: 'D1 24:00', at: 'D1 12:00' } },
      { event: 'warned', data: { warning: 'acceptHalf', label: '签收时限已过半', warnAt: 'D1 12:00' } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'accept' } },
      { task: 'reply', role: 'unitHandler', due: 'D10 24:00' },
      ...repliedAndRated('D10 24:00', 'D2 12:00', 'D3 12:00', 'D2 15:00'),
    ],
  },
  {
    name: 'tianjin direct answer',
    city: 'tianjin',
    asserts: 'a consultation answered on the spot ends at classification, nothing is dispatched',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: { type: 'consult', urgency: 'general', channel: 'wechatMiniProgram', content: '居住证办理需要哪些材料' } },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'answer', answer: '按知识库口径答复' } },
      { event: 'answered', data: { answer: '按知识库口径答复' } },
      { ended: 'answered' },
    ],
  },
  {
    name: 'tianjin answer later within the hour',
    city: 'tianjin',
    draft: { name: '2015 answer stage in the 2025 rules', edit: withAnswerStage },
    asserts:
      'a consultation the knowledge base cannot settle on the spot is answered later (2015 §17): 稍后答复 is the registrar\'s task due 1 hour after the call, ' +
      'warned at 45 minutes (answerLate, not a minute before); the call-back answer closes the ticket as answered, nothing is dispatched, the watch ends',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: { type: 'consult', urgency: 'general', channel: 'phone', content: '新生儿医保参保需要哪些材料' } },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'answerLater' } },
      { event: 'deadlineSet', data: { stage: 'answer', due: 'D0 10:00' } },
      { task: 'answerLater', role: 'registrar', due: 'D0 10:00' },
      { advanceTo: 'D0 09:44' },
      { task: 'answerLater', role: 'registrar', due: 'D0 10:00' },
      { advanceTo: 'D0 09:45' },
      { supervised: { stage: 'answer', trigger: 'answerWarning', due: 'D0 10:00', at: 'D0 09:45' } },
      { event: 'warned', data: { warning: 'answerLate', label: '稍后答复时限将到', warnAt: 'D0 09:45' } },
      { task: 'answerLater', role: 'registrar', due: 'D0 10:00', complete: { answerOutcome: 'answered', answer: '携带出生医学证明和户口簿到社区办理', calledBackAt: 'D0 09:50' } },
      { event: 'answered', data: { answer: '携带出生医学证明和户口簿到社区办理', calledBackAt: 'D0 09:50' } },
      { ended: 'answered' },
    ],
  },
  {
    name: 'tianjin 2015 answer later overdue, then dispatched',
    city: 'tianjin',
    asserts:
      'a help request registered under the 2015 rules (registeredAt supplied) to be answered later is due 1 hour after the call; that hour has passed, so the watch supervises the answer stage as overdue under the 2015 rules; ' +
      'the registrar finds it cannot be answered after all and hands it on: the dispatch task follows with its own (2015) period, and the watch stops watching the answer',
    start: 'D0 09:00',
    variables: { registeredAt: '2025-12-31T10:00:00+08:00' },
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: { type: 'help', urgency: 'general', channel: 'phone', content: '想了解独居老人助餐服务如何申请' } },
      { task: 'classify', role: 'registrar', due: '2025-12-31T10:05:00+08:00', complete: { classification: 'answerLater' } },
      { event: 'deadlineSet', data: { stage: 'answer', ruleVersion: '2015', due: '2025-12-31T11:00:00+08:00' } },
      { task: 'answerLater', role: 'registrar', due: '2025-12-31T11:00:00+08:00' },
      { advanceTo: 'D0 09:01' },
      { supervised: { stage: 'answer', trigger: 'overdue', due: '2025-12-31T11:00:00+08:00', ruleVersion: '2015' } },
      { task: 'supervisionNote', role: 'supervisor', due: null, complete: { note: '稍后答复超时，请立即回电' } },
      { task: 'answerLater', role: 'registrar', due: '2025-12-31T11:00:00+08:00', complete: { answerOutcome: 'dispatch', notAnswerableReason: '知识库无助餐服务申请口径，需民政部门答复' } },
      { task: 'dispatch', role: 'dispatcher', due: '2025-12-31T10:05:00+08:00' },
      { cancel: 'the ticket went to dispatch, as it should' },
    ],
  },
  {
    name: 'tianjin redirect category',
    city: 'tianjin',
    asserts: 'a matter for another legal channel (2024 §13(二)) ends with the pack category recorded',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'redirect', redirectCategory: 'legalProcedure' } },
      { event: 'redirected', data: { redirectCategory: 'legalProcedure' } },
      { ended: 'redirected' },
    ],
  },
  {
    name: 'tianjin redirect category of another rule version',
    city: 'tianjin',
    asserts: 'civilDispute is a 2015 redirect category only: under the 2025 rules the ticket is dispatched instead',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'redirect', redirectCategory: 'civilDispute' } },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
      { cancel: 'the ticket went to dispatch, as it should' },
    ],
  },
  {
    name: 'tianjin return rejected then approved',
    city: 'tianjin',
    asserts:
      'a rejected return leaves the ticket with the same unit and its acceptance deadline unchanged; an approved return re-dispatches it, the new unit gets a new acceptance deadline and the live timer moves off the old one; handling counts from the new receipt',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
      { advanceTo: 'D0 10:00' },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00', complete: { unit: 'tj-housing', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { advanceTo: 'D0 11:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'return' } },
      { task: 'returnRequest', role: 'unitLeader', due: 'D1 24:00', complete: { returnReason: '供水管道属供水公司维护范围', basis: '《天津市城市供水用水条例》' } },
      { task: 'returnReview', role: 'reviewer', due: null, complete: { returnDecision: 'reject', comment: '属地管理，由街道协调处置' } },
      { event: 'returnRejected' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { advanceTo: 'D1 10:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'return' } },
      { task: 'returnRequest', role: 'unitLeader', due: 'D1 24:00', complete: { returnReason: '补充材料：产权单位为供水公司', basis: '产权证明' } },
      { task: 'returnReview', role: 'reviewer', due: null, complete: { returnDecision: 'approve' } },
      { event: 'returnApproved', data: { returnCount: 1 } },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
      { advanceTo: 'D1 11:00' },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00', complete: { unit: 'tj-water', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D2 24:00' },
      // The first unit's acceptance deadline (D1 24:00) passes: the timer moved, so no supervision.
      { advanceTo: 'D2 09:00' },
      { task: 'accept', role: 'unitHandler', due: 'D2 24:00', complete: { acceptDecision: 'accept' } },
      { task: 'reply', role: 'unitHandler', due: 'D11 24:00' },
      ...repliedAndRated('D11 24:00', 'D3 10:00', 'D4 10:00', 'D3 16:00'),
    ],
  },
  {
    name: 'tianjin two extensions granted, a third refused',
    city: 'tianjin',
    asserts:
      'each approved extension adds 7 working days from the day the period ends and moves the live timer (the old due instants pass without supervision); the third request is refused without review (2025 §12: at most 2); the timer then fires on the last due instant and the overdue ticket is supervised',
    start: 'D0 09:00',
    steps: [
      ...handledFromMonday(),
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'extension' } },
      { task: 'extensionRequest', role: 'unitLeader', due: 'D9 24:00', complete: { extensionReason: '需协调产权单位共同维修' } },
      { task: 'extensionReview', role: 'reviewer', due: 'D9 24:00', complete: { extensionDecision: 'approve' } },
      { event: 'extensionApproved', data: { extensionCount: 1 } },
      { task: 'extensionNotice', role: 'unitHandler', due: 'D18 24:00', complete: { informedAt: 'D0 12:30', informedHow: 'phone', told: '已协调产权单位，延期7个工作日办结' } },
      { task: 'reply', role: 'unitHandler', due: 'D18 24:00' },
      { advanceTo: 'D10 06:00' },
      { task: 'reply', role: 'unitHandler', due: 'D18 24:00', complete: { replyAction: 'extension' } },
      { task: 'extensionRequest', role: 'unitLeader', due: 'D18 24:00', complete: { extensionReason: '维修材料未到货' } },
      { task: 'extensionReview', role: 'reviewer', due: 'D18 24:00', complete: { extensionDecision: 'approve' } },
      { event: 'extensionApproved', data: { extensionCount: 2 } },
      { task: 'extensionNotice', role: 'unitHandler', due: 'D29 24:00', complete: { informedAt: 'D10 06:00', informedHow: 'phone', told: '维修材料未到货，再延期7个工作日' } },
      { task: 'reply', role: 'unitHandler', due: 'D29 24:00' },
      { advanceTo: 'D19 06:00' },
      { task: 'reply', role: 'unitHandler', due: 'D29 24:00', complete: { replyAction: 'extension' } },
      { event: 'extensionRefused', data: { extensionCount: 2, extensionMaxCount: 2, extensionReason: null } },
      { task: 'reply', role: 'unitHandler', due: 'D29 24:00' },
      { advanceTo: 'D29 24:00' },
      { supervised: { stage: 'handle', trigger: 'overdue', due: 'D29 24:00' } },
      { task: 'supervisionNote', role: 'supervisor', due: null, complete: { note: '逾期未办结，督促承办单位当日办结' } },
      { task: 'reply', role: 'unitHandler', due: 'D29 24:00' },
      ...repliedAndRated('D29 24:00', 'D30 10:00', 'D31 10:00', 'D30 15:00'),
    ],
  },
  {
    name: 'tianjin draft warning at 75 % of handling, moved by an extension',
    city: 'tianjin',
    draft: { name: '75 % handling warning', edit: withHandlingWarning },
    asserts:
      'a warning policy staff add to the 2025 rules fires at 75 % of the handling period in working time: 5.25 of the 7 working days counted from D1, the weekend not counted (D8 06:00, not a minute before); ' +
      'once an extension is approved it moves to 75 % of the whole 14 working days (D15 12:00) and is not raised again at the old instant; the ticket is never overdue',
    start: 'D0 09:00',
    steps: [
      ...handledFromMonday(),
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      { advanceTo: 'D8 05:59' },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      { advanceTo: 'D8 06:00' },
      { supervised: { stage: 'handle', trigger: 'handleWarning', due: 'D9 24:00', at: 'D8 06:00' } },
      { event: 'warned', data: { warning: 'handleThreeQuarters', label: '办理时限已过四分之三', warnAt: 'D8 06:00' } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'extension' } },
      { task: 'extensionRequest', role: 'unitLeader', due: 'D9 24:00', complete: { extensionReason: '需协调产权单位共同维修' } },
      { task: 'extensionReview', role: 'reviewer', due: 'D9 24:00', complete: { extensionDecision: 'approve' } },
      { event: 'extensionApproved', data: { extensionCount: 1 } },
      { task: 'extensionNotice', role: 'unitHandler', due: 'D18 24:00', complete: { informedAt: 'D8 06:00', informedHow: 'phone', told: '已协调产权单位，延期7个工作日办结' } },
      { task: 'reply', role: 'unitHandler', due: 'D18 24:00' },
      { advanceTo: 'D15 11:59' },
      { task: 'reply', role: 'unitHandler', due: 'D18 24:00' },
      { advanceTo: 'D15 12:00' },
      { supervised: { stage: 'handle', trigger: 'handleWarning', due: 'D18 24:00', at: 'D15 12:00' } },
      { task: 'reply', role: 'unitHandler', due: 'D18 24:00' },
      ...repliedAndRated('D18 24:00', 'D16 10:00', 'D17 10:00', 'D16 15:00'),
    ],
  },
  {
    name: 'tianjin extension refused for a consultation',
    city: 'tianjin',
    asserts: 'a consultation cannot be extended (2025 §12): the request is refused without review, with the rule text as reason, and the due instant stays',
    start: 'D0 09:00',
    steps: [
      ...handledFromMonday({ type: 'consult', urgency: 'general', channel: 'website', content: '人才落户政策咨询，知识库无现成答复' }),
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'extension' } },
      { event: 'extensionRefused', data: { extensionReason: '咨询类事项不得延期', extensionCount: 0 } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      ...repliedAndRated('D9 24:00', 'D2 12:00', 'D3 12:00', 'D2 15:00'),
    ],
  },
  {
    name: 'tianjin overdue acceptance',
    city: 'tianjin',
    asserts:
      'a life-safety matter must be dispatched in 5 minutes and accepted in 15; half-way the acceptance warning is recorded; when the clock passes the acceptance deadline the timer fires and a supervision record names the stage and its due instant; handling then has 2 hours from the late receipt',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: { type: 'help', urgency: 'lifeSafety', channel: 'phone', content: '燃气泄漏气味明显' } },
      { task: 'classify', role: 'registrar', due: 'D0 09:05', complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: 'D0 09:05', complete: { unit: 'tj-gas', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D0 09:15' },
      // half the 15 minutes (the 2025 rules' acceptance warning, acceptHalf): 09:07:30
      { advanceTo: 'D0 09:08' },
      { supervised: { stage: 'accept', trigger: 'acceptWarning', due: 'D0 09:15' } },
      { advanceTo: 'D0 09:20' },
      { supervised: { stage: 'accept', trigger: 'overdue', due: 'D0 09:15' } },
      { task: 'supervisionNote', role: 'supervisor', due: null, complete: { note: '电话督促燃气公司立即签收' } },
      { task: 'accept', role: 'unitHandler', due: 'D0 09:15', complete: { acceptDecision: 'accept' } },
      { task: 'reply', role: 'unitHandler', due: 'D0 11:20' },
      ...repliedAndRated('D0 11:20', 'D0 10:30', 'D1 10:30', 'D0 16:00'),
    ],
  },
  {
    name: 'tianjin supervision order escalated to the unit leader, then closed',
    city: 'tianjin',
    asserts:
      'a 督办单 issued while the unit handles the ticket (non-interrupting: the reply stays open) is answered by the unit by its deadline, ' +
      "escalated by the centre to the unit's leader, answered by the leader and closed, every step on the timeline; the ticket then runs to its end",
    start: 'D0 09:00',
    steps: [
      ...handledFromMonday(),
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      supervisionOrder('order-tj-1', 'D3 24:00'),
      { event: 'supervisionOrderIssued', data: { supervisionOrderId: 'order-tj-1', supervisionOrderDue: 'D3 24:00', supervisionOrderRequired: '说明未办结原因及办结时间' } },
      { task: 'orderAnswer', role: 'unitHandler', due: 'D3 24:00', complete: { supervisionResponse: '已约谈物业，周三前更换管道' } },
      { event: 'supervisionOrderAnswered', data: { supervisionOrderId: 'order-tj-1', supervisionResponse: '已约谈物业，周三前更换管道' } },
      { task: 'orderReview', role: 'supervisor', due: null, complete: { supervisionDecision: 'escalate', supervisionOpinion: '请单位负责人说明', supervisionOrderDue: 'D3 24:00' } },
      { event: 'supervisionOrderEscalated', data: { supervisionOrderId: 'order-tj-1', supervisionOpinion: '请单位负责人说明' } },
      { task: 'orderLeaderAnswer', role: 'unitLeader', due: 'D3 24:00', complete: { supervisionResponse: '负责人已督促，周二完成' } },
      { task: 'orderReview', role: 'supervisor', due: null, complete: { supervisionDecision: 'close', supervisionOpinion: '反馈符合要求' } },
      { event: 'supervisionOrderClosed', data: { supervisionOrderId: 'order-tj-1', supervisionOpinion: '反馈符合要求' } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      ...repliedAndRated('D9 24:00', 'D2 12:00', 'D3 12:00', 'D2 15:00'),
    ],
  },
  {
    name: 'tianjin two supervision orders during the same handling step',
    city: 'tianjin',
    asserts:
      'a second 督办单 issued while the unit is still at the same handling step (the first one closed) reaches the unit too: ' +
      'the non-interrupting boundary takes every order while its step is open, each answered and closed; the ticket then runs to its end',
    start: 'D0 09:00',
    steps: [
      ...handledFromMonday(),
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      supervisionOrder('order-tj-a', 'D3 24:00'),
      { event: 'supervisionOrderIssued', data: { supervisionOrderId: 'order-tj-a', supervisionOrderDue: 'D3 24:00' } },
      { task: 'orderAnswer', role: 'unitHandler', due: 'D3 24:00', complete: { supervisionResponse: '已约谈物业' } },
      { event: 'supervisionOrderAnswered', data: { supervisionOrderId: 'order-tj-a' } },
      { task: 'orderReview', role: 'supervisor', due: null, complete: { supervisionDecision: 'close' } },
      { event: 'supervisionOrderClosed', data: { supervisionOrderId: 'order-tj-a' } },
      supervisionOrder('order-tj-b', 'D4 24:00'),
      { event: 'supervisionOrderIssued', data: { supervisionOrderId: 'order-tj-b', supervisionOrderDue: 'D4 24:00' } },
      { task: 'orderAnswer', role: 'unitHandler', due: 'D4 24:00', complete: { supervisionResponse: '管道已更换' } },
      { event: 'supervisionOrderAnswered', data: { supervisionOrderId: 'order-tj-b' } },
      { task: 'orderReview', role: 'supervisor', due: null, complete: { supervisionDecision: 'close' } },
      { event: 'supervisionOrderClosed', data: { supervisionOrderId: 'order-tj-b' } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      ...repliedAndRated('D9 24:00', 'D2 12:00', 'D3 12:00', 'D2 15:00'),
    ],
  },
  {
    name: 'tianjin extension asked on the due day is refused',
    city: 'tianjin',
    asserts:
      'an extension must be requested at least 1 working day before the due instant (2025 §12, policies.extension.requestLeadTime): handling due D9 24:00 takes requests until D8 24:00, ' +
      'so one asked at 09:00 on D9 is refused without review by the engine clock, with the rule’s sentence, and the due instant stays',
    start: 'D0 09:00',
    steps: [
      ...handledFromMonday(),
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      { advanceTo: 'D9 09:00' },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'extension' } },
      { event: 'extensionRefused', data: { extensionReason: '应当在工单办理期限到期前至少提前1个工作日提出延期申请（实施细则第十二条）', extensionCount: 0 } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      ...repliedAndRated('D9 24:00', 'D9 10:00', 'D10 10:00', 'D9 15:00'),
    ],
  },
  {
    name: 'tianjin rejected return keeps the running handling period',
    city: 'tianjin',
    asserts:
      'a rejected return does not restart the handling period (2025 §10, policies.return.rejectedRestartsClock false): the unit that asked on D0 at 11:00 and accepts on D1 ' +
      'has 7 working days from its request (D9 24:00), not from its acceptance (D10 24:00)',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
      { advanceTo: 'D0 10:00' },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00', complete: { unit: 'tj-housing', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { advanceTo: 'D0 11:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'return' } },
      { task: 'returnRequest', role: 'unitLeader', due: 'D1 24:00', complete: { returnReason: '供水管道属供水公司维护范围', basis: '《天津市城市供水用水条例》' } },
      { task: 'returnReview', role: 'reviewer', due: null, complete: { returnDecision: 'reject', comment: '属地管理，由街道协调处置' } },
      { event: 'returnRejected' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { advanceTo: 'D1 10:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'accept' } },
      { event: 'deadlineSet', data: { stage: 'handle', from: 'returnRequestedAt', due: 'D9 24:00' } },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      ...repliedAndRated('D9 24:00', 'D2 10:00', 'D3 10:00', 'D2 15:00'),
    ],
  },
  {
    name: 'tianjin dissatisfied rating not sent back',
    city: 'tianjin',
    asserts:
      'after a first 不满意 the centre decides case by case whether to send the ticket back (2025 §14 根据情况): with 退回承办单位再次办理 unticked (sendBack false) no rework is ordered and the timeline records the decision; the unit says it will not submit a 履职尽责说明 and the ticket closes',
    start: 'D0 09:00',
    steps: [
      ...ratedDissatisfiedKept(),
      { task: 'dutyStatement', role: 'unitHandler', due: 'D7 24:00', complete: { dutyStatementAction: 'decline' } },
      { event: 'dutyStatementDeclined', data: { rating: 'dissatisfied' } },
      { event: 'closed', data: { rating: 'dissatisfied', reworkCount: 0 } },
      { ended: 'closed' },
    ],
  },
  {
    name: 'tianjin duty statement accepted: the negative rating is exempt',
    city: 'tianjin',
    asserts:
      'a 不满意 that counts gives the unit 3 working days (an assumption) to submit a 履职尽责说明 with evidence (2025 §24, 2024 §23); the centre\'s reviewer accepts it, the ticket is marked exempt from the negative rating (ratingExempted) and then closes',
    start: 'D0 09:00',
    steps: [
      ...ratedDissatisfiedKept(),
      { task: 'dutyStatement', role: 'unitHandler', due: 'D7 24:00' },
      { advanceTo: 'D3 10:00' },
      { task: 'dutyStatement', role: 'unitHandler', due: 'D7 24:00', complete: { dutyStatementAction: 'submit' } },
      { event: 'dutyStatementSubmitted', data: { dutyStatementSubmittedAt: 'D3 10:00', dutyStatementSubmittedAtOnTime: true } },
      { task: 'dutyStatementReview', role: 'reviewer', due: null, complete: { dutyStatementDecision: 'accept', ratingExempt: true, dutyStatementOpinion: '已按时维修并如实答复，确已尽责' } },
      { event: 'ratingExempted', data: { rating: 'dissatisfied', dutyStatementOpinion: '已按时维修并如实答复，确已尽责' } },
      { event: 'closed', data: { rating: 'dissatisfied' } },
      { ended: 'closed' },
    ],
  },
  {
    name: 'tianjin duty statement period runs out',
    city: 'tianjin',
    asserts: 'a unit that neither submits nor declines a 履职尽责说明 within its period: at the period\'s end the step closes by the engine\'s clock, the timeline says so, and the ticket closes with its rating',
    start: 'D0 09:00',
    steps: [
      ...ratedDissatisfiedKept(),
      { task: 'dutyStatement', role: 'unitHandler', due: 'D7 24:00' },
      { advanceTo: 'D7 24:00' },
      { event: 'dutyStatementLapsed', data: { dutyStatementDue: 'D7 24:00', rating: 'dissatisfied' } },
      { event: 'closed', data: { rating: 'dissatisfied' } },
      { ended: 'closed' },
    ],
  },
  {
    name: 'tianjin 2015 unsolvable matter: filing refused, then filed',
    city: 'tianjin',
    asserts:
      'under the 2015 rules (§22) a reply may say the matter cannot be solved for objective reasons: the centre refuses the first filing (the unit handles it again, within the running period) and files the second (unsolvableFiled); the return visit follows and the ticket closes',
    start: 'D0 09:00',
    variables: { registeredAt: '2025-12-31T10:00:00+08:00' },
    steps: [
      ...migrated2015Help(),
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { advanceTo: 'D1 09:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'accept' } },
      { task: 'reply', role: 'unitHandler', due: 'D3 24:00' },
      { advanceTo: 'D1 10:00' },
      { task: 'reply', role: 'unitHandler', due: 'D3 24:00', complete: { replyAction: 'reply', reply: '供热管网改造未完成', filingRequested: true, unsolvableReason: '管网改造须待采暖季结束' } },
      { event: 'unsolvableFilingRequested', data: { unsolvableReason: '管网改造须待采暖季结束' } },
      { task: 'filingReview', role: 'reviewer', due: null, complete: { filingDecision: 'refuse', filingOpinion: '可先临时加装散热设备' } },
      { event: 'unsolvableFilingRefused', data: { filingOpinion: '可先临时加装散热设备' } },
      { task: 'reply', role: 'unitHandler', due: 'D3 24:00' },
      { advanceTo: 'D1 11:00' },
      { task: 'reply', role: 'unitHandler', due: 'D3 24:00', complete: { replyAction: 'reply', reply: '已临时加装散热设备，管网改造待采暖季后', filingRequested: true } },
      { task: 'filingReview', role: 'reviewer', due: null, complete: { filingDecision: 'accept', filingOpinion: '同意备案' } },
      { event: 'unsolvableFiled', data: { filingOpinion: '同意备案' } },
      { task: 'returnVisit', role: 'returnVisit', due: 'D2 11:00' },
      { advanceTo: 'D1 15:00' },
      { task: 'returnVisit', role: 'returnVisit', due: 'D2 11:00', complete: { rating: 'satisfied' } },
      { event: 'closed', data: { rating: 'satisfied' } },
      { ended: 'closed' },
    ],
  },
  {
    name: 'tianjin dissatisfied rating sent back',
    city: 'tianjin',
    asserts: 'with 退回承办单位再次办理 ticked (sendBack true) a first 不满意 goes back to the unit for rework, due 7 working days from the rating',
    start: 'D0 09:00',
    steps: [
      ...handledFromMonday(),
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00' },
      { advanceTo: 'D2 12:00' },
      { task: 'reply', role: 'unitHandler', due: 'D9 24:00', complete: { replyAction: 'reply', reply: '已协调物业维修' } },
      { task: 'returnVisit', role: 'returnVisit', due: 'D3 12:00' },
      { advanceTo: 'D2 15:00' },
      { task: 'returnVisit', role: 'returnVisit', due: 'D3 12:00', complete: { rating: 'dissatisfied', sendBack: true } },
      { event: 'reworkOrdered', data: { rating: 'dissatisfied' } },
      { task: 'rework', role: 'unitHandler', due: 'D11 24:00' },
      { cancel: 'the ticket went back for rework, as the centre decided' },
    ],
  },
  {
    name: 'tianjin complex matter returned on the second working day',
    city: 'tianjin',
    asserts:
      'the return window is 1 working day, 2 for a 疑难复杂 matter (2024 §17, policies.return.complexPeriod): a request on D2, after the ordinary window (D1 24:00) but within the longer one (D2 24:00), ' +
      'goes to review and, declared complex, is approved',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
      { advanceTo: 'D0 10:00' },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00', complete: { unit: 'tj-housing', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      // each rung of the watch on its own clock move (half the period: the 2025 rules' acceptHalf; then the deadline)
      { advanceTo: 'D1 13:00' },
      { supervised: { stage: 'accept', trigger: 'acceptWarning', due: 'D1 24:00' } },
      { advanceTo: 'D2 00:01' },
      { supervised: { stage: 'accept', trigger: 'overdue', due: 'D1 24:00' } },
      { advanceTo: 'D2 10:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'return' } },
      { event: 'returnRequested', data: { returnRequestedAtOnTime: false } },
      { task: 'returnRequest', role: 'unitLeader', due: 'D1 24:00', complete: { returnReason: '涉及多个部门职责交叉', basis: '权责清单', complex: true } },
      { task: 'returnReview', role: 'reviewer', due: null, complete: { returnDecision: 'approve' } },
      { event: 'returnApproved', data: { returnCount: 1 } },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
      { cancel: 'the ticket went back to dispatch, as it should' },
    ],
  },
  {
    name: 'tianjin return on the second working day without 疑难复杂 is not approved',
    city: 'tianjin',
    asserts:
      'a request after the ordinary window that the unit does not declare 疑难复杂 cannot be approved (2024 §17): even an approval leaves the ticket with the unit, which must handle it',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
      { advanceTo: 'D0 10:00' },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00', complete: { unit: 'tj-housing', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      // each rung of the watch on its own clock move (half the period: the 2025 rules' acceptHalf; then the deadline)
      { advanceTo: 'D1 13:00' },
      { supervised: { stage: 'accept', trigger: 'acceptWarning', due: 'D1 24:00' } },
      { advanceTo: 'D2 00:01' },
      { supervised: { stage: 'accept', trigger: 'overdue', due: 'D1 24:00' } },
      { advanceTo: 'D2 10:00' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'return' } },
      { task: 'returnRequest', role: 'unitLeader', due: 'D1 24:00', complete: { returnReason: '不属于本单位职责', basis: '三定方案', complex: false } },
      { task: 'returnReview', role: 'reviewer', due: null, complete: { returnDecision: 'approve' } },
      { event: 'returnRejected' },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { cancel: 'the ticket stayed with the unit, as it should' },
    ],
  },
  {
    name: 'tianjin return after the 疑难复杂 window is refused',
    city: 'tianjin',
    asserts: 'after 2 working days the unit must handle the ticket (2024 §17): a request on D3 is refused without review and the acceptance task comes back',
    start: 'D0 09:00',
    steps: [
      { task: 'register', role: 'registrar', due: null, complete: complaint },
      { task: 'classify', role: 'registrar', due: 'D1 09:00', complete: { classification: 'dispatch' } },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00' },
      { advanceTo: 'D0 10:00' },
      { task: 'dispatch', role: 'dispatcher', due: 'D1 09:00', complete: { unit: 'tj-housing', assistingUnits: [] } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      // each rung of the watch on its own clock move (half the period: the 2025 rules' acceptHalf; then the deadline)
      { advanceTo: 'D1 13:00' },
      { supervised: { stage: 'accept', trigger: 'acceptWarning', due: 'D1 24:00' } },
      { advanceTo: 'D3 10:00' },
      { supervised: { stage: 'accept', trigger: 'overdue', due: 'D1 24:00' } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00', complete: { acceptDecision: 'return' } },
      { event: 'returnRefused', data: { returnRequestedAtOnTime: false } },
      { task: 'accept', role: 'unitHandler', due: 'D1 24:00' },
      { cancel: 'the unit must handle it, as it should' },
    ],
  },
];
