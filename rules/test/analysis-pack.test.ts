// city.json `analysis` (数据分析): checked with the file and JSON path of what is wrong, in both languages;
// the shipped packs carry it with a source on every value.
import { describe, expect, it } from 'vitest';
import { analysisOf, validatePack } from '../src/index';
import { miniCity, miniPackFiles } from './fixtures/mini-pack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const analysis = (overrides: Json = {}): Json => ({
  onTime: { acceptStages: ['accept'], completeStages: ['handle'], source: 'mini-rules.txt §13' },
  satisfaction: { satisfiedLevels: ['satisfied'], source: 'mini-rules.txt §13' },
  concentrated: { minTickets: 5, source: 'mini-rules.txt §13', assumption: 'five' },
  hotTopics: { top: 10, source: 'mini-rules.txt §13' },
  sensitiveMatters: [],
  briefings: [{ key: 'weekly', label: '周报', period: 'week', runAt: { day: 1, time: '08:00' }, keep: 4, source: 'mini-rules.txt §13' }],
  ...overrides,
});
const withAnalysis = (a: Json) => {
  const city = miniCity() as Json;
  city.analysis = a;
  return miniPackFiles({ city });
};

/** The problems of a pack that should not validate (none when it does). */
const issuesOf = (result: ReturnType<typeof validatePack>) => (result.ok ? [] : result.issues);

describe('city.json analysis', () => {
  it('is read when valid, and absent means the platform default', () => {
    const result = validatePack(withAnalysis(analysis()));
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(result.ok && analysisOf(result.pack.city).briefings.map((b) => b.label)).toEqual(['周报']);
    expect(analysisOf({}).sensitiveMatters).toEqual([]);
  });

  it('refuses a satisfied level no rating scale has, naming the path', () => {
    const result = validatePack(withAnalysis(analysis({ satisfaction: { satisfiedLevels: ['delighted'], source: 'mini-rules.txt §13' } })));
    expect(result.ok).toBe(false);
    expect(issuesOf(result)).toEqual([expect.objectContaining({ file: 'city.json', path: '/analysis/satisfaction/satisfiedLevels/0', messageZh: expect.stringContaining('“delighted”不是任何规则版本回访评价') })]);
  });

  it('refuses a briefing without its source, or twice the same key', () => {
    const noSource = validatePack(withAnalysis(analysis({ briefings: [{ key: 'weekly', label: '周报', period: 'week', runAt: { day: 1, time: '08:00' }, keep: 4 }] })));
    expect(issuesOf(noSource)).toEqual([expect.objectContaining({ file: 'city.json', path: '/analysis/briefings/0/source' })]);
    const brief = analysis().briefings[0];
    const twice = validatePack(withAnalysis(analysis({ briefings: [brief, brief] })));
    expect(issuesOf(twice)).toEqual([expect.objectContaining({ path: '/analysis/briefings/1/key' })]);
  });
});
