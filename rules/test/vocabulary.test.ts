// The open vocabularies: a pack declares its own ticket types, stages and roles; the core words stay.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CityInfo } from '../src/index';
import { CityRules, DEFAULT_REVEAL_REASONS, DEFAULT_ROLES, parsePack, revealReasonsOf, rolesOf, stagesOf, validatePack } from '../src/index';
import { miniCity, miniPackFiles, miniVersion } from './fixtures/mini-pack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function pack(editCity: (c: Json) => void, editVersion: (v: Json) => void = () => {}) {
  const city = miniCity() as Json;
  const version = miniVersion() as Json;
  editCity(city);
  editVersion(version);
  return miniPackFiles({ city, version });
}
const issuesOf = (files: ReturnType<typeof pack>) => {
  const result = validatePack(files);
  return result.ok ? [] : result.issues;
};

describe("a ticket type of the pack's own (企业诉求)", () => {
  const files = pack(
    (c) => c.ticketTypes.push({ key: 'business', label: '企业诉求' }),
    (v) => v.deadlines.unshift({ stage: 'handle', types: ['business'], period: { amount: 3, unit: 'workingDay' }, countFrom: 'receipt', source: 'mini-rules.txt §4' }),
  );

  it('validates and gets its own handling period', () => {
    expect(issuesOf(files)).toEqual([]);
    const rules = new CityRules(parsePack(files));
    const d = rules.deadline({ stage: 'handle', type: 'business', from: '2026-11-20T10:00:00+08:00' });
    expect(d.due).toBe('2026-11-26T00:00:00+08:00');
  });

  it('is still refused in a rule when the city does not declare it', () => {
    const broken = pack(() => {}, (v) => v.deadlines.unshift({ stage: 'handle', types: ['business'], period: { amount: 3, unit: 'workingDay' }, countFrom: 'receipt', source: 'mini-rules.txt §4' }));
    expect(issuesOf(broken)).toContainEqual(expect.objectContaining({ file: 'versions/v1.json', path: '/deadlines/0/types/0', message: expect.stringMatching(/ticket type "business" is not declared/) }));
  });
});

describe("a stage of the pack's own (1小时内答复)", () => {
  const answer = { key: 'answer', label: '1小时内答复', source: 'mini-rules.txt §4' };
  const rule = { stage: 'answer', types: ['consult'], period: { amount: 1, unit: 'hour' }, countFrom: 'registration', source: 'mini-rules.txt §4' };

  it('is listed after the core stages and computes a deadline', () => {
    const files = pack((c) => (c.stages = [answer]), (v) => v.deadlines.push(rule));
    expect(issuesOf(files)).toEqual([]);
    const parsed = parsePack(files);
    expect(stagesOf(parsed.city).map((s) => s.key)).toEqual(['dispatch', 'accept', 'return', 'handle', 'extension', 'rework', 'returnVisit', 'designatedHandle', 'answer']);
    const d = new CityRules(parsed).deadline({ stage: 'answer', type: 'consult', from: '2026-11-20T10:00:00+08:00' });
    expect(d.due).toBe('2026-11-20T11:00:00+08:00');
  });

  it('is refused in a rule when undeclared, naming the stage', () => {
    expect(issuesOf(pack(() => {}, (v) => v.deadlines.push(rule)))).toContainEqual(
      expect.objectContaining({ path: expect.stringMatching(/^\/deadlines\/\d+\/stage$/), message: expect.stringMatching(/stage "answer" is neither a core stage/) }),
    );
  });

  it('may not reuse a core stage key, nor be declared twice', () => {
    const issues = issuesOf(pack((c) => (c.stages = [{ key: 'handle', label: '办理' }, answer, answer])));
    expect(issues).toContainEqual(expect.objectContaining({ file: 'city.json', path: '/stages/0/key', message: expect.stringMatching(/core stage already/) }));
    expect(issues).toContainEqual(expect.objectContaining({ file: 'city.json', path: '/stages/2/key', message: expect.stringMatching(/declares stage "answer" twice/) }));
  });

  it('the rule book names the stages of the city when asked for an unknown one', () => {
    const rules = new CityRules(parsePack(pack(() => {})));
    expect(() => rules.deadline({ stage: 'answer', type: 'consult', from: '2026-11-20T10:00:00+08:00' })).toThrow(/unknown stage "answer" for mini; stages are dispatch, .*designatedHandle$/);
  });
});

