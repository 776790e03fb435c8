// Hand-off context: a task kind's `context` declaration is checked with the pack (file and JSON path
// of every problem) and resolved from the ticket's earlier steps into words the next person reads.
import { describe, expect, it } from 'vitest';
import { type CompletedStep, resolveHandoffContext, validatePackForms, valueInWords } from '../src/index';
import { CITIES, shipped } from './fixtures';

const reply: CompletedStep = {
  at: '2026-11-21T10:00:00+08:00',
  actor: '王经办',
  form: 'reply',
  taskName: '办理并答复',
  data: { result: '已清理占道摊点', policyBasis: '《天津市市容和环境卫生管理条例》第二十条', progress: '已完成', process: '现场核查', callerDeclinedReply: false },
};
const visit: CompletedStep = {
  at: '2026-11-22T09:30:00+08:00',
  actor: '李回访',
  form: 'returnVisit',
  taskName: '回访',
  data: { visitedAt: '2026-11-22T09:30:00+08:00', method: 'phone', handlingRating: 'dissatisfied', callerWords: '摊点第二天又回来了' },
};

function withContext(city: (typeof CITIES)[number], form: string, context: unknown) {
  const { files, pack } = shipped(city);
  const path = `forms/${form}.json`;
  const changed = files.map((f) => (f.path === path ? { ...f, text: JSON.stringify({ ...JSON.parse(f.text), context }) } : f));
  return validatePackForms(changed, pack, { label: `cities/${city}` });
}

describe('the return visitor reads the unit reply before rating', () => {
  it.each(CITIES)('%s declares the reply and its basis on the return visit, the completion review and rework', (city) => {
    const { forms } = shipped(city);
    for (const kind of ['returnVisit', 'completionReview', 'rework', 'supervisionNote']) {
      expect(forms[kind]?.context?.items.length, `${city} ${kind}`).toBeGreaterThan(0);
    }
    const fromReply = forms.returnVisit!.context!.items.filter((i) => i.form !== undefined && ([] as string[]).concat(i.form).includes('reply'));
    expect(fromReply.length).toBeGreaterThanOrEqual(2);
    expect(forms.supervisionNote!.context!.items.some((i) => i.record === true)).toBe(true);
  });

  it("resolves Tianjin's return-visit context to the unit's words, labelled by the pack", () => {
    const { forms } = shipped('tianjin');
    const schemas = { reply: forms.reply!.schema, returnVisit: forms.returnVisit!.schema };
    const got = resolveHandoffContext(forms.returnVisit!.context!, {
      ticket: { content: '小区门口有人占道摆摊' },
      steps: [reply],
      variables: {},
      schemas,
    });
    expect(got.title).toBe('承办单位答复');
    const byLabel = Object.fromEntries(got.items.map((i) => [i.label, i.value]));
    expect(byLabel['办理结果']).toBe('已清理占道摊点');
    expect(byLabel['政策依据']).toBe('《天津市市容和环境卫生管理条例》第二十条');
    expect(byLabel['诉求内容（诉求人原话）']).toBe('小区门口有人占道摆摊');
    expect(got.items.find((i) => i.label === '办理结果')?.from).toEqual({ taskName: '办理并答复', at: reply.at, actor: '王经办' });
  });

  it('gives the rework handler why the caller was dissatisfied, and the latest reply of several', () => {
    const { forms } = shipped('tianjin');
    const later = { ...reply, at: '2026-11-21T15:00:00+08:00', data: { ...reply.data, result: '第二次答复' } };
    const got = resolveHandoffContext(forms.rework!.context!, {
      ticket: { content: '占道' },
      steps: [reply, later, visit],
      variables: {},
      schemas: { reply: forms.reply!.schema, returnVisit: { properties: { handlingRating: { oneOf: [{ const: 'dissatisfied', title: '不满意' }] } } } },
    });
    const byLabel = Object.fromEntries(got.items.map((i) => [i.label, i.value]));
    expect(byLabel['原办理结果']).toBe('第二次答复');
    expect(byLabel['回访评价']).toBe('不满意');
    expect(byLabel['诉求人不满意的原话']).toBe('摊点第二天又回来了');
  });

  it('lists the whole record for supervision, each step with its fields in words', () => {
    const { forms } = shipped('tianjin');
    const got = resolveHandoffContext({ items: [{ label: '办理全过程', record: true }] }, {
      ticket: {},
      steps: [reply, { ...visit, actionLabel: undefined }],
      variables: {},
      schemas: { reply: forms.reply!.schema, returnVisit: forms.returnVisit!.schema },
    });
    const record = got.items[0]!.record!;
    expect(record.map((r) => r.title)).toEqual(['办理并答复', '回访']);
    expect(record[0]!.fields).toContainEqual({ label: '政策依据', value: '《天津市市容和环境卫生管理条例》第二十条' });
    expect(record[0]!.fields).toContainEqual({ label: '诉求人要求不回复', value: '否' });
    expect(record[1]!.fields).toContainEqual({ label: '回访方式', value: '电话' });
    expect(record[1]!.fields).toContainEqual({ label: '回访时间', value: '2026-11-22 09:30' });
  });

  it('says nothing for a step not taken yet', () => {
    const { forms } = shipped('hangzhou');
    const got = resolveHandoffContext(forms.returnVisit!.context!, { ticket: {}, steps: [], variables: {}, schemas: {} });
    expect(got.items.every((i) => i.value === null)).toBe(true);
  });

  it('writes values in words', () => {
    expect(valueInWords(true)).toBe('是');
    expect(valueInWords(['a', 'b'])).toBe('a、b');
    expect(valueInWords('')).toBeNull();
  });
});

describe('a context declaration the pack check refuses, naming file and path', () => {
  it('a form of no step', () => {
    expect(withContext('tianjin', 'returnVisit', { items: [{ label: '办理结果', form: 'answer', field: 'result' }] })).toContainEqual({
      file: 'cities/tianjin/forms/returnVisit.json',
      path: '/context/items/0/form',
      message: expect.stringContaining('forms/answer.json 不存在'),
    });
  });

  it('a field the form does not have', () => {
    expect(withContext('turpan', 'returnVisit', { items: [{ label: '政策依据', form: 'reply', field: 'policyBasis' }] })).toContainEqual({
      file: 'cities/turpan/forms/returnVisit.json',
      path: '/context/items/0/field',
      message: expect.stringContaining('"policyBasis" 不是表单 forms/reply.json 的字段'),
    });
  });

  it('an item with two sources or none, an unknown ticket field', () => {
    const issues = withContext('hangzhou', 'rework', { items: [{ label: 'a', ticket: 'content', variable: 'reply' }, { label: 'b' }] });
    expect(issues.map((i) => i.path)).toEqual(['/context/items/0', '/context/items/1']);
    expect(issues.every((i) => i.file === 'cities/hangzhou/forms/rework.json')).toBe(true);
    const shape = withContext('hangzhou', 'rework', { items: [{ label: 'c', ticket: 'phone' }] });
    expect(shape.map((i) => i.path)).toEqual(['/context/items/0/ticket']);
  });
});
