import { describe, expect, it } from 'vitest';
import type { CatalogueEntry, DispatchProposal, EntryView } from '../src/api/catalogue-types';
import { apiErrorOf, describeError } from '../src/api/errors';
import {
  adoptProposal,
  cellOf,
  chosenUnits,
  diffEntries,
  dispatchFormFor,
  assistingUnitsWord,
  awaitsDetermination,
  entryFilter,
  fieldOfColumn,
  figureCounts,
  issuesByRow,
  matchesEntry,
  overridesProposal,
  percent,
  placePaths,
  placeScopes,
  proposedUnits,
  reasonNeeded,
  versionEvents,
  withoutStaleReason,
} from '../src/lib/catalogue';

const entry = (over: Partial<CatalogueEntry> = {}): CatalogueEntry => ({
  matter: '010101',
  place: null,
  leadUnit: 'cg',
  assistingUnits: [],
  basis: '市容管理权责清单第3项',
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  ...over,
});

const catalogueProposal: DispatchProposal = {
  kind: 'catalogue',
  leadUnit: 'heping.quanyechang',
  assistingUnits: ['heping.cg'],
  basis: '街道职责清单第12项',
  entryRow: 4,
  versionId: 1,
  matchedMatter: '010101',
  matchedPlace: 'heping',
};

describe('the catalogue a reviewer reads', () => {
  it('tells added, removed and changed entries apart (matter, place scope and start date make a row’s identity)', () => {
    const published = [entry(), entry({ matter: '010102', leadUnit: 'zj' }), entry({ place: 'heping', leadUnit: 'hp', assistingUnits: ['a', 'b'] })];
    const candidate = [
      entry({ basis: '新依据' }),
      entry({ place: 'heping', leadUnit: 'hp', assistingUnits: ['b', 'a'] }),
      entry({ matter: '020101', leadUnit: 'sw' }),
    ];
    const diff = diffEntries(published, candidate);
    expect(diff.added.map((e) => e.matter)).toEqual(['020101']);
    expect(diff.removed.map((e) => e.matter)).toEqual(['010102']);
    // the order of assisting units is no change
    expect(diff.changed).toEqual([{ before: published[0], after: candidate[0], fields: ['basis'] }]);
    expect(diffEntries([], candidate).added).toHaveLength(3);
  });

  it('searches what a row shows, and “全市” finds the city-wide rows', () => {
    const view: EntryView = { ...entry(), row: 1, matterLabel: '城乡建设 › 市容环境 › 占道经营', placeName: null, leadUnitName: '市城市管理委', assistingUnitNames: ['和平区'] };
    expect(matchesEntry(view, '占道')).toBe(true);
    expect(matchesEntry(view, '0101')).toBe(true);
    expect(matchesEntry(view, '全市')).toBe(true);
    expect(matchesEntry(view, '城市管理')).toBe(true);
    expect(matchesEntry(view, '供水')).toBe(false);
    expect(matchesEntry(view, '  ')).toBe(true);
  });

  it('finds a matter by pinyin initials through the taxonomy’s search', () => {
    const view: EntryView = { ...entry(), row: 1, matterLabel: '城乡建设 › 市容环境 › 占道经营', placeName: null, leadUnitName: '市城市管理委', assistingUnitNames: [] };
    const taxonomy = { size: 3, search: (q: string) => (q === 'zdjy' ? [{ code: '010101' }] : []) };
    expect(matchesEntry(view, 'zdjy')).toBe(false);
    expect(matchesEntry(view, 'ZDJY', taxonomy)).toBe(true);
    expect(entryFilter('zdjy', taxonomy)({ ...view, matter: '010102' })).toBe(false);
  });
});

