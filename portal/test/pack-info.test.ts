import { describe, expect, it } from 'vitest';
import { chinaDay, packInForce, packInfoOf } from '../src/pack/pack-info';
import { packFiles } from './fixtures';

describe('the pack in force, as the portal reads it', () => {
  it('picks the published version with the latest effective date on or before today', () => {
    const versions = [
      { cityId: 'tianjin', number: 1, status: 'published' as const, effectiveFrom: '2025-01-01' },
      { cityId: 'tianjin', number: 2, status: 'published' as const, effectiveFrom: '2026-01-01' },
      { cityId: 'tianjin', number: 3, status: 'published' as const, effectiveFrom: '2027-01-01' },
      { cityId: 'tianjin', number: 4, status: 'draft' as const, effectiveFrom: null },
    ];
    expect(packInForce(versions, '2026-11-20')?.number).toBe(2);
    expect(packInForce(versions, '2024-12-31')).toBeNull();
  });

  it('reads Tianjin 2025: labels, the three-level scale, the redirect categories with their scripts', () => {
    const info = packInfoOf(packFiles('tianjin'), 2, '2026-11-20');
    expect(info).toMatchObject({ cityId: 'tianjin', cityName: '天津市', packNumber: 2, ruleVersionId: '2025' });
    expect(info.ticketTypes.find((t) => t.key === 'complaint')?.label).toBe('投诉');
    expect(info.rating.levels.map((l) => [l.label, l.triggersRework])).toEqual([
      ['满意', false],
      ['基本满意', false],
      ['不满意', true],
    ]);
    const emergency = info.redirectCategories.find((c) => c.key === 'emergencyTransfer');
    expect(emergency?.action).toBe('transfer');
    expect(emergency?.script).toMatch(/110|119|120/);
    expect(packInfoOf(packFiles('tianjin'), 2, '2025-06-01').ruleVersionId).toBe('2015');
  });

  it('names the subject processes the pack declares (the inbox’s 类型 of a 知识审核 or 申诉核查 step)', () => {
    expect(packInfoOf(packFiles('turpan'), 1, '2026-11-20').subjectProcesses).toEqual([
      { key: 'knowledgeEntry', label: '知识库条目审核' },
      { key: 'knowledgeUpdate', label: '知识更新' },
      { key: 'assessmentAppeal', label: '考核申诉' },
    ]);
  });

  it('reads Turpan’s five-level scale', () => {
    const info = packInfoOf(packFiles('turpan'), 1, '2026-11-20');
    expect(info.rating.levels.map((l) => l.label)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    expect(info.urgencyClasses.map((u) => u.key)).toContain('emergency');
  });

  it('knows the day in China at midnight UTC+8', () => {
    expect(chinaDay(Date.parse('2026-11-20T16:30:00Z'))).toBe('2026-11-21');
  });
});
