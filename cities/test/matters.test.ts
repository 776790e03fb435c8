// The shipped packs' starter taxonomies (诉求事项分类) and the dispatch policy the catalogue reads.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, MatterTaxonomy, rolesOf } from '@hotline/rules';
import { listPacks, loadShippedPack } from '../src/index';

describe.each(listPacks())('the %s pack', (id) => {
  const pack = loadShippedPack(id);
  const taxonomy = MatterTaxonomy.of(pack);

  it('carries a three-level taxonomy with two-digit codes per level, marked as an assumption', () => {
    expect(pack.matters?.assumption).toMatch(/确认/);
    const leaves = taxonomy.leaves();
    expect(leaves.length).toBeGreaterThanOrEqual(60);
    expect(leaves.length).toBeLessThanOrEqual(120);
    for (const leaf of leaves) {
      expect(leaf.path, leaf.code).toHaveLength(3);
      expect(leaf.code).toMatch(/^\d{6}$/);
    }
    expect(taxonomy.search('zdjy').map((m) => m.label)).toEqual(['占道经营']);
  });

  it('marks functional departments’ matters and disputed ones', () => {
    const codeOf = (label: string) => taxonomy.all().find((m) => m.label === label)!.code;
    expect(taxonomy.isFunctional(codeOf('餐饮服务食品安全'))).toBe(true);
    expect(taxonomy.isFunctional(codeOf('商品价格'))).toBe(true);
    expect(taxonomy.isFunctional(codeOf('劳动保障监察'))).toBe(true);
    expect(taxonomy.isFunctional(codeOf('占道经营'))).toBe(false);
    expect(taxonomy.isDisputed(codeOf('物业与业委会纠纷'))).toBe(true);
    expect(taxonomy.isDisputed(codeOf('历史建筑违法改建'))).toBe(true);
  });

  it('guards every rule version against sending a functional matter to grassroots units', () => {
    for (const version of pack.versions) {
      expect(version.policies.dispatch?.grassroots.unitKinds, version.id).toEqual(['street', 'community']);
      expect(version.policies.dispatch?.overrideReasonRequired).toBe(true);
    }
  });

  it('gives the dispatcher and the supervisor the catalogue pages, as the default roles do', () => {
    const pages = (roles: ReturnType<typeof rolesOf>, key: string) => roles.find((r) => r.key === key)?.pages;
    for (const key of ['dispatcher', 'supervisor']) expect(pages(rolesOf(pack.city), key)).toEqual(pages(DEFAULT_ROLES, key));
  });
});

it('Tianjin 2025 refuses in the words of §8; the other cities assume the guard', () => {
  const tianjin = loadShippedPack('tianjin').versions.find((v) => v.id === '2025')!;
  expect(tianjin.policies.dispatch?.grassroots).toMatchObject({ refusal: '应当由职能部门承办的诉求事项不得分派给基层（实施细则第八条）。', source: 'tianjin-implementing-rules-2025.txt §8' });
  expect(tianjin.policies.dispatch?.grassroots.assumption).toBeUndefined();
  for (const id of ['hangzhou', 'turpan']) {
    for (const v of loadShippedPack(id).versions) expect(v.policies.dispatch?.grassroots.assumption, `${id} ${v.id}`).toMatch(/assumed/);
  }
});

it('keeps local classes as data: Hangzhou has 西湖景区, Turpan 葡萄 and no metro', () => {
  const labels = (id: string) => MatterTaxonomy.of(loadShippedPack(id)).all().map((m) => m.label);
  expect(labels('hangzhou')).toContain('西湖景区');
  expect(labels('turpan')).toContain('葡萄种植技术');
  expect(labels('turpan')).not.toContain('地铁服务');
  expect(labels('tianjin')).toContain('地铁服务');
});