describe('the server’s bad cells', () => {
  it('reads a 422 of a save or an import, Chinese first, and says it in Chinese', () => {
    const e = apiErrorOf(422, {
      error: {
        code: 'CATALOGUE_INVALID',
        message: '目录有误',
        issues: [
          { row: 3, column: 'C（主办单位）', message: 'unknown unit', messageZh: '未知单位：hp.xx' },
          { row: 3, column: 'A（诉求事项）', message: '未知诉求事项：999' },
          { row: 5, column: 'leadUnit', message: '与第 2 行重叠' },
        ],
      },
    });
    expect(e.rowIssues).toEqual([
      { row: 3, column: 'C（主办单位）', message: '未知单位：hp.xx' },
      { row: 3, column: 'A（诉求事项）', message: '未知诉求事项：999' },
      { row: 5, column: 'leadUnit', message: '与第 2 行重叠' },
    ]);
    expect(describeError(e)).toBe('目录中有 3 处错误，请按行、列提示修改。');
    expect([...issuesByRow(e.rowIssues).keys()]).toEqual([3, 5]);
    expect(issuesByRow(e.rowIssues).get(3)).toHaveLength(2);
    expect(cellOf(e.rowIssues[0]!)).toBe('第 3 行 · C（主办单位）');
    // as the server sends them: its usual issues (where) and the cells in details
    const server = apiErrorOf(422, {
      error: {
        code: 'CATALOGUE_INVALID',
        message: '派单目录有 1 处问题，未保存',
        issues: [{ where: '第 4 行 E（主办单位编码）', message: '主办单位编码“x”不是本市的承办单位' }],
        details: { issues: [{ row: 4, column: 'E（主办单位编码）', message: '主办单位编码“x”不是本市的承办单位' }] },
      },
    });
    expect(server.rowIssues).toEqual([{ row: 4, column: 'E（主办单位编码）', message: '主办单位编码“x”不是本市的承办单位' }]);
    // a body with the issues beside the error
    expect(apiErrorOf(422, { error: 'CATALOGUE_INVALID', message: 'x', issues: [{ row: 2, column: 'B（区划）', message: '未知区划' }] }).rowIssues).toHaveLength(1);
  });

  it('finds the field a column names, by key or by the spreadsheet’s header', () => {
    expect(fieldOfColumn('C（主办单位）')).toBe('leadUnit');
    expect(fieldOfColumn('D（协办单位）')).toBe('assistingUnits');
    expect(fieldOfColumn('A（诉求事项）')).toBe('matter');
    expect(fieldOfColumn('B（区划）')).toBe('place');
    expect(fieldOfColumn('effectiveTo')).toBe('effectiveTo');
    expect(fieldOfColumn('F（生效日期）')).toBe('effectiveFrom');
    expect(fieldOfColumn('H（权责清单事项/依据）')).toBe('basis');
    expect(fieldOfColumn('E（主办单位编码）')).toBe('leadUnit');
    expect(fieldOfColumn('')).toBeNull();
    expect(cellOf({ row: 2, column: 'leadUnit', message: '' })).toBe('第 2 行 · 主办单位');
  });
});

