import { describe, expect, it } from 'vitest';
import { catalogueFigures, entriesOfSheet, grassrootsRefused, proposeUnits, sameUnits, sheetColumnOf, SHEET_COLUMNS, sheetRowOf, validateEntries } from '../src';
import { entry, places, taxonomy, units } from './tiny';

const context = { taxonomy, units, places };
const numbered = (...entries: ReturnType<typeof entry>[]) => entries.map((e, i) => ({ row: i + 2, entry: e }));

describe('validateEntries', () => {
  it('accepts a good catalogue', () => {
    expect(validateEntries(numbered(entry({}), entry({ place: 'heping.quanyechang', leadUnit: 'heping.quanyechang', assistingUnits: ['tj.cgw'] })), context)).toEqual([]);
  });

  it('names the row and column of every bad cell, in Chinese', () => {
    const issues = validateEntries(
      numbered(
        entry({ matter: '999999' }),
        entry({ matter: '0101', place: 'nowhere' }),
        entry({ matter: '010201', leadUnit: 'ghost' }),
        entry({ matter: '0102', effectiveFrom: '2025-02-30' }),
        entry({ matter: '01', effectiveFrom: '2025-06-01', effectiveTo: '2025-05-01' }),
        entry({ matter: '010102', assistingUnits: ['tj.cgw'] }),
      ),
      context,
      { columnOf: sheetColumnOf },
    );
    expect(issues).toEqual([
      { row: 2, column: 'A（诉求事项编码）', messageZh: '诉求事项编码“999999”不在本市诉求事项分类中' },
      { row: 3, column: 'C（区划编码）', messageZh: '区划编码“nowhere”不是本市的区划（留空表示全市）' },
      { row: 4, column: 'E（主办单位编码）', messageZh: '主办单位编码“ghost”不是本市的承办单位' },
      { row: 5, column: 'I（生效日期）', messageZh: '生效日期“2025-02-30”不是有效日期（格式 YYYY-MM-DD）' },
      { row: 6, column: 'J（失效日期）', messageZh: '失效日期 2025-05-01 应晚于生效日期 2025-06-01' },
      { row: 7, column: 'G（协办单位编码）', messageZh: '“tj.cgw”已是主办单位，不能同时作为协办单位' },
    ]);
  });

  it('refuses a functional matter’s entry naming a grassroots unit, with the pack’s sentence at that unit’s column', () => {
    const grassroots = { unitKinds: ['street', 'community'], refusal: '应当由职能部门承办的诉求事项不得分派给基层。' };
    const rows = numbered(
      entry({ matter: '010201', leadUnit: 'heping.quanyechang' }),
      entry({ matter: '0102', place: 'hexi', leadUnit: 'tj.swj', assistingUnits: ['heping.quanyechang'] }),
      entry({ matter: '010101', place: 'heping', leadUnit: 'heping.quanyechang' }), // not functional: fine
    );
    expect(validateEntries(rows, { ...context, grassroots }, { columnOf: sheetColumnOf })).toEqual([
      { row: 2, column: 'E（主办单位编码）', messageZh: '诉求事项“城乡建设 › 供水 › 停水”由职能部门承办，主办单位“劝业场街道”（heping.quanyechang）是基层单位：应当由职能部门承办的诉求事项不得分派给基层。' },
      { row: 3, column: 'G（协办单位编码）', messageZh: '诉求事项“城乡建设 › 供水”由职能部门承办，协办单位“劝业场街道”（heping.quanyechang）是基层单位：应当由职能部门承办的诉求事项不得分派给基层。' },
    ]);
    expect(validateEntries(rows, context)).toEqual([]); // a pack without the guard
  });

  it('refuses two entries for the same matter and place whose dates overlap, naming both rows', () => {
    const issues = validateEntries(
      numbered(
        entry({ effectiveTo: '2025-07-01' }),
        entry({ effectiveFrom: '2025-07-01' }), // follows on: fine
        entry({ place: 'heping', effectiveFrom: '2025-03-01' }), // another place: fine
        entry({ effectiveFrom: '2025-06-30', effectiveTo: '2025-08-01' }),
      ),
      context,
    );
    expect(issues).toHaveLength(2);
    expect(issues.map((i) => i.messageZh)).toEqual([
      '第 5 行与第 2 行是同一诉求事项“010101”在全市的条目，生效期间重叠',
      '第 5 行与第 3 行是同一诉求事项“010101”在全市的条目，生效期间重叠',
    ]);
  });
});

