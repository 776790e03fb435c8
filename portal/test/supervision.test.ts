import { describe, expect, it } from 'vitest';
import { boardDue, describeReason } from '../src/lib/supervision';

describe('why a ticket is on the supervision board', () => {
  it('says the trigger, the stage and its due time', () => {
    const overdue = { kind: 'overdue', trigger: 'overdue', label: '超期未办结', stage: 'handle', due: '2026-11-23T16:00:00Z', at: '2026-11-23T16:00:01Z' };
    expect(describeReason(overdue)).toBe('超期未办结 · 办理环节 · 时限 2026-11-23 24:00');
    expect(describeReason({ kind: 'dissatisfied', trigger: 'dissatisfied', label: '不满意', stage: null, due: null, at: '2026-11-21T09:00:00Z' })).toBe('不满意');
    expect(describeReason('旧格式原因')).toBe('旧格式原因');
    expect(boardDue(overdue, null)).toBe('2026-11-23T16:00:00Z');
    expect(boardDue(overdue, '2026-11-30T16:00:00Z')).toBe('2026-11-30T16:00:00Z');
  });
});
