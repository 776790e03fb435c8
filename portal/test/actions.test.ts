import { describe, expect, it } from 'vitest';
import { blockedReason, completionData, planActions, SUBMIT, claimOnArrival } from '../src/lib/actions';

describe('a task’s actions', () => {
  it('the primary action submits the form; the others confirm and carry only a note', () => {
    const plan = planActions([
      { key: 'reply', label: '答复', allowed: true, primary: true },
      { key: 'extension', label: '申请延期', allowed: false, reason: '咨询类事项不得延期', primary: false },
    ]);
    expect(plan).toEqual([
      { key: 'reply', label: '答复', allowed: true, submitsForm: true, confirm: false },
      { key: 'extension', label: '申请延期', allowed: false, reason: '咨询类事项不得延期', submitsForm: false, confirm: true },
    ]);
    expect(completionData(plan[0]!, { result: '已修复' }, 'ignored')).toEqual({ result: '已修复' });
    expect(completionData(plan[1]!, { result: '已修复' }, '  需协调产权单位 ')).toEqual({ note: '需协调产权单位' });
    expect(completionData(plan[1]!, { result: '已修复' }, '')).toEqual({});
  });

  it('with none marked primary, the first submits the form; without actions, one 提交', () => {
    expect(planActions([{ key: 'accept', label: '签收', allowed: true, primary: false }, { key: 'return', label: '申请退回', allowed: true, primary: false }]).map((a) => a.submitsForm)).toEqual([true, false]);
    expect(planActions([])).toEqual([{ key: SUBMIT.key, label: SUBMIT.label, allowed: true, submitsForm: true, confirm: false }]);
  });

  it('says why a task cannot be worked on', () => {
    expect(blockedReason({ status: 'open', assignee: null }, 'tj.handler')).toBeNull();
    expect(blockedReason({ status: 'claimed', assignee: { username: 'tj.handler', name: '张' } }, 'tj.handler')).toBeNull();
    expect(blockedReason({ status: 'claimed', assignee: { username: 'other', name: '李四' } }, 'tj.handler')).toBe('该任务已由 李四 认领办理。');
    expect(blockedReason({ status: 'completed', assignee: null }, 'x')).toBe('该任务已办结。');
  });
});

describe('going on to one’s own next step', () => {
  it('takes an open task nobody holds, and leaves one held or done', () => {
    expect(claimOnArrival({ status: 'open', assignee: null })).toBe(true);
    expect(claimOnArrival({ status: 'claimed', assignee: { username: 'tj.registrar' } })).toBe(false);
    expect(claimOnArrival({ status: 'completed', assignee: null })).toBe(false);
  });
});
