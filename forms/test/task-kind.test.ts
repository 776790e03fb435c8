// Task actions as pack data: the shipped packs' guards give the sentences the regulations give, and a
// form's variable mapping turns its fields into the words the processes branch on.
import { describe, expect, it } from 'vitest';
import { CityRules, type PackFile } from '@hotline/rules';
import { type ActionContext, completionVariables, type FormFile, splitUnits, taskActions, validatePackForms } from '../src/index';
import { shipped } from './fixtures';

const tianjin = shipped('tianjin');
const rules = new CityRules(tianjin.pack);
const at2026 = Date.parse('2026-11-20T10:00:00+08:00');

function context(variables: Record<string, unknown>, extra: Partial<ActionContext> = {}): ActionContext {
  return { rules, version: rules.versionAt(at2026), ticket: { type: 'complaint', urgency: 'general' }, variables, headers: {}, now: at2026, ...extra };
}
const summary = (form: string, ctx: ActionContext) => taskActions(tianjin.forms[form], ctx).map(({ key, allowed, reason }) => ({ key, allowed, ...(reason ? { reason } : {}) }));

describe('the accept task (签收或申请退回)', () => {
  it('offers acceptance and a return within the window', () => {
    expect(summary('accept', context({ returnDue: '2026-11-21T00:00:00+08:00', extensionMaxCount: 2 }))).toEqual([
      { key: 'accept', allowed: true },
      { key: 'return', allowed: true },
    ]);
  });
  it('refuses a return after the window, naming it', () => {
    expect(summary('accept', context({ returnDue: '2026-11-20T09:00:00+08:00' }))[1]).toEqual({ key: 'return', allowed: false, reason: '已超过退回申请时限（2026-11-20T09:00:00+08:00），应当办理' });
  });
  it('refuses a return to a designated unit (Tianjin: designated units may not return)', () => {
    expect(summary('accept', context({ designated: true, designatedUnitMayReturn: false }))[1]).toEqual({ key: 'return', allowed: false, reason: '经研究确定或指定的承办单位不得退回' });
  });
});

describe('the reply task (办理答复)', () => {
  it("refuses an extension of a consultation with the pack's own sentence", () => {
    const [, extension] = summary('reply', context({ extensionCount: 0, extensionMaxCount: 2 }, { ticket: { type: 'consult', urgency: 'general' } }));
    expect(extension).toEqual({ key: 'extension', allowed: false, reason: expect.stringMatching(/咨询/) });
  });
  it('refuses a third extension where two are the limit', () => {
    expect(summary('reply', context({ extensionCount: 2, extensionMaxCount: 2 }))[1]).toEqual({ key: 'extension', allowed: false, reason: '已延期 2 次，延期不得超过 2 次' });
    expect(summary('reply', context({ extensionCount: 1, extensionMaxCount: 2 }))[1]).toEqual({ key: 'extension', allowed: true });
  });
  it('refuses an extension asked later than 1 working day before the due instant, by the engine clock (2025 §12)', () => {
    const latest = '2026-11-20T10:00:00+08:00';
    const variables = { extensionCount: 0, extensionMaxCount: 2, extensionRequestLatest: latest };
    expect(summary('reply', context(variables, { now: Date.parse(latest) }))[1]).toEqual({ key: 'extension', allowed: true });
    expect(summary('reply', context(variables, { now: Date.parse(latest) + 60_000 }))[1]).toEqual({
      key: 'extension',
      allowed: false,
      reason: '应当在工单办理期限到期前至少提前1个工作日提出延期申请（实施细则第十二条）',
    });
    // A ticket whose handling period was set before the lead time was computed is not refused by it.
    expect(summary('reply', context({ extensionCount: 0, extensionMaxCount: 2 }))[1]).toEqual({ key: 'extension', allowed: true });
  });
  it('offers an assisting unit (会办) no extension at all', () => {
    expect(summary('reply', context({}, { headers: { role: 'assist' } })).map((a) => a.key)).toEqual(['reply']);
  });
  it('sets the decision variable and maps the result to the reply', () => {
    const [reply, extension] = taskActions(tianjin.forms.reply, context({ extensionCount: 0, extensionMaxCount: 2 }));
    expect(completionVariables(tianjin.forms.reply, reply!, { result: '已修复', ticketId: 'forged' })).toMatchObject({ result: '已修复', reply: '已修复', replyAction: 'reply' });
    expect(completionVariables(tianjin.forms.reply, reply!, { result: '已修复', ticketId: 'forged' })).not.toHaveProperty('ticketId');
    expect(completionVariables(tianjin.forms.reply, extension!, { note: '需协调' })).toEqual({ extensionNote: '需协调', replyAction: 'extension' });
  });
});

