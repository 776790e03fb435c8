// The choices of a form come from the pack (and the units passed in) when it is served: a pack
// change changes the form with no code.
import { describe, expect, it } from 'vitest';
import { MatterTaxonomy } from '@hotline/rules';
import { scopeOf } from '../src/context';
import { placeOptions, resolveForm, validateSubmission } from '../src/index';
import { optionsOf } from '../src/options';
import { complaint, packOf, resolved, shipped, UNITS } from './fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The `oneOf` choices of a property, wherever in the schema's branches it is declared. */
function choicesOf(schema: Json, name: string): Array<{ const: string; title: string; description?: string }> {
  const found: Json[] = [];
  const visit = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n && typeof n === 'object') {
      const props = (n as Json).properties;
      if (props && props[name]?.oneOf) found.push(props[name]);
      Object.values(n).forEach(visit);
    }
  };
  visit(schema);
  if (found.length === 0) throw new Error(`no choices for ${name}`);
  return found[0]!.oneOf;
}

describe('enumerations follow the pack', () => {
  it('a redirect category added to a copy of a pack is offered by the classify form', () => {
    const { files, forms } = shipped('tianjin');
    const copy = files.map((f) => {
      if (f.path !== 'versions/2025.json') return f;
      const version = JSON.parse(f.text);
      version.redirectCategories.push({
        key: 'militaryPolice',
        label: '涉及军队、武警管辖的事项',
        action: 'tellChannel',
        script: '您反映的事项属于军队、武警管辖，请向相应机关反映。',
        source: 'tianjin-hotline-measures-2024.txt §13',
        assumption: 'test',
      });
      return { ...f, text: JSON.stringify(version) };
    });
    const before = choicesOf(resolveForm(forms.classify!, complaint('tianjin')).schema, 'redirectCategory');
    const pack = packOf(copy);
    const after = choicesOf(resolveForm(forms.classify!, { ...complaint('tianjin'), pack }).schema, 'redirectCategory');
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual({
      const: 'militaryPolice',
      title: '涉及军队、武警管辖的事项',
      description: '您反映的事项属于军队、武警管辖，请向相应机关反映。',
    });
    const data = { outcome: 'redirect', redirectCategory: 'militaryPolice', toldCaller: '请向相应机关反映。' };
    expect(validateSubmission(resolveForm(forms.classify!, { ...complaint('tianjin'), pack }).schema, data).ok).toBe(true);
    expect(validateSubmission(resolveForm(forms.classify!, complaint('tianjin')).schema, data).ok).toBe(false);
  });

  it('the rule version of the ticket picks the categories (Tianjin 2015 vs 2025)', () => {
    const keys = (at: string) => choicesOf(resolved('tianjin', 'classify', { at }).schema, 'redirectCategory').map((c) => c.const);
    expect(keys('2025-12-31T23:00:00+08:00')).toContain('civilDispute');
    expect(keys('2026-01-01T00:00:00+08:00')).not.toContain('civilDispute');
    expect(keys('2026-01-01T00:00:00+08:00')).toEqual(['emergencyTransfer', 'legalProcedure', 'secretsPrivacy', 'repeatNoNewFacts']);
    expect(resolved('tianjin', 'classify', { versionId: '2015' })).toEqual(resolved('tianjin', 'classify', { at: '2025-06-01T09:00:00+08:00' }));
  });

  it('稍后答复 is offered only where the ticket’s rule version gives its type an answer period (Tianjin 2015 §17)', () => {
    const outcomes = (city: 'tianjin' | 'hangzhou' | 'turpan', type: string, at: string) =>
      ((resolved(city, 'classify', { at, ticket: { type, urgency: 'general' } }).schema.properties as Record<string, { oneOf: Array<{ const: string }> }>).outcome!.oneOf).map((o) => o.const);
    expect(outcomes('tianjin', 'help', '2025-12-31T23:00:00+08:00')).toEqual(['directAnswer', 'answerLater', 'redirect', 'dispatch']);
    expect(outcomes('tianjin', 'consult', '2025-06-01T09:00:00+08:00')).toContain('answerLater');
    expect(outcomes('tianjin', 'complaint', '2025-06-01T09:00:00+08:00')).not.toContain('answerLater');
    expect(outcomes('tianjin', 'help', '2026-01-01T00:00:00+08:00')).toEqual(['directAnswer', 'redirect', 'dispatch']);
    expect(outcomes('hangzhou', 'consult', '2026-03-02T09:00:00+08:00')).not.toContain('answerLater');
    expect(outcomes('turpan', 'help', '2026-03-02T09:00:00+08:00')).not.toContain('answerLater');
    // the server checks the submission against the same schema: answerLater is refused where it is not offered
    const y2026 = resolved('tianjin', 'classify', { at: '2026-01-01T00:00:00+08:00', ticket: { type: 'help', urgency: 'general' } });
    expect(validateSubmission(y2026.schema, { outcome: 'answerLater' }).ok).toBe(false);
  });

  it('the chosen category’s answer script becomes the default of what the caller is told', () => {
    const schema = resolved('tianjin', 'classify').schema as Json;
    const text = JSON.stringify(schema);
    const category = shipped('tianjin').pack.versions.find((v) => v.id === '2025')!.redirectCategories[0]!;
    expect(text).toContain(JSON.stringify({ if: { properties: { redirectCategory: { const: category.key } }, required: ['redirectCategory'] }, then: { properties: { toldCaller: { default: category.script } } } }));
  });

  it('rating scales are the city’s: five levels in Turpan, three in Tianjin and Hangzhou', () => {
    expect(choicesOf(resolved('turpan', 'returnVisit').schema, 'handlingRating').map((c) => c.title)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    expect(choicesOf(resolved('turpan', 'returnVisit').schema, 'serviceRating')).toHaveLength(5);
    for (const city of ['tianjin', 'hangzhou'] as const) {
      expect(choicesOf(resolved(city, 'returnVisit').schema, 'handlingRating').map((c) => c.title)).toEqual(['满意', '基本满意', '不满意']);
    }
  });

  it('channels, ticket types, urgency classes and supervision triggers come from the pack', () => {
    const reg = resolved('hangzhou', 'register').schema;
    expect(choicesOf(reg, 'urgency').map((c) => c.const)).toEqual(['veryUrgent', 'urgent', 'general']);
    expect(choicesOf(reg, 'channel').map((c) => c.title)).toEqual(['12345电话', '短信', '微信', 'APP', '网站']);
    expect(choicesOf(resolved('turpan', 'register').schema, 'urgency').map((c) => c.const)).toEqual(['emergency', 'general']);
    expect(choicesOf(resolved('turpan', 'register').schema, 'ticketType').map((c) => c.title)).toEqual(['咨询', '求助', '投诉', '举报', '意见建议', '表扬']);
    expect(choicesOf(resolved('turpan', 'supervisionNote').schema, 'trigger').map((c) => c.const)).toContain('reworkStillDissatisfied');
  });

  it('dispatch offers lead and assisting units only where the pack allows it, and the units passed in', () => {
    expect(choicesOf(resolved('hangzhou', 'dispatch').schema, 'mode').map((c) => c.const)).toEqual(['single', 'leadAndAssist']);
    expect(choicesOf(resolved('turpan', 'dispatch').schema, 'mode')).toEqual([
      { const: 'single', title: '单一承办单位' },
      { const: 'split', title: '分别派单（每个承办单位一张工单）' },
      { const: 'leadAndAssist', title: '主办单位牵头，会办单位配合' },
    ]);
    const units = [{ key: 'a', label: '甲局' }];
    expect(choicesOf(resolved('turpan', 'dispatch', { units }).schema, 'unit')).toEqual([{ const: 'a', title: '甲局' }]);
    expect(choicesOf(resolved('turpan', 'dispatch').schema, 'leadUnit')).toHaveLength(UNITS.length);
  });

  it('registration chooses a matter among the taxonomy’s leaves, labelled by its path', () => {
    const matters = choicesOf(resolved('tianjin', 'register').schema, 'matter');
    expect(matters).toContainEqual({ const: '010101', title: '城乡建设 › 市容环境 › 占道经营' });
    expect(matters.map((c) => c.const)).not.toContain('0101');
    expect(matters).toHaveLength(MatterTaxonomy.of(shipped('tianjin').pack).leaves().length);
    expect(choicesOf(resolved('hangzhou', 'register').schema, 'matter').map((c) => c.title)).toContain('文化旅游 › 西湖景区 › 西湖景区游船');
    expect((resolved('turpan', 'register').schema as Json).required).toContain('matter');
  });

  it('a matter choice carries its code, path and marks for the annotations that read attributes', () => {
    const matter = optionsOf('matters', scopeOf(complaint('tianjin'))).find((o) => o.key === '020101');
    expect(matter).toEqual({
      key: '020101',
      label: '市场监管 › 食品安全 › 餐饮服务食品安全',
      attrs: { code: '020101', path: ['市场监管', '食品安全', '餐饮服务食品安全'], functional: true, disputed: false },
    });
  });

  it('a form that chooses units needs them', () => {
    expect(() => resolved('turpan', 'dispatch', { units: [] })).toThrow(expect.objectContaining({ code: 'FORM_CONTEXT_MISSING' }));
    const { units: _, ...noUnits } = complaint('turpan');
    expect(() => resolveForm(shipped('turpan').forms.dispatch!, noUnits)).toThrow(/context\.units/);
  });

  it('the dispatch form gives the unit picker the organisation tree, unit names kept as labels', () => {
    const units = [
      { key: 'heping', label: '和平区', parent: null },
      { key: 'heping.quanyechang', label: '劝业场街道', parent: 'heping' },
    ];
    const form = resolved('tianjin', 'dispatch', { units });
    expect((form.uiSchema as Json).unit).toEqual({ 'ui:options': { optionSource: 'units', optionParents: { 'heping.quanyechang': 'heping' } } });
    expect(JSON.stringify(form.schema)).toContain('{"const":"heping.quanyechang","title":"劝业场街道"}');
  });

  it('the register form offers the places passed in, by their path, and needs them', () => {
    const places = [{ key: 'heping.quanyechang', label: '和平区 › 劝业场街道' }];
    const form = resolved('tianjin', 'register', { places });
    expect(choicesOf(form.schema, 'place')).toEqual([{ const: 'heping.quanyechang', title: '和平区 › 劝业场街道' }]);
    // a renderer gives the field a tree picker
    expect((form.uiSchema as Json).place).toEqual({ 'ui:options': { optionSource: 'places' } });
    expect(placeOptions([
      { code: 'hp', name: '和平区', parent: null },
      { code: 'hp.qyc', name: '劝业场街道', parent: 'hp' },
      { code: 'hp.qyc.xx', name: '新兴社区', parent: 'hp.qyc' },
    ]).map((p) => p.label)).toEqual(['和平区', '和平区 › 劝业场街道', '和平区 › 劝业场街道 › 新兴社区']); // prettier-ignore
    expect(() => resolved('tianjin', 'register', { places: [] })).toThrow(/context\.places/);
  });

  it('fields that do not apply to the ticket leave the form and its uiSchema', () => {
    const help = resolved('turpan', 'reply', { ticket: { type: 'help', urgency: 'general' } });
    expect((help.schema as Json).properties.caseFiling).toBeUndefined();
    expect((help.schema as Json).required).not.toContain('caseFiling');
    expect((help.uiSchema as Json).caseFiling).toBeUndefined();
    expect((help.uiSchema as Json)['ui:order']).not.toContain('caseFiling');
    const complaintForm = resolved('turpan', 'reply');
    expect((complaintForm.schema as Json).required).toContain('caseFiling');
    // Without a ticket the field is shown but cannot be required.
    const { ticket: _, ...noTicket } = complaint('turpan');
    const preview = resolveForm(shipped('turpan').forms.reply!, noTicket).schema as Json;
    expect(preview.properties.caseFiling).toBeDefined();
    expect(preview.required).not.toContain('caseFiling');
  });

  it('refuses unknown ticket types, urgencies and rule versions in the context', () => {
    expect(() => resolved('turpan', 'reply', { ticket: { type: 'gossip' } })).toThrow(expect.objectContaining({ code: 'UNKNOWN_TYPE' }));
    expect(() => resolved('turpan', 'reply', { ticket: { type: 'help', urgency: 'veryUrgent' } })).toThrow(expect.objectContaining({ code: 'UNKNOWN_URGENCY' }));
    expect(() => resolved('turpan', 'reply', { versionId: '1999' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_RULE_VERSION' }));
  });
});

describe('x-trueWhen: a return asked after the ordinary window must be declared 疑难复杂 (Tianjin 2024 §17)', () => {
  const data = { reason: '供暖设施产权属于供热企业。', basis: '《天津市供热用热条例》第十条' };

  it('asks for the box ticked when the request came late, in Chinese naming the field', () => {
    const late = resolved('tianjin', 'returnRequest', { returnLate: true }).schema;
    const refused = validateSubmission(late, { ...data, complex: false });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.errors.map((e) => e.messageZh)).toContain('请确认「疑难复杂诉求事项（申请期限延长至2个工作日）」');
    expect(validateSubmission(late, data).ok).toBe(false);
    expect(validateSubmission(late, { ...data, complex: true }).ok).toBe(true);
  });

  it('leaves it free within the ordinary window', () => {
    const onTime = resolved('tianjin', 'returnRequest', { returnLate: false }).schema;
    expect(validateSubmission(onTime, data).ok).toBe(true);
    expect(JSON.stringify(onTime)).not.toContain('x-trueWhen');
  });
});