describe('proposeUnits', () => {
  const at = '2025-09-01';
  const catalogue = [
    entry({ matter: '0101', leadUnit: 'tj.cgw' }),
    entry({ matter: '010101', place: 'heping', leadUnit: 'heping', assistingUnits: ['tj.cgw'] }),
    entry({ matter: '010101', place: 'heping.quanyechang', leadUnit: 'heping.quanyechang', effectiveTo: '2025-08-01' }),
  ];

  it('takes the nearest place with an entry in force: the district for its street, the city elsewhere', () => {
    expect(proposeUnits(catalogue, { matter: '010101', place: 'heping.quanyechang.xinxing', at, taxonomy, places })).toMatchObject({ kind: 'catalogue', leadUnit: 'heping', assistingUnits: ['tj.cgw'] });
    expect(proposeUnits(catalogue, { matter: '010101', place: 'heping.quanyechang', at: '2025-07-31', taxonomy, places })).toMatchObject({ kind: 'catalogue', leadUnit: 'heping.quanyechang' });
    expect(proposeUnits(catalogue, { matter: '010101', place: 'hexi', at, taxonomy, places })).toMatchObject({ kind: 'catalogue', leadUnit: 'tj.cgw', entry: catalogue[0] });
  });

  it('falls back to the nearest matter class, and to a determination without any entry or when disputed', () => {
    expect(proposeUnits([entry({ matter: '01', leadUnit: 'tj.swj' })], { matter: '010101', place: null, at, taxonomy, places })).toMatchObject({ kind: 'catalogue', leadUnit: 'tj.swj' });
    expect(proposeUnits(catalogue, { matter: '010201', place: 'heping', at, taxonomy, places })).toEqual({ kind: 'determination', reason: 'noEntry' });
    expect(proposeUnits(catalogue, { matter: null, place: 'heping', at, taxonomy, places })).toEqual({ kind: 'determination', reason: 'noEntry' });
    expect(proposeUnits(catalogue, { matter: '010101', place: null, at: '2024-12-31', taxonomy, places })).toEqual({ kind: 'determination', reason: 'noEntry' });
  });

  it('sends a disputed matter to a determination unless the catalogue names a unit for that very matter', () => {
    expect(proposeUnits([entry({ matter: '0101' })], { matter: '010102', place: null, at, taxonomy, places })).toEqual({ kind: 'determination', reason: 'disputed' });
    expect(proposeUnits([], { matter: '010102', place: null, at, taxonomy, places })).toEqual({ kind: 'determination', reason: 'disputed' });
    expect(proposeUnits([entry({ matter: '010102', leadUnit: 'heping' })], { matter: '010102', place: 'heping', at, taxonomy, places })).toMatchObject({ kind: 'catalogue', leadUnit: 'heping' });
  });

  it('compares chosen units with the proposal, assisting units in any order', () => {
    expect(sameUnits({ leadUnit: 'a', assistingUnits: ['b', 'c'] }, { leadUnit: 'a', assistingUnits: ['c', 'b'] })).toBe(true);
    expect(sameUnits({ leadUnit: 'a', assistingUnits: ['b'] }, { leadUnit: 'a', assistingUnits: [] })).toBe(false);
    expect(sameUnits({ leadUnit: 'a', assistingUnits: [] }, { leadUnit: 'b', assistingUnits: [] })).toBe(false);
  });

  it('names the grassroots units a functional matter may not go to', () => {
    const guard = { taxonomy, unitKinds: ['street', 'community'] };
    expect(grassrootsRefused('010201', [units[3]!, units[1]!], guard)).toEqual(['heping.quanyechang']);
    expect(grassrootsRefused('010101', [units[3]!], guard)).toEqual([]);
  });
});

describe('spreadsheet rows', () => {
  const header = { row: 1, cells: SHEET_COLUMNS.map((c) => c.header) };

  it('reads the rows an export writes', () => {
    const e = entry({ place: 'heping', assistingUnits: ['tj.swj', 'heping'] });
    const cells = sheetRowOf(e, { matterLabel: taxonomy.label(e.matter), placeName: '和平区', leadUnitName: '市城市管理委' });
    expect(cells[6]).toBe('tj.swj、heping');
    expect(entriesOfSheet(header, [{ row: 2, cells }, { row: 3, cells: cells.map(() => '') }])).toEqual({ entries: [{ row: 2, entry: e }], issues: [] });
  });

  it('refuses a sheet without the expected header, naming the column', () => {
    const wrong = { row: 1, cells: header.cells.map((c, i) => (i === 2 ? '区域' : c)) };
    expect(entriesOfSheet(wrong, []).issues).toEqual([{ row: 1, column: 'C（区划编码）', messageZh: '第 1 行应为表头，此列应为“区划编码”，实为“区域”' }]);
  });
});

describe('catalogueFigures', () => {
  it('counts hits, overrides and no-entry dispatches and ranks matters', () => {
    const figures = catalogueFigures(
      [
        { matter: '010101', proposal: 'catalogue', reason: null, overridden: false },
        { matter: '010101', proposal: 'catalogue', reason: null, overridden: true },
        { matter: '010201', proposal: 'catalogue', reason: null, overridden: true },
        { matter: '010201', proposal: 'catalogue', reason: null, overridden: true },
        { matter: null, proposal: 'determination', reason: 'noEntry', overridden: false },
      ],
      ['010101', '010101', null],
      taxonomy.label,
    );
    expect(figures).toEqual({
      dispatches: 5,
      followed: 1,
      overridden: 3,
      noEntry: 1,
      hitRate: 0.8,
      overrideRate: 0.75,
      topOverridden: [
        { matter: '010201', label: '城乡建设 › 供水 › 停水', count: 2 },
        { matter: '010101', label: '城乡建设 › 市容环境 › 占道经营', count: 1 },
      ],
      topReturned: [{ matter: '010101', label: '城乡建设 › 市容环境 › 占道经营', count: 2 }],
    });
  });
});