describe('variable mappings', () => {
  const primary = (form: string) => taskActions(tianjin.forms[form], context({}))[0]!;
  it('classify: 即时答复 becomes classification "answer"', () => {
    expect(completionVariables(tianjin.forms.classify, primary('classify'), { outcome: 'directAnswer', answer: '…' })).toMatchObject({ classification: 'answer' });
    expect(completionVariables(tianjin.forms.classify, primary('classify'), { outcome: 'dispatch' })).toMatchObject({ classification: 'dispatch' });
  });
  it('dispatch: a split goes on with its first unit; lead and assisting units are kept', () => {
    expect(completionVariables(tianjin.forms.dispatch, primary('dispatch'), { mode: 'split', units: ['a', 'b'] })).toMatchObject({ unit: 'a', assistingUnits: [], designated: false });
    expect(completionVariables(tianjin.forms.dispatch, primary('dispatch'), { mode: 'leadAndAssist', leadUnit: 'a', assistingUnits: ['b'], designated: true })).toMatchObject({ unit: 'a', assistingUnits: ['b'], designated: true });
    expect(completionVariables(tianjin.forms.dispatch, primary('dispatch'), { mode: 'single', unit: 'c' }, { unit: 'earlier' })).toMatchObject({ unit: 'c', assistingUnits: [] });
  });
  it('dispatch: a split (分别派单) names its units; any other mode none', () => {
    expect(splitUnits(tianjin.forms.dispatch, primary('dispatch'), { mode: 'split', units: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(splitUnits(tianjin.forms.dispatch, primary('dispatch'), { mode: 'single', unit: 'a' })).toBeNull();
  });
  it('returnVisit: the handling rating is the rating the rework gateway reads', () => {
    expect(completionVariables(tianjin.forms.returnVisit, primary('returnVisit'), { handlingRating: 'dissatisfied' })).toMatchObject({ rating: 'dissatisfied' });
  });
});

describe('a new kind of request added as data (申请挂起)', () => {
  const suspend = {
    key: 'suspend',
    label: '申请挂起',
    set: { replyAction: '"suspend"' },
    guards: [{ allow: 'ticket.type = "complaint" or ticket.type = "report"', refusal: '仅投诉、举报类诉求可申请挂起（现为 {ticket.type}）' }],
  };
  const reply: FormFile = { ...tianjin.forms.reply!, actions: [...tianjin.forms.reply!.actions!, suspend] };
  it('is allowed where its guard holds and refused with its sentence where not', () => {
    expect(summary2(reply, context({}))).toContainEqual({ key: 'suspend', allowed: true });
    expect(summary2(reply, context({}, { ticket: { type: 'consult', urgency: 'general' } }))).toContainEqual({ key: 'suspend', allowed: false, reason: '仅投诉、举报类诉求可申请挂起（现为 consult）' });
  });
  const summary2 = (form: FormFile, ctx: ActionContext) => taskActions(form, ctx).map(({ key, allowed, reason }) => ({ key, allowed, ...(reason ? { reason } : {}) }));
});

describe('validatePackForms checks the actions', () => {
  const withReply = (edit: (form: Record<string, any>) => void): PackFile[] => // eslint-disable-line @typescript-eslint/no-explicit-any
    tianjin.files.map((f) => {
      if (f.path !== 'forms/reply.json') return f;
      const form = JSON.parse(f.text);
      edit(form);
      return { ...f, text: JSON.stringify(form) };
    });
  it('names a guard whose FEEL does not parse, a second primary action and a platform variable', () => {
    const issues = validatePackForms(
      withReply((form) => {
        form.actions[1].guards[0].allow = 'extensionCount <';
        form.actions[1].primary = true;
        form.variables.ticketId = '"x"';
      }),
      tianjin.pack,
    );
    expect(issues).toContainEqual(expect.objectContaining({ file: 'forms/reply.json', path: '/actions/1/guards/0/allow', message: expect.stringMatching(/无法解析/) }));
    expect(issues).toContainEqual(expect.objectContaining({ path: '/actions', message: expect.stringMatching(/只有一个主操作.*2 个/) }));
    expect(issues).toContainEqual(expect.objectContaining({ path: '/variables/ticketId', message: expect.stringMatching(/由平台维护/) }));
  });
});

describe('the return window of a 疑难复杂 matter (Tianjin 2024 §17: 2 working days)', () => {
  const windows = { returnDue: '2026-11-20T09:00:00+08:00', returnComplexDue: '2026-11-21T00:00:00+08:00' };
  it('keeps 申请退回 open after the first working day until the longer window closes, then refuses naming it', () => {
    expect(summary('accept', context(windows))[1]).toEqual({ key: 'return', allowed: true });
    expect(summary('accept', context(windows, { now: Date.parse('2026-11-21T00:00:01+08:00') }))[1]).toEqual({
      key: 'return',
      allowed: false,
      reason: '已超过退回申请时限（2026-11-21T00:00:00+08:00），应当办理',
    });
  });
});
