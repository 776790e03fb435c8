// Each shipped pack's assessment 考核 against tables worked out by hand: a few tickets per unit with
// known facts, each figure, its points under the pack's scoring rule, the total, grade and rank. A ticket
// is measured by its own rule version (Tianjin's 2015 rules rate suggestions, the 2025 rules do not).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { assessUnits, traceIndicator, validatePack, type AssessmentInput, type CityPack, type FactRecord, type FactValue } from '@hotline/rules';
import { SHIPPED_PACKS_DIR, loadShippedPack, readPackFolder } from '../src/index';

const ticket = (id: string, unitId: string, ruleVersion: string, facts: Record<string, FactValue>): FactRecord => ({
  id,
  label: id,
  unitId,
  ruleVersion,
  facts: { accepted: true, acceptedOnTime: true, replied: true, repliedOnTime: true, reworked: false, returnApproved: false, ratingExempt: false, supervisionOrdersEscalated: 0, supervisions: 0, ...facts },
});

function inputOf(pack: CityPack, scoringVersion: string, units: AssessmentInput['units'], current: AssessmentInput['current'], previousYear?: AssessmentInput['previousYear']): AssessmentInput {
  const planOf = (id: string) => pack.versions.find((v) => v.id === id)?.assessment;
  return { plan: planOf(scoringVersion)!, planOf, units, current, ...(previousYear ? { previousYear } : {}) };
}

/** unit → indicator key → [value, points], then total, grade, rank. */
type Table = Record<string, { figures: Record<string, [number | null, number]>; total: number; grade: string; rank: number }>;

function expectTable(input: AssessmentInput, table: Table): void {
  const results = assessUnits(input);
  for (const [unit, row] of Object.entries(table)) {
    const r = results.find((x) => x.unitId === unit)!;
    const got = Object.fromEntries(r.indicators.map((i) => [i.key, [i.value === null ? null : Math.round(i.value * 10000) / 10000, i.points]]));
    expect({ unit, figures: got }).toEqual({ unit, figures: row.figures });
    expect({ unit, total: r.total, grade: r.grade?.label, rank: r.rank }).toEqual({ unit, total: row.total, grade: row.grade, rank: row.rank });
  }
}

describe('Tianjin: 2025 rules score; each ticket measured by its own version', () => {
  const pack = loadShippedPack('tianjin');
  const A = [
    ticket('T1', 'A', '2025', { type: 'complaint', rating: 'satisfied' }),
    ticket('T2', 'A', '2025', { type: 'complaint', acceptedOnTime: false, rating: 'dissatisfied', reworked: true }),
    ticket('T3', 'A', '2025', { type: 'help', repliedOnTime: false, rating: 'dissatisfied', ratingExempt: true }),
    ticket('T4', 'A', '2025', { type: 'praise', rating: 'satisfied' }),
    ticket('T5', 'A', '2025', { type: 'complaint', returnApproved: true, rating: 'satisfied' }),
    ticket('T6', 'A', '2025', { type: 'complaint', rating: 'basicallySatisfied', supervisionOrdersEscalated: 2, supervisions: 3 }),
    ...[7, 8, 9, 10, 11, 12].map((n) => ticket(`T${n}`, 'A', '2025', { type: 'complaint', rating: 'satisfied' })),
  ];
  const B = [
    ticket('T20', 'B', '2015', { type: 'suggestion', rating: 'dissatisfied' }),
    ticket('T21', 'B', '2025', { type: 'complaint', rating: 'satisfied' }),
    ticket('T22', 'B', '2025', { type: 'suggestion', rating: 'satisfied' }),
    ticket('T23', 'B', '2025', { type: 'consult', rating: 'satisfied' }),
  ];
  const input = inputOf(pack, '2025', [{ id: 'A' }, { id: 'B' }, { id: 'C' }], { tickets: [...A, ...B] });

  it('computes the hand-worked table', () => {
    // A: acceptance 10/11 (T5 returned, excluded; T2 late) → 20 × (0.9091 − 0.9)/0.1 = 1.8182;
    //    completion 10/11 (T3 late) → 25 × 0.0909 = 2.2727; satisfaction 9/10 (T3 exempt and T4 praise excluded,
    //    T2 dissatisfied) → 40 × (0.9 − 0.8)/0.2 = 20; rework 1/11 → 15 × (0.0909 − 0.2)/(0 − 0.2) =
    //    8.1818; two escalated orders × −2 = −4; three supervision entries × −0.5 = −1.5. Total 26.77, 较差, third.
    // B: all on time; satisfaction 2/3 = 0.6667: T20 is a 2015 ticket and the 2015 rules rate suggestions (T22,
    //    a 2025 suggestion, is not rated; T21, T23 satisfied) → 0.6667 < 0.8 → 0. Total 20 + 25 + 0 + 15 = 60, 一般.
    // C: no tickets → every indicator's whenNoData: 20 + 25 + 40 + 15 + 0 = 100, 好.
    expectTable(input, {
      A: { figures: { onTimeAcceptance: [0.9091, 1.8182], onTimeCompletion: [0.9091, 2.2727], satisfaction: [0.9, 20], reworkRate: [0.0909, 8.1818], supervisedUnresolved: [2, -4], supervisionEntries: [3, -1.5] }, total: 26.77, grade: '较差', rank: 3 },
      B: { figures: { onTimeAcceptance: [1, 20], onTimeCompletion: [1, 25], satisfaction: [0.6667, 0], reworkRate: [0, 15], supervisedUnresolved: [0, 0], supervisionEntries: [0, 0] }, total: 60, grade: '一般', rank: 2 },
      C: { figures: { onTimeAcceptance: [null, 20], onTimeCompletion: [null, 25], satisfaction: [null, 40], reworkRate: [null, 15], supervisedUnresolved: [0, 0], supervisionEntries: [0, 0] }, total: 100, grade: '好', rank: 1 },
    });
  });

  it('traces a figure to its tickets, the excluded ones with their reason', () => {
    const { figure, trace } = traceIndicator(input, 'A', 'satisfaction')!;
    expect(figure).toMatchObject({ numerator: 9, denominator: 10, excluded: 2 });
    const byId = Object.fromEntries(trace.map((t) => [t.id, [t.role, t.reason ?? '']]));
    expect(byId.T1).toEqual(['numerator', '']);
    expect(byId.T2).toEqual(['denominator', '']);
    expect(byId.T3).toEqual(['excluded', '履职尽责说明经审核认可，不予负面评价']);
    expect(byId.T4).toEqual(['excluded', '表扬类、建议类事项不纳入满意度评价']);
    const acceptance = traceIndicator(input, 'A', 'onTimeAcceptance')!;
    expect(acceptance.trace.find((t) => t.id === 'T5')).toMatchObject({ role: 'excluded', reason: '同意退回的工单（不计入原承办单位）' });
  });
});

