import { describe, expect, it } from 'vitest';
import type { MigrationPreview, MigrationResult, TicketMigration } from '../../src/api';
import { chinaTime, previewRows, resultRows } from '../../src/state/migration';

const atReply: TicketMigration = {
  ticket: 'TJ-20260302-0001',
  fromPackVersion: 1,
  tasks: [{ elementId: 'reply', name: '答复' }],
  mappings: [{ sourceElementId: 'reply', targetElementId: 'replyTask' }],
  problems: [],
  deadlines: [{ stage: 'handle', as: 'handle', previousDue: '2026-03-11T16:00:00.000Z', due: '2026-03-09T00:00:00+08:00', provisional: false }],
};
const stuck: TicketMigration = {
  ticket: 'TJ-20260302-0002',
  fromPackVersion: 2,
  tasks: [{ elementId: 'review', name: '审核' }],
  mappings: [],
  problems: [{ elementId: 'review', reason: '新流程中没有环节「review」' }],
  deadlines: [],
};

describe('the migration preview as the dialog shows it', () => {
  it('reads instants in China time whatever their offset', () => {
    expect(chinaTime('2026-03-11T16:00:00.000Z')).toBe('2026-03-12 00:00');
    expect(chinaTime('2026-03-09T09:30:00+08:00')).toBe('2026-03-09 09:30');
    expect(chinaTime('2026-03-09T01:30:00-05:00')).toBe('2026-03-09 14:30');
    expect(chinaTime('不是时间')).toBe('不是时间');
  });

  it('puts the tickets that would move apart from those that cannot, with their steps, mappings, deadlines and reasons', () => {
    const preview: MigrationPreview = { packVersion: 3, ruleVersion: '2025', tickets: [atReply, stuck] };
    expect(previewRows(preview)).toEqual({
      moving: [
        {
          ticket: 'TJ-20260302-0001',
          fromPackVersion: 1,
          steps: [{ name: '答复', elementId: 'reply', targetElementId: 'replyTask' }],
          deadlines: [{ stage: '办结', from: '2026-03-12 00:00', to: '2026-03-09 00:00', provisional: false }],
        },
      ],
      refused: [{ ticket: 'TJ-20260302-0002', fromPackVersion: 2, reasons: ['新流程中没有环节「review」'] }],
    });
  });

  it('names a step with no counterpart, and keeps a pack\'s own stage by its key', () => {
    const own: TicketMigration = { ...atReply, mappings: [], deadlines: [{ ...atReply.deadlines[0]!, stage: 'legalReview', provisional: true }] };
    const [row] = previewRows({ packVersion: 3, ruleVersion: '2025', tickets: [own] }).moving;
    expect(row!.steps[0]!.targetElementId).toBeNull();
    expect(row!.deadlines[0]).toMatchObject({ stage: 'legalReview', provisional: true });
  });

  it('reports what applying did: moved tickets and refused ones with their reasons', () => {
    const result: MigrationResult = { packVersion: 3, migrated: [atReply], refused: [{ ticket: 'TJ-20260302-0003', reasons: ['迁移失败：工单已办结或已迁移'] }] };
    const rows = resultRows(result);
    expect(rows.moving.map((r) => r.ticket)).toEqual(['TJ-20260302-0001']);
    expect(rows.refused).toEqual([{ ticket: 'TJ-20260302-0003', fromPackVersion: null, reasons: ['迁移失败：工单已办结或已迁移'] }]);
  });
});
