// The knowledge base's update deadlines of every shipped pack (Tianjin 2025 §17; Hangzhou and Turpan
// assume Tianjin's periods), counted with each city's own calendar: Turpan's Xinjiang holidays (古尔邦节
// 2026-05-27 to 05-31) push its 2 working days past Tianjin's and Hangzhou's.
import { describe, expect, it } from 'vitest';
import { CityRules, formatInstant, knowledgeProblems, latestExpiry, policyNoticeInTime, updateDueAt } from '@hotline/rules';
import { listPacks, loadShippedPack } from '../src/index';

const rulesOf = Object.fromEntries(listPacks().map((id) => [id, new CityRules(loadShippedPack(id))]));

function due(city: string, flaggedAt: string, emergency: boolean): string {
  const rules = rulesOf[city]!;
  const at = Date.parse(flaggedAt);
  const version = rules.versionAt(at);
  const dueMs = updateDueAt(at, emergency, version.knowledge!, { calendar: rules.calendar, offsetMinutes: rules.offsetMinutes, mode: version.workingDayMode, officeHours: version.officeHours.periods });
  return formatInstant(dueMs, rules.offsetMinutes);
}

describe('update-due deadlines per city pack', () => {
  it.each([
    ['tianjin', '2026-05-26T10:00:00+08:00', false, '2026-05-29T00:00:00+08:00', 'Tue, 2 working days: Wed and Thu, until 24:00 Thursday'],
    ['hangzhou', '2026-05-26T10:00:00+08:00', false, '2026-05-29T00:00:00+08:00', 'as Tianjin (assumed periods, national calendar)'],
    ['turpan', '2026-05-26T10:00:00+08:00', false, '2026-06-03T00:00:00+08:00', '古尔邦节 27–31 May are Xinjiang holidays: Mon 1 and Tue 2 June'],
    ['tianjin', '2026-09-30T09:00:00+08:00', false, '2026-10-10T00:00:00+08:00', 'National Day 1–7 October: Thu 8 and Fri 9 October'],
    ['tianjin', '2026-05-29T18:00:00+08:00', true, '2026-05-31T00:00:00+08:00', 'an emergency: 1 day, working days or not, until 24:00 of Saturday'],
    ['turpan', '2026-05-29T18:00:00+08:00', true, '2026-05-31T00:00:00+08:00', 'an emergency on a holiday counts the same'],
  ])('%s flagged %s (emergency %s) → due %s', (city, flaggedAt, emergency, expected) => {
    expect(due(city, flaggedAt, emergency)).toBe(expected);
  });

  it('a policy change is told to the centre at least 12 hours before it is made public (§18)', () => {
    const rules = rulesOf.tianjin!;
    const version = rules.versionAt(Date.parse('2026-05-26T10:00:00+08:00'));
    const ctx = { calendar: rules.calendar, offsetMinutes: rules.offsetMinutes, mode: version.workingDayMode, officeHours: version.officeHours.periods };
    const publish = Date.parse('2026-05-27T09:00:00+08:00');
    expect(policyNoticeInTime(Date.parse('2026-05-26T21:00:00+08:00'), publish, version.knowledge!, ctx)).toBe(true);
    expect(policyNoticeInTime(Date.parse('2026-05-26T21:01:00+08:00'), publish, version.knowledge!, ctx)).toBe(false);
  });

  it('each pack sources its periods, and Hangzhou and Turpan say theirs are assumed', () => {
    for (const city of ['tianjin', 'hangzhou', 'turpan']) {
      const knowledge = rulesOf[city]!.versionAt(Date.parse('2026-12-01T00:00:00+08:00')).knowledge!;
      expect(knowledge.source).toMatch(new RegExp(`^${city}-`));
      expect(knowledge.updatePeriod).toEqual({ amount: 2, unit: 'workingDay' });
      if (city !== 'tianjin') expect(knowledge.assumption).toMatch(/assumed/);
    }
  });
});

describe('what an entry may hold (Tianjin 2025 §19, §20)', () => {
  const policy = rulesOf.tianjin!.versionAt(Date.parse('2026-12-01T00:00:00+08:00')).knowledge!;
  const draft = { category: 'housingFund', kind: 'answerScript', title: '公积金提取条件', content: '职工购房可提取住房公积金。', basis: '《住房公积金管理条例》', classification: 'public' as const, effectiveFrom: '2026-01-31', expiresOn: '2026-07-30' };

  it('an answer script runs at most 6 months, a normative document 5 years', () => {
    expect(latestExpiry('2026-01-31', 6)).toBe('2026-07-30');
    expect(latestExpiry('2026-03-01', 60)).toBe('2031-02-28');
    expect(knowledgeProblems(draft, policy)).toEqual([]);
    expect(knowledgeProblems({ ...draft, expiresOn: '2026-08-01' }, policy)).toEqual([
      { where: '/expiresOn', message: '失效日期：答复口径的有效期不超过6个月，最晚为 2026-07-30（实施细则第十九条）' },
    ]);
  });

  it('refuses 涉密 and 个人隐私, and content with a mobile or ID-card number', () => {
    expect(knowledgeProblems({ ...draft, classification: 'secret' }, policy)[0]!.message).toMatch(/^密级\/属性：涉密内容.*不得上传至热线知识库/);
    expect(knowledgeProblems({ ...draft, classification: 'personal' }, policy)[0]!.message).toMatch(/个人隐私/);
    expect(knowledgeProblems({ ...draft, content: '请联系张科长 13812345678' }, policy)).toEqual([
      { where: '/content', message: '内容含有手机号码，属个人信息，不得上传至热线知识库（实施细则第二十条），请删除后再保存' },
    ]);
    expect(knowledgeProblems({ ...draft, title: '120101199003071234 的咨询' }, policy)[0]!.message).toMatch(/^标题含有身份证号码/);
    // a hotline number or a document number is not personal data
    expect(knowledgeProblems({ ...draft, content: '拨打12345或022-88908890；津政发〔2024〕12号' }, policy)).toEqual([]);
  });
});
