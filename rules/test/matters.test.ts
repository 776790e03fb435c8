import { describe, expect, it } from 'vitest';
import { type MatterNode, MatterTaxonomy, type PackFile, validatePack } from '../src/index';
import { miniPackFiles, miniVersion } from './fixtures/mini-pack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const tree = (): MatterNode[] => [
  {
    code: '01',
    label: '城乡建设',
    children: [
      {
        code: '0101',
        label: '市容环境',
        children: [
          { code: '010101', label: '占道经营' },
          { code: '010102', label: '违法建设', disputed: true },
        ],
      },
      { code: '0102', label: '历史建筑保护', disputed: true, children: [{ code: '010201', label: '历史建筑违法改建' }] },
    ],
  },
  {
    code: '02',
    label: '市场监管',
    functional: true,
    children: [
      {
        code: '0201',
        label: '食品安全',
        children: [
          { code: '020101', label: '餐饮服务食品安全' },
          { code: '020102', label: '无证食品摊贩', functional: false },
        ],
      },
    ],
  },
  { code: '03', label: '教育', children: [{ code: '0301', label: '义务教育', children: [{ code: '030101', label: '转学借读' }] }] },
];

const mattersFile = (matters: unknown = tree()): PackFile => ({ path: 'matters.json', text: JSON.stringify({ standard: '参照 DB44/T 2479—2024', matters }) });

function issuesOf(files: PackFile[]) {
  const result = validatePack(files);
  if (result.ok) throw new Error('expected the pack to be refused');
  return result.issues;
}

describe('matters.json in a pack', () => {
  it('is optional, and parsed into pack.matters when present', () => {
    const without = validatePack(miniPackFiles());
    expect(without.ok && without.pack.matters).toBe(undefined);
    const withIt = validatePack(miniPackFiles({ extra: [mattersFile()] }));
    expect(withIt.ok).toBe(true);
    if (withIt.ok) expect(withIt.pack.matters?.matters[0]?.label).toBe('城乡建设');
  });

  it.each([
    {
      kind: 'duplicate code',
      edit: (t: Json) => { t[2].children[0].children[0].code = '010101'; },
      path: '/matters/2/children/0/children/0/code',
      zh: /编码 010101 重复：已用于 \/matters\/0\/children\/0\/children\/0/,
    },
    {
      kind: 'code not prefixed by its parent',
      edit: (t: Json) => { t[2].children[0].children[0].code = '040101'; },
      path: '/matters/2/children/0/children/0/code',
      zh: /编码 040101 没有以上级“义务教育”的编码 0301 开头/,
    },
    {
      kind: 'code of another width than its siblings',
      edit: (t: Json) => { t[0].children[0].children[1].code = '0101020'; },
      path: '/matters/0/children/0/children/1/code',
      zh: /编码 0101020 为 7 位，同级的编码为 6 位/,
    },
    { kind: 'empty label', edit: (t: Json) => { t[0].children[0].label = ' '; }, path: '/matters/0/children/0/label', zh: /事项 0101 的名称为空/ },
    { kind: 'code with letters', edit: (t: Json) => { t[0].code = 'A1'; }, path: '/matters/0/code', zh: /格式/ },
  ])('refuses a $kind, naming the file and the JSON path', ({ edit, path, zh }) => {
    const t = tree() as unknown as Json;
    edit(t);
    const issues = issuesOf(miniPackFiles({ extra: [mattersFile(t)] }));
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.file).toBe('matters.json');
    expect(issue!.messageZh).toMatch(zh);
  });

  it("refuses a redirect category's matter the taxonomy does not know, and any matter without a taxonomy", () => {
    const v = miniVersion() as Json;
    v.redirectCategories[0].matters = ['010101', '0999'];
    const issues = issuesOf(miniPackFiles({ version: v, extra: [mattersFile()] }));
    expect(issues).toEqual([
      expect.objectContaining({ file: 'versions/v1.json', path: '/redirectCategories/0/matters/1', messageZh: expect.stringMatching(/事项编码 0999 不在诉求事项分类/) }),
    ]);
    const none = issuesOf(miniPackFiles({ version: v }));
    expect(none.map((i) => i.messageZh)).toEqual([expect.stringMatching(/城市包没有诉求事项分类/), expect.stringMatching(/城市包没有诉求事项分类/)]);
  });
});

