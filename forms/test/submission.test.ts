// A malformed submission gets an error at the field's JSON pointer, in plain words and in Chinese;
// context-dependent rules (ticket type, extension caps) decide what a submission must carry.
import { describe, expect, it } from 'vitest';
import { type FieldError, validateSubmission } from '../src/index';
import { type City, resolved, VALID } from './fixtures';

type Data = Record<string, unknown>;

function check(city: City, form: string, data: Data, extra: Parameters<typeof resolved>[2] = {}) {
  return validateSubmission(resolved(city, form, extra).schema, data);
}
function errorsOf(city: City, form: string, data: Data, extra: Parameters<typeof resolved>[2] = {}): FieldError[] {
  const result = check(city, form, data, extra);
  if (result.ok) throw new Error(`expected ${city}/${form} to refuse ${JSON.stringify(data)}`);
  return result.errors;
}
function valid(city: City, form: string, edit: (d: Data) => void = () => {}): Data {
  const data = structuredClone(VALID[city][form]) as Data;
  edit(data);
  return data;
}

describe('field-level errors', () => {
  it('names a missing required field at its path', () => {
    const errors = errorsOf('tianjin', 'reply', valid('tianjin', 'reply', (d) => delete d.result));
    expect(errors).toEqual([{ path: '/result', message: 'is missing (required)', messageZh: '请填写「办理结果」' }]);
  });

  it('refuses a value outside the pack’s choices and lists them', () => {
    const errors = errorsOf('tianjin', 'returnVisit', valid('tianjin', 'returnVisit', (d) => (d.handlingRating = 'verySatisfied')));
    expect(errors).toEqual([
      {
        path: '/handlingRating',
        message: 'must be one of "satisfied", "basicallySatisfied", "dissatisfied"; found "verySatisfied"',
        messageZh: '「对承办单位办理情况的评价」只能选择：满意、基本满意、不满意',
      },
    ]);
  });

  it('refuses a unit that is not in the list passed in', () => {
    const errors = errorsOf('hangzhou', 'dispatch', { mode: 'single', unit: 'u-nowhere' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: '/unit', messageZh: '「承办单位」只能选择：市水务局、市住房和城乡建设委员会、和平区人民政府' });
  });

  it('refuses a wrong type, once, at the nested path', () => {
    const errors = errorsOf('turpan', 'extensionRequest', valid('turpan', 'extensionRequest', (d) => (d.requestedPeriod = { amount: '15', unit: 'workingDay' })));
    expect(errors).toEqual([{ path: '/requestedPeriod/amount', message: 'must be integer; found string', messageZh: '「时长」应为整数' }]);
    const rating = errorsOf('turpan', 'returnVisit', valid('turpan', 'returnVisit', (d) => (d.serviceRating = 3)));
    expect(rating).toEqual([{ path: '/serviceRating', message: 'must be string; found number', messageZh: '「对话务服务的评价」应为文字' }]);
  });

  it('says what a date-time must look like', () => {
    const errors = errorsOf('tianjin', 'reply', valid('tianjin', 'reply', (d) => (d.contactedAt = '2026-03-02 10:00')));
    expect(errors).toEqual([
      {
        path: '/contactedAt',
        message: 'must be a date and time with its offset, like 2026-01-05T09:30:00+08:00; found "2026-03-02 10:00"',
        messageZh: '「联系诉求人时间」应为带时区的日期时间（如 2026-01-05T09:30:00+08:00）',
      },
    ]);
    // What an @rjsf date-time widget sends (UTC, milliseconds) is accepted.
    expect(check('tianjin', 'reply', valid('tianjin', 'reply', (d) => (d.contactedAt = '2026-03-02T02:00:00.000Z'))).ok).toBe(true);
  });

  it('refuses an unknown field at its own path, and a field of another branch', () => {
    expect(errorsOf('tianjin', 'accept', { handler: '李明', handlr: 'x' })).toEqual([
      { path: '/handlr', message: 'is not a field of this form', messageZh: '「handlr」不是本表单的字段' },
    ]);
    const errors = errorsOf('tianjin', 'classify', { outcome: 'directAnswer', answer: '可以办理。', answeredBy: 'knowledgeBase', redirectCategory: 'secretsPrivacy' });
    expect(errors.map((e) => e.path)).toEqual(['/redirectCategory']);
  });

  it('does not call the fields of a branch unknown because the branch is incomplete', () => {
    // Tianjin asks whether the answer came from the knowledge base or on-site staff (2024 §15).
    const errors = errorsOf('tianjin', 'classify', { outcome: 'directAnswer', answer: '可以办理。', knowledgeRef: 'KB-1' });
    expect(errors).toEqual([{ path: '/answeredBy', message: 'is missing (required)', messageZh: '请填写「答复依据」' }]);
    const unit = errorsOf('hangzhou', 'dispatch', { mode: 'leadAndAssist', leadUnit: 'u-water', assistingUnits: [] });
    expect(unit.map((e) => [e.path, e.messageZh])).toEqual([['/assistingUnits', '「协办单位」至少选择 1 项']]);
  });

  it('asks for every missing field of the branch chosen, and nothing else', () => {
    const errors = errorsOf('tianjin', 'classify', { outcome: 'redirect' });
    expect(errors.map((e) => [e.path, e.messageZh])).toEqual([
      ['/redirectCategory', '请填写「分类处理类别」'],
      ['/toldCaller', '请填写「告知诉求人的内容」'],
    ]);
  });

  it('reports several problems at once', () => {
    const errors = errorsOf('hangzhou', 'reply', { verified: 'maybe', investigation: '', responder: 'x'.repeat(51) });
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/verified', '/investigation', '/responder', '/opinion', '/repliedAt', '/callerSatisfaction']),
    );
    expect(errors.find((e) => e.path === '/investigation')?.messageZh).toBe('「调查核实或调解的过程及结果」不能为空');
    expect(errors.find((e) => e.path === '/responder')?.messageZh).toBe('「反馈人」不能超过 50 个字');
  });

  it('explains a malformed phone number with the field’s description', () => {
    const errors = errorsOf('tianjin', 'register', valid('tianjin', 'register', (d) => (d.callerPhone = '12345')));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: '/callerPhone', messageZh: '「联系电话」格式不正确：11位手机号，或带区号的固定电话（如 022-12345678）' });
  });
});