describe('Hangzhou: graded, ranked within its categories of units', () => {
  const pack = loadShippedPack('hangzhou');
  const units = [{ id: 'D1', kind: 'district' }, { id: 'D2', kind: 'district' }, { id: 'P1', kind: 'department' }];
  const tickets = [
    ticket('H1', 'D1', 'draft-2023', { type: 'complaint', rating: 'satisfied' }),
    ticket('H2', 'D1', 'draft-2023', { type: 'complaint', rating: 'satisfied' }),
    ticket('H3', 'D1', 'draft-2023', { type: 'complaint', repliedOnTime: false, rating: 'dissatisfied', reworked: true }),
    ticket('H4', 'D1', 'draft-2023', { type: 'praise', rating: 'satisfied' }),
    ticket('H5', 'D2', 'draft-2023', { type: 'complaint', rating: 'satisfied' }),
    ticket('H6', 'D2', 'draft-2023', { type: 'help', rating: 'basicallySatisfied' }),
    ticket('H7', 'P1', 'draft-2023', { type: 'consult', rating: 'satisfied' }),
  ];
  it('computes the hand-worked table', () => {
    // D1: acceptance 4/4 → 20; completion 3/4 = 0.75 < 0.85 → 0; satisfaction 2/3 (H4 praise excluded)
    //     = 0.6667 < 0.7 → 0; rework 1/4 = 0.25, the zero bound → 0. Total 20, 不合格, second of the districts.
    // D2, P1: everything at its best → 20 + 30 + 40 + 10 = 100, 优秀, first of their categories.
    expectTable(inputOf(pack, 'draft-2023', units, { tickets }), {
      D1: { figures: { onTimeAcceptance: [1, 20], onTimeCompletion: [0.75, 0], satisfaction: [0.6667, 0], reworkRate: [0.25, 0] }, total: 20, grade: '不合格', rank: 2 },
      D2: { figures: { onTimeAcceptance: [1, 20], onTimeCompletion: [1, 30], satisfaction: [1, 40], reworkRate: [0, 10] }, total: 100, grade: '优秀', rank: 1 },
      P1: { figures: { onTimeAcceptance: [1, 20], onTimeCompletion: [1, 30], satisfaction: [1, 40], reworkRate: [0, 10] }, total: 100, grade: '优秀', rank: 1 },
    });
    expect(assessUnits(inputOf(pack, 'draft-2023', units, { tickets })).map((r) => r.category)).toEqual(['districts', 'districts', 'departments']);
  });
});