describe('the dispatch form against the proposal (派单建议)', () => {
  const units = proposedUnits(catalogueProposal)!;

  it('proposes the catalogue’s units, or a decided determination’s, and nothing while it is open', () => {
    expect(units).toEqual({ leadUnit: 'heping.quanyechang', assistingUnits: ['heping.cg'], basis: '街道职责清单第12项', from: 'catalogue' });
    const determination = {
      id: 1, ticketId: 't', ticketNumber: 'n', matter: '010102', matterLabel: '违法建设', place: null, kind: 'joint' as const, reason: 'disputed' as const,
      status: 'open' as const, requestedBy: 'tj.dispatcher', requestedAt: '', note: '涉及规划和城管', decision: null, decidedBy: null, decidedAt: null, catalogueEntryAdded: false,
    };
    expect(proposedUnits({ kind: 'determination', reason: 'disputed' })).toBeNull();
    expect(proposedUnits({ kind: 'determination', reason: 'disputed', determination })).toBeNull();
    const decided = { ...determination, status: 'decided' as const, decision: { leadUnit: 'gh', assistingUnits: [], basis: '联合研究', note: null } };
    expect(proposedUnits({ kind: 'determination', reason: 'disputed', determination: decided })).toEqual({ leadUnit: 'gh', assistingUnits: [], basis: '联合研究', from: 'determination' });
    expect(proposedUnits(null)).toBeNull();
  });

  it('adopting fills one unit, or a lead with assisting units, keeping what else was typed', () => {
    expect(adoptProposal({ instructions: '请核实', unit: 'x', overrideReason: 'r' }, units)).toEqual({
      instructions: '请核实',
      mode: 'leadAndAssist',
      leadUnit: 'heping.quanyechang',
      assistingUnits: ['heping.cg'],
    });
    expect(adoptProposal({ mode: 'split', units: ['a', 'b'] }, { ...units, assistingUnits: [] })).toEqual({ mode: 'single', unit: 'heping.quanyechang' });
  });

  it('calls other units an override, the same units in another order not', () => {
    expect(overridesProposal({ mode: 'leadAndAssist', leadUnit: 'heping.quanyechang', assistingUnits: ['heping.cg'] }, units)).toBe(false);
    expect(overridesProposal({ mode: 'leadAndAssist', leadUnit: 'heping.quanyechang', assistingUnits: [] }, units)).toBe(true);
    expect(overridesProposal({ mode: 'single', unit: 'heping.cg' }, units)).toBe(true);
    expect(overridesProposal({ mode: 'split', units: ['heping.quanyechang', 'heping.cg'] }, units)).toBe(true);
    // nothing chosen yet, or nothing proposed: no override
    expect(overridesProposal({ mode: 'single' }, units)).toBe(false);
    expect(overridesProposal({ mode: 'single', unit: 'x' }, null)).toBe(false);
    expect(chosenUnits({ mode: 'leadAndAssist', leadUnit: 'a', assistingUnits: ['b', ''] })).toEqual({ leadUnit: 'a', assistingUnits: ['b'] });
    expect(chosenUnits(undefined)).toBeNull();
  });

  it('shows the reason field only while overriding, then required; a reason taken back is dropped', () => {
    const schema = { type: 'object', properties: { mode: {}, overrideReason: { type: 'string', title: '改派理由' } }, required: ['mode'] };
    const ui = { overrideReason: { 'ui:widget': 'textarea' } };
    expect(dispatchFormFor(schema, ui, 'override')).toEqual({ schema: { ...schema, required: ['mode', 'overrideReason'] }, uiSchema: ui });
    const hidden = dispatchFormFor(schema, ui, null);
    expect(hidden.schema.required).toEqual(['mode']);
    expect(hidden.uiSchema.overrideReason).toEqual({ 'ui:widget': 'hidden' });
    // a form without the field is left alone
    const plain = { type: 'object', properties: { mode: {} } };
    expect(dispatchFormFor(plain, {}, 'override').schema).toBe(plain);
    expect(withoutStaleReason({ unit: 'a', overrideReason: '属地' }, null)).toEqual({ unit: 'a' });
    expect(withoutStaleReason({ unit: 'a', overrideReason: '属地' }, 'override')).toEqual({ unit: 'a', overrideReason: '属地' });
    expect(withoutStaleReason({ unit: 'a', overrideReason: '属地' }, 'noEntry')).toEqual({ unit: 'a', overrideReason: '属地' });
  });

  it('asks a matter without an entry, and no decided determination, for a required 派单理由', () => {
    const schema = { type: 'object', properties: { mode: {}, overrideReason: { type: 'string', title: '改派理由' } }, required: ['mode'] };
    const noEntry = { kind: 'determination' as const, reason: 'noEntry' as const };
    expect(reasonNeeded(noEntry, { mode: 'single', unit: 'x' })).toBe('noEntry');
    expect(reasonNeeded(noEntry, {})).toBe('noEntry');
    const shown = dispatchFormFor(schema, {}, 'noEntry');
    expect(shown.schema.required).toEqual(['mode', 'overrideReason']);
    expect((shown.schema.properties as Record<string, { title: string }>).overrideReason?.title).toBe('派单理由');
    expect((shown.uiSchema.overrideReason as Record<string, unknown>)['ui:widget']).toBeUndefined();
    // the catalogue's proposal: a reason only for other units
    expect(reasonNeeded(catalogueProposal, { mode: 'single', unit: 'x' })).toBe('override');
    expect(reasonNeeded(catalogueProposal, adoptProposal({}, units))).toBeNull();
    expect(reasonNeeded(null, { mode: 'single', unit: 'x' })).toBeNull();
    // a disputed matter waits for its determination; the server refuses it before
    expect(reasonNeeded({ kind: 'determination', reason: 'disputed' }, { mode: 'single', unit: 'x' })).toBeNull();
    expect(awaitsDetermination({ kind: 'determination', reason: 'disputed' })).toBe(true);
    expect(awaitsDetermination(noEntry)).toBe(false);
    expect(awaitsDetermination(catalogueProposal)).toBe(false);
  });

  it('adopting a determination’s decision ticks 经研究确定 (designated) when the form has it', () => {
    const withDesignated = { properties: { mode: {}, designated: { type: 'boolean' } } };
    const decided = { ...units, from: 'determination' as const };
    expect(adoptProposal({}, decided, withDesignated)).toMatchObject({ designated: true, leadUnit: 'heping.quanyechang' });
    expect(adoptProposal({}, decided, { properties: { mode: {} } })).not.toHaveProperty('designated');
    // the catalogue's own proposal is no determination
    expect(adoptProposal({}, units, withDesignated)).not.toHaveProperty('designated');
  });

  it('names assisting units in the dispatch form’s own word', () => {
    const turpan = { properties: { mode: {} }, allOf: [{ if: {}, then: { properties: { leadUnit: {}, assistingUnits: { type: 'array', title: '会办单位' } } } }] };
    expect(assistingUnitsWord(turpan)).toBe('会办单位');
    expect(assistingUnitsWord({ properties: { mode: {} } })).toBe('协办单位');
    expect(assistingUnitsWord(undefined)).toBe('协办单位');
  });
});