describe('what each city’s rules require', () => {
  it('Turpan: a complaint reply without the case-filing decision is refused; a help reply without it is accepted', () => {
    const noFiling = valid('turpan', 'reply', (d) => delete d.caseFiling);
    expect(errorsOf('turpan', 'reply', noFiling)).toEqual([
      { path: '/caseFiling', message: 'is missing (required)', messageZh: '请填写「立案情况（投诉举报类）」' },
    ]);
    expect(errorsOf('turpan', 'reply', noFiling, { ticket: { type: 'report', urgency: 'general' } }).map((e) => e.path)).toEqual(['/caseFiling']);
    expect(check('turpan', 'reply', noFiling, { ticket: { type: 'help', urgency: 'general' } })).toEqual({ ok: true, data: noFiling });
    // On a help ticket the field does not exist at all.
    const helpWithFiling = valid('turpan', 'reply');
    expect(errorsOf('turpan', 'reply', helpWithFiling, { ticket: { type: 'help', urgency: 'general' } }).map((e) => e.path)).toEqual(['/caseFiling']);
  });

  it('Turpan: a filed case needs the decision document, or its number and date; a refusal needs reason and legal basis', () => {
    const onlyNumber = valid('turpan', 'reply', (d) => (d.caseFiling = { decision: 'filed', caseNumber: '吐市监立〔2026〕12号' }));
    expect(errorsOf('turpan', 'reply', onlyNumber)).toEqual([
      {
        path: '/caseFiling',
        message: 'must satisfy one of: 上传立案决定书; 注明立案编号和立案日期',
        messageZh: '「立案情况（投诉举报类）」须满足以下之一：上传立案决定书；注明立案编号和立案日期',
      },
    ]);
    const document = valid('turpan', 'reply', (d) => (d.caseFiling = { decision: 'filed', decisionDocument: 'ATT-2026-0031' }));
    expect(check('turpan', 'reply', document).ok).toBe(true);
    const badDate = valid('turpan', 'reply', (d) => (d.caseFiling = { decision: 'filed', caseNumber: '12号', filingDate: '2026-02-30' }));
    expect(errorsOf('turpan', 'reply', badDate)).toEqual([
      { path: '/caseFiling/filingDate', message: 'must be a real calendar date; found "2026-02-30"', messageZh: '「立案日期」应为有效日期（YYYY-MM-DD）' },
    ]);
    const refused = valid('turpan', 'reply', (d) => (d.caseFiling = { decision: 'notFiled', notFiledReason: '不属于违法行为。' }));
    expect(errorsOf('turpan', 'reply', refused)).toEqual([
      { path: '/caseFiling/notFiledLegalBasis', message: 'is missing (required)', messageZh: '请填写「不予立案的法律依据」' },
    ]);
  });

  it('an extension longer than the pack allows is refused; the cap follows ticket, policy and what was used', () => {
    const ask = (amount: number) => ({ cause: 'complex', reason: '需协调。', requestedPeriod: { amount, unit: 'workingDay' } });
    expect(check('tianjin', 'extensionRequest', ask(7)).ok).toBe(true);
    expect(errorsOf('tianjin', 'extensionRequest', ask(8))).toEqual([
      { path: '/requestedPeriod/amount', message: 'must be at most 7; found 8', messageZh: '「时长」不能大于 7' },
    ]);
    const turpan = (amount: number) => ({ reason: '需抽检送样。', requestedPeriod: { amount, unit: 'workingDay' } });
    expect(check('turpan', 'extensionRequest', turpan(15)).ok).toBe(true);
    expect(check('turpan', 'extensionRequest', turpan(6), { ticket: { type: 'help', urgency: 'general' } }).ok).toBe(false);
    // 30 working days in all (§17): after 20, at most 10 more.
    const afterTwenty = { extensionsSoFar: { count: 1, total: { amount: 20, unit: 'workingDay' as const } } };
    expect(check('turpan', 'extensionRequest', turpan(10), afterTwenty).ok).toBe(true);
    expect(errorsOf('turpan', 'extensionRequest', turpan(11), afterTwenty).map((e) => [e.path, e.message])).toEqual([
      ['/requestedPeriod/amount', 'must be at most 10; found 11'],
    ]);
    expect(resolved('turpan', 'extensionRequest', afterTwenty).schema).toMatchObject({
      properties: { requestedPeriod: { properties: { amount: { maximum: 10, description: expect.stringMatching(/最多 10 个工作日/) } } } },
    });
    // The unit is the pack's.
    expect(errorsOf('tianjin', 'extensionRequest', { ...ask(3), requestedPeriod: { amount: 3, unit: 'hour' } }).map((e) => e.path)).toEqual([
      '/requestedPeriod/unit',
    ]);
  });

  it('no extension form where the rules forbid one or the extensions are used up', () => {
    expect(() => resolved('tianjin', 'extensionRequest', { ticket: { type: 'consult', urgency: 'general' } })).toThrow(
      expect.objectContaining({ code: 'FORM_NOT_AVAILABLE', message: expect.stringMatching(/咨询类事项不得延期/) }),
    );
    expect(() => resolved('turpan', 'extensionRequest', { ticket: { type: 'help', urgency: 'emergency' } })).toThrow(/不得申请延期/);
    expect(() => resolved('tianjin', 'extensionRequest', { extensionsSoFar: { count: 2 } })).toThrow(/2 of the 2 extensions/);
    expect(() =>
      resolved('turpan', 'extensionRequest', { extensionsSoFar: { count: 1, total: { amount: 30, unit: 'workingDay' } } }),
    ).toThrow(/used all 30/);
  });

  it('the suggested unit of a return is required where the pack’s return policy says so (Hangzhou)', () => {
    const noUnit = { reason: '不属于本单位职责。', basis: '三定方案' };
    expect(errorsOf('hangzhou', 'returnRequest', noUnit)).toEqual([
      { path: '/suggestedUnit', message: 'is missing (required)', messageZh: '请填写「建议承办单位」' },
    ]);
    expect(check('tianjin', 'returnRequest', noUnit).ok).toBe(true);
    expect(check('turpan', 'returnRequest', noUnit).ok).toBe(true);
  });

  it('a rating that triggers rework asks for the city’s follow-up; unrated tickets have no rating', () => {
    const dissatisfied = valid('tianjin', 'returnVisit', (d) => delete d.sendBack);
    expect(errorsOf('tianjin', 'returnVisit', dissatisfied).map((e) => e.path)).toEqual(['/sendBack']);
    expect(check('tianjin', 'returnVisit', { ...dissatisfied, handlingRating: 'satisfied' }).ok).toBe(true);
    // Once the one rework is done, the centre no longer decides to send it back.
    expect(check('tianjin', 'returnVisit', dissatisfied, { reworksSoFar: 1 }).ok).toBe(true);
    const turpan = valid('turpan', 'returnVisit', (d) => delete d.dissatisfactionReason);
    expect(errorsOf('turpan', 'returnVisit', turpan).map((e) => e.path)).toEqual(['/dissatisfactionReason']);
    // Praise and suggestion tickets are not rated in Tianjin (2025 §14): the rating is not asked.
    const praise = { visitedAt: '2026-03-02T10:00:00+08:00', method: 'phone', callerWords: '感谢。' };
    expect(check('tianjin', 'returnVisit', praise, { ticket: { type: 'praise', urgency: 'general' } }).ok).toBe(true);
    expect(check('tianjin', 'returnVisit', praise, { ticket: { type: 'suggestion', urgency: 'general' } }).ok).toBe(true);
    expect(errorsOf('tianjin', 'returnVisit', praise).map((e) => e.path)).toEqual(['/handlingRating']);
  });

  it('Tianjin: a caller to be contacted must leave name and phone (2025 §5)', () => {
    const data = valid('tianjin', 'register', (d) => {
      delete d.callerName;
      delete d.callerPhone;
    });
    expect(errorsOf('tianjin', 'register', data).map((e) => e.path)).toEqual(['/callerName', '/callerPhone']);
    expect(check('tianjin', 'register', { ...data, contactNeeded: false }).ok).toBe(true);
  });

  it('Hangzhou: a very urgent dispatch confirms the unit was contacted at once (§13(3))', () => {
    const data = { mode: 'single', unit: 'u-water' };
    expect(check('hangzhou', 'dispatch', data).ok).toBe(true);
    const veryUrgent = { ticket: { type: 'complaint', urgency: 'veryUrgent' } };
    expect(errorsOf('hangzhou', 'dispatch', data, veryUrgent)).toEqual([
      { path: '/urgentContactMade', message: 'is missing (required)', messageZh: '请填写「已同步联系承办单位紧急处置并实时跟踪」' },
    ]);
    expect(errorsOf('hangzhou', 'dispatch', { ...data, urgentContactMade: false }, veryUrgent)).toEqual([
      { path: '/urgentContactMade', message: 'must be true; found false', messageZh: '请确认「已同步联系承办单位紧急处置并实时跟踪」' },
    ]);
  });

  it('Turpan: rework with a statement of duty performed needs the statement and what the caller was told (§23)', () => {
    const data = valid('turpan', 'rework', (d) => delete d.dutyStatement);
    expect(errorsOf('turpan', 'rework', data).map((e) => e.path)).toEqual(['/dutyStatement']);
    const handled = valid('turpan', 'rework', (d) => {
      d.category = 'handleNow';
      delete d.dutyStatement;
      delete d.explainedToCaller;
    });
    expect(check('turpan', 'rework', handled).ok).toBe(true);
  });
});