describe('MatterTaxonomy', () => {
  const taxonomy = new MatterTaxonomy(tree());

  it('knows a class by code, its path, label and ancestors', () => {
    expect(taxonomy.byCode('010101')).toEqual({ code: '010101', label: '占道经营', path: ['城乡建设', '市容环境', '占道经营'], functional: false, disputed: false, leaf: true });
    expect(taxonomy.label('010101')).toBe('城乡建设 › 市容环境 › 占道经营');
    expect(taxonomy.pathOf('0101')).toEqual(['城乡建设', '市容环境']);
    expect(taxonomy.ancestorsOf('010101')).toEqual(['0101', '01']);
    expect(taxonomy.ancestorsOf('01')).toEqual([]);
    expect(taxonomy.fieldOf('020102')).toBe('02');
    expect(taxonomy.fieldOf('99')).toBeUndefined();
    expect(taxonomy.byCode('99')).toBeUndefined();
    expect(taxonomy.leaves().map((m) => m.code)).toEqual(['010101', '010102', '010201', '020101', '020102', '030101']);
  });

  it('inherits the functional and disputed marks down the tree, a class’s own mark winning', () => {
    expect(taxonomy.isFunctional('020101')).toBe(true);
    expect(taxonomy.isFunctional('020102')).toBe(false);
    expect(taxonomy.isDisputed('010201')).toBe(true);
    expect(taxonomy.isDisputed('010101')).toBe(false);
    expect(taxonomy.isFunctional('unknown')).toBe(false);
  });

  it('is built once per pack', () => {
    const pack = { matters: { matters: tree() } };
    expect(MatterTaxonomy.of(pack)).toBe(MatterTaxonomy.of(pack));
    expect(MatterTaxonomy.of({}).size).toBe(0);
  });

  const codes = (query: string) => taxonomy.search(query).map((m) => m.code);

  it('finds a class by part of its label, by code prefix, by full pinyin and by pinyin initials', () => {
    expect(codes('占道')).toEqual(['010101']);
    expect(codes('食品')).toEqual(['0201', '020101', '020102']);
    expect(codes('0101')).toEqual(['0101', '010101', '010102']);
    expect(codes('zhandaojingying')).toEqual(['010101']);
    expect(codes('zhandao')).toEqual(['010101']);
    expect(codes('zdjy')).toEqual(['010101']);
    expect(codes('ZDJY')).toEqual(['010101']);
    expect(codes('wzspt')).toEqual(['020102']);
  });

  it('finds the classes under a matching field after the direct hits', () => {
    const found = codes('scjg');
    expect(found[0]).toBe('02');
    expect(found).toEqual(expect.arrayContaining(['020101', '020102', '0201']));
    expect(codes('')).toEqual([]);
    expect(codes('完全不相干')).toEqual([]);
  });

  it('honours the limit over a few thousand classes', () => {
    const big: MatterNode[] = Array.from({ length: 20 }, (_, f) => ({
      code: String(f + 10),
      label: `领域${f}`,
      children: Array.from({ length: 15 }, (_, s) => ({
        code: `${f + 10}${String(s + 10)}`,
        label: `类别${s}`,
        children: Array.from({ length: 10 }, (_, l) => ({ code: `${f + 10}${s + 10}${l + 10}`, label: `${['占道经营', '噪声扰民', '物业服务', '供热不热', '医保报销'][l % 5]}${f}-${s}-${l}` })),
      })),
    }));
    const large = new MatterTaxonomy(big);
    expect(large.size).toBe(20 + 300 + 3000);
    expect(large.search('zdjy', 5)).toHaveLength(5);
    // (how fast: npm run bench:matter-search)
    const found = large.search('wyfw', 8);
    expect(found).toHaveLength(8);
    expect(found.every((m) => m.label.startsWith('物业服务'))).toBe(true);
  });
});
