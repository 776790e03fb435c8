import { describe, expect, it } from 'vitest';
import { MatterTaxonomy } from '@hotline/rules';
import { choicesOf, matterNodes, unitTree } from '../src/features/task/path-choices';
import { placeChoices, placeTree } from '../src/features/task/PlaceWidget';

describe('choices labelled by path', () => {
  it('makes the places a tree by their paths, each node named by its own name and shown by its path', () => {
    const tree = placeTree(
      placeChoices([
        { code: 'hp', name: '和平区', kind: 'district', parent: null },
        { code: 'hx', name: '河西区', kind: 'district', parent: null },
        { code: 'hp.qyc', name: '劝业场街道', kind: 'street', parent: 'hp' },
        { code: 'hp.qyc.xx', name: '新兴社区', kind: 'community', parent: 'hp.qyc' },
      ]),
    );
    expect(tree.map((n) => n.value)).toEqual(['hp', 'hx']);
    const street = tree[0]!.children[0]!;
    expect(street).toMatchObject({ value: 'hp.qyc', title: '劝业场街道', path: '和平区 › 劝业场街道' });
    expect(street.children.map((n) => n.path)).toEqual(['和平区 › 劝业场街道 › 新兴社区']);
  });

  it('reads the taxonomy back from the leaves, so the registrar finds 占道经营 by zdjy', () => {
    const choices = choicesOf([
      { value: '010101', label: '城乡建设 › 市容环境 › 占道经营' },
      { value: '010102', label: '城乡建设 › 市容环境 › 违法建设' },
      { value: '020101', label: '市场监管 › 食品安全 › 餐饮服务食品安全' },
    ]);
    const taxonomy = new MatterTaxonomy(matterNodes(choices));
    expect(taxonomy.byCode('0101')?.path).toEqual(['城乡建设', '市容环境']);
    expect(taxonomy.search('zdjy').map((m) => m.code)).toEqual(['010101']);
    expect(taxonomy.leaves().map((m) => m.code)).toEqual(['010101', '010102', '020101']);
  });
});

describe('the units a dispatch offers, as the organisation tree', () => {
  const offered = [
    { value: 'heping', label: '和平区' },
    { value: 'heping.quanyechang', label: '劝业场街道' },
    { value: 'heping.quanyechang.xinxing', label: '新兴社区' },
    { value: 'heping.xiaobailou', label: '小白楼街道' },
    { value: 'tj.swj', label: '市水务局' },
  ];
  const parents = { 'heping.quanyechang': 'heping', 'heping.quanyechang.xinxing': 'heping.quanyechang', 'heping.xiaobailou': 'heping', 'hexi.youyilu': 'hexi' };

  it('district › street › community, departments at the top', () => {
    const tree = unitTree(offered, parents);
    const show = (nodes: ReturnType<typeof unitTree>): unknown => nodes.map((n) => (n.children.length ? { [n.title]: show(n.children) } : n.title));
    expect(show(tree)).toEqual([{ 和平区: [{ 劝业场街道: ['新兴社区'] }, '小白楼街道'] }, '市水务局']);
  });

  it('a unit whose parent is not offered stands at the top; without parents the list is flat', () => {
    expect(unitTree([{ value: 'hexi.youyilu', label: '友谊路街道' }], parents).map((n) => n.title)).toEqual(['友谊路街道']);
    expect(unitTree(offered).map((n) => n.title)).toEqual(['和平区', '劝业场街道', '新兴社区', '小白楼街道', '市水务局']);
  });

  it('units the rules refuse (a functional matter, grassroots units) stay in the tree, marked and not choosable', () => {
    const refusal = '应当由职能部门承办的诉求事项不得分派给基层（实施细则第八条）。';
    const tree = unitTree(offered, parents, { 'heping.quanyechang': refusal, 'heping.quanyechang.xinxing': refusal });
    const street = tree[0]!.children[0]!;
    expect(street).toMatchObject({ title: '劝业场街道（基层单位，不得分派）', disabled: true });
    expect(street.children[0]).toMatchObject({ title: '新兴社区（基层单位，不得分派）', disabled: true });
    expect(tree[0]!.disabled).toBeUndefined();
    expect(tree[1]).toEqual({ value: 'tj.swj', title: '市水务局', children: [] });
  });
});