describe('roles as pack data', () => {
  const role = { key: 'hotlineLead', label: '热线值班长', scope: 'centre', pages: ['supervision'], revealCaller: 'withTask' };

  it('a pack without roles gets the default catalogue; one with roles gets exactly its own', () => {
    expect(rolesOf(parsePack(pack(() => {})).city)).toBe(DEFAULT_ROLES);
    const files = pack((c) => (c.roles = [role]));
    expect(issuesOf(files)).toEqual([]);
    expect(rolesOf(parsePack(files).city)).toEqual([role]);
  });

  it('refuses a platform role, a twice-declared role, pages for a unit role and an unknown reveal rule', () => {
    const issues = issuesOf(
      pack((c) => (c.roles = [{ ...role, key: 'admin' }, role, role, { ...role, key: 'handler', scope: 'unit' }])),
    );
    expect(issues).toContainEqual(expect.objectContaining({ path: '/roles/0/key', message: expect.stringMatching(/role of the platform/) }));
    expect(issues).toContainEqual(expect.objectContaining({ path: '/roles/2/key', message: expect.stringMatching(/declares role "hotlineLead" twice/) }));
    expect(issues).toContainEqual(expect.objectContaining({ path: '/roles/3/pages', message: expect.stringMatching(/pages supervision are the hotline centre's/) }));
    // 工单查询 shows a unit only its own scope: a unit role may have it
    expect(issuesOf(pack((c) => (c.roles = [{ ...role, key: 'handler', scope: 'unit', pages: ['search'] }])))).toEqual([]);
    expect(issuesOf(pack((c) => (c.roles = [{ ...role, revealCaller: 'sometimes' }])))).toContainEqual(expect.objectContaining({ path: '/roles/0/revealCaller' }));
  });
});

describe('reveal reason categories (查看原因类别) as pack data', () => {
  const legal = { key: 'legal', label: '依法协助调查', source: 'mini-rules.txt §4' };

  it('a pack without categories gets the platform defaults; one with categories gets exactly its own', () => {
    expect(revealReasonsOf(parsePack(pack(() => {})).city)).toBe(DEFAULT_REVEAL_REASONS);
    expect(DEFAULT_REVEAL_REASONS.map((r) => r.key)).toEqual(['repeatCall', 'callback', 'supervision', 'legal']);
    const files = pack((c) => (c.revealReasons = [legal]));
    expect(issuesOf(files)).toEqual([]);
    expect(revealReasonsOf(parsePack(files).city)).toEqual([legal]);
  });

  it('refuses a category declared twice (in Chinese too), a key of the wrong shape, an empty list and a missing label', () => {
    const twice = issuesOf(pack((c) => (c.revealReasons = [legal, { key: 'callback', label: '回访联系诉求人' }, legal])));
    expect(twice).toContainEqual(
      expect.objectContaining({ file: 'city.json', path: '/revealReasons/2/key', message: expect.stringMatching(/reveal reason category "legal" twice/), messageZh: '查看原因类别“legal”声明了两次' }),
    );
    expect(issuesOf(pack((c) => (c.revealReasons = [{ ...legal, key: 'Legal reason' }])))).toContainEqual(expect.objectContaining({ path: '/revealReasons/0/key' }));
    expect(issuesOf(pack((c) => (c.revealReasons = []))).length).toBeGreaterThan(0);
    expect(issuesOf(pack((c) => (c.revealReasons = [{ key: 'legal' }])))).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/^\/revealReasons\/0/) }));
  });

  it('the shipped Tianjin pack declares its own four, each citing the regulation', () => {
    const city = JSON.parse(readFileSync(new URL('../../cities/tianjin/city.json', import.meta.url), 'utf8')) as CityInfo;
    expect(revealReasonsOf(city).map((r) => r.label)).toEqual(['重复来电核实身份', '回访联系诉求人', '督办核查', '依法协助调查']);
    expect(city.revealReasons?.every((r) => r.source?.startsWith('tianjin-implementing-rules-2025.txt'))).toBe(true);
  });
});