describe('Turpan: credits for early completion and a fall in similar matters, knowledge-base upkeep', () => {
  const pack = loadShippedPack('turpan');
  const v = '2021';
  const tickets = [
    ticket('X1', 'X', v, { type: 'complaint', handleShareUsed: 0.3, rating: 'verySatisfied' }),
    ticket('X2', 'X', v, { type: 'complaint', handleShareUsed: 0.6, rating: 'satisfied' }),
    ticket('X3', 'X', v, { type: 'help', handleShareUsed: 0.4, rating: 'basicallySatisfied' }),
    ticket('X4', 'X', v, { type: 'report', repliedOnTime: false, handleShareUsed: 1.3, rating: 'dissatisfied', reworked: true }),
    ticket('X5', 'X', v, { type: 'consult', handleShareUsed: 0.2, rating: 'veryDissatisfied', ratingExempt: true }),
    ticket('Y1', 'Y', v, { type: 'complaint', handleShareUsed: 0.8, rating: 'satisfied' }),
    ticket('Y2', 'Y', v, { type: 'complaint', handleShareUsed: 0.9, rating: 'satisfied' }),
  ];
  const previousYear = {
    tickets: [
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ticket(`PX${n}`, 'X', v, { type: 'complaint' })),
      ticket('PY1', 'Y', v, { type: 'complaint' }),
      ticket('PY2', 'Y', v, { type: 'help' }),
    ],
  };
  const knowledgeUpdates = ['K1', 'K2', 'K3', 'K4'].map((id, i) => ({ id, label: id, unitId: 'X', ruleVersion: v, facts: { onTime: i !== 3 } }));
  it('computes the hand-worked table', () => {
    // X: acceptance 5/5 → 15; completion 4/5 = 0.8 < 0.9 → 0; satisfaction 3/4 (X5 exempt) = 0.75 → 0;
    //    rework 1/5 = 0.2 → 0; knowledge 3/4 = 0.75 < 0.8 → 0; early 3/4 of on-time replies in the
    //    first half (X1, X3, X5) ≥ 0.5 → 3; similar matters 4 against 8 → −50%, beyond −20% → 2. Total 20.
    // Y: 15 + 25 + 40 + 10; no update due → 10; early 0/2 → 0; 2 against 2 → 0. Total 100.
    expectTable(inputOf(pack, v, [{ id: 'X' }, { id: 'Y' }], { tickets, knowledgeUpdates }, previousYear), {
      X: {
        figures: { onTimeAcceptance: [1, 15], onTimeCompletion: [0.8, 0], satisfaction: [0.75, 0], reworkRate: [0.2, 0], knowledgeUpkeep: [0.75, 0], earlyCompletion: [0.75, 3], similarMattersChange: [-0.5, 2] },
        total: 20,
        grade: '不合格',
        rank: 2,
      },
      Y: {
        figures: { onTimeAcceptance: [1, 15], onTimeCompletion: [1, 25], satisfaction: [1, 40], reworkRate: [0, 10], knowledgeUpkeep: [null, 10], earlyCompletion: [0, 0], similarMattersChange: [0, 0] },
        total: 100,
        grade: '优秀',
        rank: 1,
      },
    });
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits raw pack JSON at any depth
type Editable = Record<string, any>;

describe('an assessment the pack gets wrong is refused with its file and JSON path', () => {
  const folder = readPackFolder(join(SHIPPED_PACKS_DIR, 'tianjin'));
  const edited = (edit: (assessment: Editable) => void) =>
    folder.map((f) => {
      if (f.path !== 'versions/2025.json') return f;
      const json = JSON.parse(f.text);
      edit(json.assessment);
      return { ...f, text: JSON.stringify(json) };
    });
  const issuesOf = (edit: (assessment: Editable) => void) => {
    const result = validatePack(edited(edit), { label: 'cities/tianjin', expectedId: 'tianjin' });
    return result.ok ? [] : result.issues.map((i) => `${i.file} ${i.path}: ${i.messageZh}`);
  };

  it('a rating level the version does not have', () => {
    expect(issuesOf((a) => (a.indicators[2].measure.numerator[0].in = ['satisfied', 'verySatisfied']))).toEqual([
      'cities/tianjin/versions/2025.json /assessment/indicators/2/measure/numerator/0/in/1: verySatisfied 不在本版本评价等级（rating.levels）中：satisfied、basicallySatisfied、dissatisfied',
    ]);
  });
  it('a scoring rule of an unknown kind, a grade without source, an indicator declared twice', () => {
    const issues = issuesOf((a) => {
      a.indicators[0].score = { kind: 'stepwise', points: 5 };
      delete a.grades[1].source;
    });
    expect(issues.some((i) => i.startsWith('cities/tianjin/versions/2025.json /assessment/indicators/0/score'))).toBe(true);
    expect(issues.some((i) => i.startsWith('cities/tianjin/versions/2025.json /assessment/grades/1'))).toBe(true);
    expect(issuesOf((a) => a.indicators.push({ ...a.indicators[1] }))).toEqual(['cities/tianjin/versions/2025.json /assessment/indicators/6/key: 指标“onTimeCompletion”重复声明']);
  });
});
