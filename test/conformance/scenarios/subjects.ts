// Subject processes (city.json subjectProcesses): a knowledge entry's review, its update a unit is asked
// for (知识更新), and a unit's appeal against an assessment figure. Each ends in its outcome step (hotline.outcome), which the server hands to the
// subject's module with the reviewer's fields.
import type { Scenario } from '../scenario';

const knowledgeEntry = { process: 'knowledge-entry', kind: 'knowledgeEntry' };
const knowledgeUpdate = { process: 'knowledge-update', kind: 'knowledgeUpdate' };
const assessmentAppeal = { process: 'assessment-appeal', kind: 'assessmentAppeal' };

export const subjectScenarios: Scenario[] = [
  {
    name: 'tianjin knowledge entry returned for changes',
    city: 'tianjin',
    subject: knowledgeEntry,
    asserts: "the centre's reviewer (知识审核) sends a unit's entry back with the reason (2025 §15, §17); the outcome is returned, with the reason",
    start: 'D0 09:00',
    steps: [
      { task: 'knowledgeReview', role: 'reviewer', due: null, complete: { decision: 'return', reason: '缺少办理依据', knowledgeDecision: 'return' } },
      { outcome: 'returned', variables: { reason: '缺少办理依据' } },
    ],
  },
  {
    name: 'hangzhou knowledge entry published',
    city: 'hangzhou',
    subject: knowledgeEntry,
    asserts: "the centre's reviewer passes the entry (§25): the outcome is published",
    start: 'D0 09:00',
    steps: [
      { task: 'knowledgeReview', role: 'reviewer', due: null, complete: { decision: 'publish', knowledgeDecision: 'publish' } },
      { outcome: 'published' },
    ],
  },
  {
    name: 'tianjin knowledge entry confirmed unchanged',
    city: 'tianjin',
    subject: knowledgeUpdate,
    asserts: "the unit's 知识更新 task is due when the knowledge base says (2025 §17: 2 working days from a Monday flag, 24:00 on Wednesday); 无需更新 with the reason: the outcome is unchanged",
    start: 'D0 09:00',
    variables: { code: 'KB-000001', flagReason: '票价调整，请核实', emergency: false, knowledgeUpdateDue: 'D2 24:00' },
    steps: [
      { task: 'knowledgeUpdate', role: 'unitHandler', due: 'D2 24:00', complete: { answer: 'unchanged', reason: '票价未调整，条目仍准确', knowledgeUpdateAnswer: 'unchanged' } },
      { outcome: 'unchanged', variables: { reason: '票价未调整，条目仍准确' } },
    ],
  },
  {
    name: 'turpan knowledge entry update submitted',
    city: 'turpan',
    subject: knowledgeUpdate,
    asserts: 'an emergency update (1 calendar day: 24:00 the day after the flag) answered 已提交更新 by the unit’s leader: the outcome is updated',
    start: 'D0 09:00',
    variables: { code: 'KB-000002', flagReason: '突发停水', emergency: true, knowledgeUpdateDue: 'D1 24:00' },
    steps: [
      { task: 'knowledgeUpdate', role: 'unitLeader', due: 'D1 24:00', complete: { answer: 'updated', knowledgeUpdateAnswer: 'updated' } },
      { outcome: 'updated' },
    ],
  },
  {
    name: 'turpan assessment appeal upheld',
    city: 'turpan',
    subject: assessmentAppeal,
    asserts: 'the centre investigates a unit’s appeal (§35, 申诉核查) and upholds it with the corrected value and its explanation: the outcome is upheld',
    start: 'D0 09:00',
    steps: [
      { task: 'appealReview', role: 'supervisor', due: null, complete: { decision: 'uphold', correctedValue: 0.95, explanation: '两件工单系重复登记', appealDecision: 'uphold' } },
      { outcome: 'upheld', variables: { correctedValue: 0.95, explanation: '两件工单系重复登记' } },
    ],
  },
  {
    name: 'tianjin assessment appeal rejected',
    city: 'tianjin',
    subject: assessmentAppeal,
    asserts: 'the centre rejects an appeal with the reason: the outcome is rejected',
    start: 'D0 09:00',
    steps: [
      { task: 'appealReview', role: 'supervisor', due: null, complete: { decision: 'reject', reason: '统计口径无误', appealDecision: 'reject' } },
      { outcome: 'rejected', variables: { reason: '统计口径无误' } },
    ],
  },
];
