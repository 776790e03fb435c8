// Every deadline rule of every shipped pack, with its due instant worked out by hand from the
// regulation and the State Council's calendar. A last test fails when a pack gains a rule that no
// row here exercises, so a rule change cannot land untested.
import { describe, expect, it } from 'vitest';
import { CityRules, HotlineError, type RuleVersion } from '@hotline/rules';
import { listPacks, loadShippedPack } from '../src/index';

const rulesOf = Object.fromEntries(listPacks().map((id) => [id, new CityRules(loadShippedPack(id))]));

interface Row {
  city: string;
  stage: string;
  type: string;
  urgency?: string;
  from: string;
  /** Registration, when it differs from `from` (extensions, rework). */
  at?: string;
  version: string;
  due?: string;
  provisional?: boolean;
  /** Expected refusal instead of a due instant. */
  refused?: RegExp;
  why?: string;
}

const FRI_2025 = '2025-09-26T16:00:00+08:00'; // the Friday before National Day 2025; Sunday 2025-09-28 is a 调休 working day
const FRI_2026 = '2026-11-20T16:00:00+08:00'; // an ordinary Friday (RULES.md's example)

const rows: Row[] = [
  // ── Tianjin 2015 rules (tickets registered before 2026-01-01) ──
  { city: 'tianjin', version: '2015', stage: 'dispatch', type: 'complaint', from: FRI_2025, due: '2025-09-26T16:05:00+08:00', why: '5 min' },
  { city: 'tianjin', version: '2015', stage: 'answer', type: 'help', from: '2025-09-30T23:30:00+08:00', due: '2025-10-01T00:30:00+08:00', why: '1 hour (§17), calendar time into the National Day holiday' },
  { city: 'tianjin', version: '2015', stage: 'answer', type: 'complaint', from: FRI_2025, refused: /set no answer period/, why: 'a complaint is not answered from the knowledge base' },
  { city: 'tianjin', version: '2015', stage: 'accept', type: 'complaint', from: FRI_2025, due: '2025-09-29T00:00:00+08:00', why: 'Sunday 9-28 is a make-up working day' },
  { city: 'tianjin', version: '2015', stage: 'return', type: 'complaint', from: FRI_2025, due: '2025-09-29T00:00:00+08:00' },
  { city: 'tianjin', version: '2015', stage: 'handle', type: 'help', from: FRI_2025, due: '2025-09-30T00:00:00+08:00', why: '2 working days (§19)' },
  { city: 'tianjin', version: '2015', stage: 'handle', type: 'complaint', from: FRI_2025, due: '2025-10-14T00:00:00+08:00', why: '7 working days across National Day 10-1..10-8 and the make-up Saturday 10-11' },
  { city: 'tianjin', version: '2015', stage: 'handle', type: 'consult', from: FRI_2025, due: '2025-09-30T00:00:00+08:00' },
  { city: 'tianjin', version: '2015', stage: 'extension', type: 'complaint', from: '2025-10-14T00:00:00+08:00', at: FRI_2025, due: '2025-10-23T00:00:00+08:00', why: 'counted from 10-13, the day the period ended' },
  { city: 'tianjin', version: '2015', stage: 'rework', type: 'help', from: FRI_2025, due: '2025-09-30T00:00:00+08:00' },
  { city: 'tianjin', version: '2015', stage: 'rework', type: 'report', from: FRI_2025, due: '2025-10-14T00:00:00+08:00' },
  { city: 'tianjin', version: '2015', stage: 'returnVisit', type: 'complaint', from: FRI_2025, due: '2025-09-27T16:00:00+08:00', why: '24 h' },
  { city: 'tianjin', version: '2015', stage: 'dutyStatement', type: 'complaint', from: FRI_2025, due: '2025-10-01T00:00:00+08:00', why: '3 working days from the rating (assumption, 2024 §23); Sunday 9-28 is a make-up working day' },
  { city: 'tianjin', version: '2015', stage: 'handle', type: 'help', from: '2025-12-31T10:00:00+08:00', due: '2026-01-06T00:00:00+08:00', why: 'registered on the last day of the 2015 rules; New Year 1-1..1-3 off, Sunday 1-4 worked' },

  // ── Tianjin 2025 rules ──
  { city: 'tianjin', version: '2025', stage: 'dispatch', type: 'complaint', urgency: 'lifeSafety', from: FRI_2026, due: '2026-11-20T16:05:00+08:00', why: '第一时间 = 5 min (assumption)' },
  { city: 'tianjin', version: '2025', stage: 'dispatch', type: 'praise', from: FRI_2026, due: '2026-11-21T16:00:00+08:00' },
  { city: 'tianjin', version: '2025', stage: 'dispatch', type: 'complaint', from: FRI_2026, due: '2026-11-21T16:00:00+08:00', why: '24 h over a weekend' },
  { city: 'tianjin', version: '2025', stage: 'accept', type: 'help', urgency: 'lifeSafety', from: '2026-10-01T23:50:00+08:00', due: '2026-10-02T00:05:00+08:00', why: '15 min across midnight on a holiday' },
  { city: 'tianjin', version: '2025', stage: 'accept', type: 'help', urgency: 'utilities', from: FRI_2026, due: '2026-11-20T16:30:00+08:00' },
  { city: 'tianjin', version: '2025', stage: 'accept', type: 'praise', from: FRI_2026, due: '2026-11-24T00:00:00+08:00' },
  { city: 'tianjin', version: '2025', stage: 'accept', type: 'complaint', from: FRI_2026, due: '2026-11-24T00:00:00+08:00', why: 'RULES.md: Friday 16:00 + 1 working day = Monday 24:00' },
  { city: 'tianjin', version: '2025', stage: 'accept', type: 'complaint', from: '2026-01-01T10:00:00+08:00', due: '2026-01-05T00:00:00+08:00', why: 'New Year holiday, Sunday 1-4 worked' },
  { city: 'tianjin', version: '2025', stage: 'accept', type: 'complaint', from: '2026-09-24T16:00:00+08:00', due: '2026-09-29T00:00:00+08:00', why: 'Mid-Autumn 9-25..9-27' },
  { city: 'tianjin', version: '2025', stage: 'accept', type: 'complaint', from: '2026-06-18T16:00:00+08:00', due: '2026-06-23T00:00:00+08:00', why: 'Dragon Boat 6-19..6-21' },
  { city: 'tianjin', version: '2025', stage: 'return', type: 'complaint', from: FRI_2026, due: '2026-11-24T00:00:00+08:00' },
  { city: 'tianjin', version: '2025', stage: 'handle', type: 'complaint', urgency: 'lifeSafety', from: '2026-10-01T23:00:00+08:00', due: '2026-10-02T01:00:00+08:00', why: '2 h across midnight on National Day' },
  { city: 'tianjin', version: '2025', stage: 'handle', type: 'complaint', urgency: 'utilities', from: '2026-02-16T20:00:00+08:00', due: '2026-02-17T20:00:00+08:00', why: '24 h during the Spring Festival' },
  { city: 'tianjin', version: '2025', stage: 'handle', type: 'praise', from: FRI_2026, due: '2026-12-02T00:00:00+08:00' },
  { city: 'tianjin', version: '2025', stage: 'handle', type: 'complaint', from: FRI_2026, due: '2026-12-02T00:00:00+08:00', why: '7 working days' },
  { city: 'tianjin', version: '2025', stage: 'handle', type: 'complaint', from: '2026-02-13T10:00:00+08:00', due: '2026-03-03T00:00:00+08:00', why: 'Spring Festival 2-15..2-23 with make-up Saturdays 2-14 and 2-28' },
  { city: 'tianjin', version: '2025', stage: 'handle', type: 'complaint', from: '2026-09-30T09:00:00+08:00', due: '2026-10-16T00:00:00+08:00', why: 'National Day 10-1..10-7 with make-up Saturday 10-10' },
  { city: 'tianjin', version: '2025', stage: 'handle', type: 'complaint', from: '2026-04-30T16:00:00+08:00', due: '2026-05-14T00:00:00+08:00', why: 'Labour Day 5-1..5-5 with make-up Saturday 5-9' },
  { city: 'tianjin', version: '2025', stage: 'handle', type: 'complaint', from: '2026-12-28T10:00:00+08:00', due: '2027-01-07T00:00:00+08:00', provisional: true, why: 'runs into 2027, whose schedule is not loaded' },
  { city: 'tianjin', version: '2025', stage: 'extension', type: 'consult', from: '2026-10-16T00:00:00+08:00', refused: /咨询类事项不得延期/ },
  { city: 'tianjin', version: '2025', stage: 'extension', type: 'suggestion', from: '2026-10-16T00:00:00+08:00', refused: /建议类事项不得延期/ },
  { city: 'tianjin', version: '2025', stage: 'extension', type: 'complaint', urgency: 'lifeSafety', from: '2026-10-16T00:00:00+08:00', refused: /生命财产安全.*不得延期/ },
  { city: 'tianjin', version: '2025', stage: 'extension', type: 'complaint', urgency: 'utilities', from: '2026-10-16T00:00:00+08:00', refused: /水、电、气、热.*不得延期/ },
  { city: 'tianjin', version: '2025', stage: 'extension', type: 'complaint', from: '2026-10-16T00:00:00+08:00', at: '2026-10-02T09:00:00+08:00', due: '2026-10-27T00:00:00+08:00', why: 'RULES.md: 10-15 24:00 + 7 working days = 10-26 24:00' },
  { city: 'tianjin', version: '2025', stage: 'rework', type: 'praise', from: FRI_2026, refused: /不进行重办/ },
  { city: 'tianjin', version: '2025', stage: 'rework', type: 'complaint', urgency: 'lifeSafety', from: FRI_2026, due: '2026-11-20T18:00:00+08:00' },
  { city: 'tianjin', version: '2025', stage: 'rework', type: 'complaint', urgency: 'utilities', from: FRI_2026, due: '2026-11-21T16:00:00+08:00' },
  { city: 'tianjin', version: '2025', stage: 'rework', type: 'complaint', from: FRI_2026, due: '2026-12-02T00:00:00+08:00' },
  { city: 'tianjin', version: '2025', stage: 'dutyStatement', type: 'complaint', from: FRI_2026, due: '2026-11-26T00:00:00+08:00', why: '3 working days from the rating (assumption, §24)' },
  { city: 'tianjin', version: '2025', stage: 'returnVisit', type: 'complaint', from: FRI_2026, due: '2026-11-21T16:00:00+08:00' },

  // ── Hangzhou draft (urgency levels 特急/紧急/一般; handling counted from registration) ──
  { city: 'hangzhou', version: 'draft-2023', stage: 'dispatch', type: 'help', urgency: 'veryUrgent', from: FRI_2026, due: '2026-11-20T16:05:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'dispatch', type: 'help', from: FRI_2026, refused: /set no dispatch period/ },
  { city: 'hangzhou', version: 'draft-2023', stage: 'accept', type: 'help', urgency: 'veryUrgent', from: FRI_2026, due: '2026-11-20T16:30:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'accept', type: 'help', from: FRI_2026, due: '2026-11-24T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'return', type: 'help', from: FRI_2026, due: '2026-11-24T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'handle', type: 'complaint', urgency: 'veryUrgent', from: FRI_2026, due: '2026-11-24T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'handle', type: 'complaint', urgency: 'urgent', from: FRI_2026, due: '2026-11-26T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'handle', type: 'complaint', urgency: 'general', from: FRI_2026, due: '2026-12-02T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'handle', type: 'complaint', from: '2026-09-30T09:00:00+08:00', due: '2026-10-16T00:00:00+08:00', why: 'National Day with make-up Saturday 10-10' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'extension', type: 'complaint', urgency: 'veryUrgent', from: '2026-11-24T00:00:00+08:00', due: '2026-11-25T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'extension', type: 'complaint', urgency: 'urgent', from: '2026-11-26T00:00:00+08:00', due: '2026-12-01T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'extension', type: 'complaint', from: '2026-12-02T00:00:00+08:00', due: '2026-12-11T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'designatedHandle', type: 'complaint', from: FRI_2026, due: '2026-11-28T00:00:00+08:00', why: '5 working days from designation (§18)' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'rework', type: 'complaint', urgency: 'veryUrgent', from: FRI_2026, due: '2026-11-24T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'rework', type: 'complaint', urgency: 'urgent', from: FRI_2026, due: '2026-11-26T00:00:00+08:00' },
  { city: 'hangzhou', version: 'draft-2023', stage: 'rework', type: 'complaint', from: FRI_2026, due: '2026-12-02T00:00:00+08:00' },

  // ── Turpan (national calendar + Xinjiang's 肉孜节 and 古尔邦节) ──
  { city: 'turpan', version: '2021', stage: 'accept', type: 'help', urgency: 'emergency', from: FRI_2026, due: '2026-11-20T18:00:00+08:00' },
  { city: 'turpan', version: '2021', stage: 'accept', type: 'help', from: FRI_2026, due: '2026-11-21T04:00:00+08:00', why: '12 calendar hours across midnight' },
  { city: 'turpan', version: '2021', stage: 'return', type: 'help', from: FRI_2026, due: '2026-11-21T12:00:00+08:00', why: '20 calendar hours' },
  { city: 'turpan', version: '2021', stage: 'handle', type: 'help', urgency: 'emergency', from: FRI_2026, due: '2026-11-25T00:00:00+08:00' },
  { city: 'turpan', version: '2021', stage: 'handle', type: 'consult', from: FRI_2026, due: '2026-11-28T00:00:00+08:00' },
  { city: 'turpan', version: '2021', stage: 'handle', type: 'consult', from: '2026-05-22T10:00:00+08:00', due: '2026-06-04T00:00:00+08:00', why: '古尔邦节 5-27..5-31 (Xinjiang overlay)' },
  { city: 'turpan', version: '2021', stage: 'handle', type: 'consult', from: '2026-03-19T10:00:00+08:00', due: '2026-03-28T00:00:00+08:00', why: '肉孜节 3-20 (Xinjiang overlay)' },
  { city: 'turpan', version: '2021', stage: 'handle', type: 'complaint', from: FRI_2026, due: '2026-12-12T00:00:00+08:00', why: '15 working days' },
  { city: 'turpan', version: '2021', stage: 'handle', type: 'praise', from: FRI_2026, due: '2026-11-28T00:00:00+08:00' },
  { city: 'turpan', version: '2021', stage: 'extension', type: 'help', urgency: 'emergency', from: '2026-11-25T00:00:00+08:00', refused: /突发类事项.*不得申请延期/ },
  { city: 'turpan', version: '2021', stage: 'extension', type: 'complaint', from: '2026-12-12T00:00:00+08:00', due: '2027-01-02T00:00:00+08:00', provisional: true, why: 'runs into 2027' },
  { city: 'turpan', version: '2021', stage: 'extension', type: 'consult', from: '2026-11-28T00:00:00+08:00', due: '2026-12-05T00:00:00+08:00' },
  { city: 'turpan', version: '2021', stage: 'rework', type: 'complaint', from: FRI_2026, due: '2026-11-26T00:00:00+08:00', why: '3 working days (§22)' },
  { city: 'turpan', version: '2021', stage: 'dutyStatement', type: 'complaint', from: FRI_2026, due: '2026-11-26T00:00:00+08:00', why: '3 working days from the counting rating (assumption, §23)' },
  { city: 'turpan', version: '2021', stage: 'dispatch', type: 'complaint', from: FRI_2026, refused: /set no dispatch period/ },
];

function run(row: Row) {
  return rulesOf[row.city]!.deadline({
    stage: row.stage,
    type: row.type,
    from: row.from,
    ...(row.urgency ? { urgency: row.urgency } : {}),
    ...(row.at ? { at: row.at } : {}),
  });
}

describe.each(listPacks())('%s deadlines', (city) => {
  const cityRows = rows.filter((r) => r.city === city);
  it.each(cityRows.map((r) => [`${r.version} ${r.stage} ${r.type}/${r.urgency ?? 'general'} from ${r.from}${r.why ? ` — ${r.why}` : ''}`, r] as const))('%s', (_name, row) => {
    if (row.refused) {
      expect(() => run(row)).toThrow(HotlineError);
      expect(() => run(row)).toThrow(row.refused);
      return;
    }
    const d = run(row);
    expect(d.ruleVersion).toBe(row.version);
    expect(d.due).toBe(row.due);
    expect(d.provisional).toBe(row.provisional ?? false);
    expect(d.source).toMatch(/\.txt §\d+/);
  });

  it('every deadline rule of every version is exercised by a row above', () => {
    const hit = new Set<string>();
    for (const row of cityRows) {
      const rules = rulesOf[city]!;
      const version = rules.versionAt(row.at ?? row.from);
      const r = rules.resolve(version, { stage: row.stage, type: row.type, ...(row.urgency ? { urgency: row.urgency } : {}) });
      if ('rule' in r) hit.add(`${version.id}#${version.deadlines.indexOf(r.rule)}`);
    }
    const missing = rulesOf[city]!.pack.versions.flatMap((v: RuleVersion) =>
      v.deadlines.map((rule, i) => ({ key: `${v.id}#${i}`, rule })).filter(({ key }) => !hit.has(key)),
    );
    expect(missing.map((m) => `${m.key} ${m.rule.stage} ${m.rule.types ?? '*'} ${m.rule.urgencies ?? '*'}`)).toEqual([]);
  });
});