describe('figures and names', () => {
  it('writes shares as percentages, none without dispatches', () => {
    expect(percent(0.875, 8)).toBe('87.5%');
    expect(percent(1, 3)).toBe('100.0%');
    expect(percent(0, 0)).toBe('—');
  });

  it('names a place by its path', () => {
    const paths = placePaths([
      { code: '120103001', name: '劝业场街道', kind: 'street', parent: '120101' },
      { code: '120101', name: '和平区', kind: 'district', parent: null },
      { code: '120103001001', name: '某社区', kind: 'community', parent: '120103001' },
    ]);
    expect(paths.get('120103001001')).toBe('和平区 › 劝业场街道 › 某社区');
    expect(paths.get('120101')).toBe('和平区');
  });

  it('offers a decision’s catalogue scope: the ticket’s place, each place above it, the whole city', () => {
    const places = [
      { code: '120103001', name: '劝业场街道', kind: 'street' as const, parent: '120101' },
      { code: '120101', name: '和平区', kind: 'district' as const, parent: null },
      { code: '120103001001', name: '某社区', kind: 'community' as const, parent: '120103001' },
    ];
    expect(placeScopes('120103001001', places)).toEqual([
      { value: '120103001001', label: '和平区 › 劝业场街道 › 某社区' },
      { value: '120103001', label: '和平区 › 劝业场街道' },
      { value: '120101', label: '和平区' },
      { value: null, label: '全市' },
    ]);
    expect(placeScopes(null, places)).toEqual([{ value: null, label: '全市' }]);
  });

  it('counts what the rates are of: entries found among dispatches, overrides among those', () => {
    // 4 dispatches, 2 with an entry (1 followed, 1 overridden), 2 without (one of them dispatched elsewhere than decided)
    const f = { dispatches: 4, followed: 1, overridden: 2, noEntry: 2, hitRate: 0.5, overrideRate: 0.5, topOverridden: [], topReturned: [] };
    expect(figureCounts(f)).toEqual({ withEntry: 2, overriddenEntries: 1 });
    expect(figureCounts({ ...f, dispatches: 3, followed: 1, overridden: 0, hitRate: 0.3333 })).toEqual({ withEntry: 1, overriddenEntries: 0 });
  });

  it('lists a version’s history in the order it happened (a returned, resubmitted draft)', () => {
    const v = {
      id: 2, status: 'review' as const, entryCount: 11, createdBy: '张三', createdAt: '2026-03-01T03:00:00Z',
      submittedBy: '张三', submittedAt: '2026-03-01T03:23:00Z', reviewedBy: '李四', reviewedAt: '2026-03-01T03:22:00Z', reviewComment: '补充依据', publishedAt: null, revision: 3,
    };
    expect(versionEvents(v).map((e) => e.text)).toEqual(['由 张三 创建（11 条）', '李四 退回：补充依据', '张三 提交审核']);
  });

});
