// The timeline names what a step decided, worded from the pack's labels and the city's unit names, for
// any task kind: 派单至劝业场街道, not 完成「派单」.
import { describe, expect, it } from 'vitest';
import { decisionWords, resolveForm } from '../src/index';
import { complaint, shipped } from './fixtures';

const tj = shipped('tianjin').forms;
const units = [{ key: 'heping.quanyechang', label: '劝业场街道' }, { key: 'heping.nanshi', label: '南市街道' }];
const resolved = (form: string) => resolveForm(tj[form]!, complaint('tianjin', { units })).schema;
const primary = (label: string) => ({ key: 'complete', label, primary: true });

describe('what a step decided, in words', () => {
  it('a dispatch: the unit it went to, by its name', () => {
    expect(decisionWords({ form: tj.dispatch, schema: resolved('dispatch'), action: primary('派单'), data: { mode: 'single', unit: 'heping.quanyechang' }, variables: { unit: 'heping.quanyechang', assistingUnits: [] } })).toEqual({
      verb: '派单',
      decided: '至劝业场街道',
    });
    expect(
      decisionWords({ form: tj.dispatch, schema: resolved('dispatch'), action: primary('派单'), data: {}, variables: { unit: 'heping.quanyechang', assistingUnits: ['heping.nanshi'] } }).decided,
    ).toBe('至劝业场街道（协办：南市街道）');
  });

  it('a classification and a return visit: the choices made, in the pack’s labels', () => {
    expect(decisionWords({ form: tj.classify, schema: resolved('classify'), action: primary('提交'), data: { outcome: 'dispatch' }, variables: { classification: 'dispatch' } })).toEqual({
      verb: '受理分类',
      decided: '：派单至承办单位',
    });
    const visit = decisionWords({ form: tj.returnVisit, schema: resolved('returnVisit'), action: primary('提交'), data: { method: 'phone', handlingRating: 'dissatisfied', callerWords: '没修好', sendBack: true }, variables: { rating: 'dissatisfied' } });
    expect(visit.verb).toBe('回访');
    expect(visit.decided).toMatch(/^：电话，不满意，退回承办单位再次办理$/); // the centre's choice (sendBack) is named too
  });

  it('another action than the form: its own label', () => {
    expect(decisionWords({ form: tj.reply, schema: undefined, action: { key: 'extension', label: '申请延期', primary: false }, data: { note: '需协调' }, variables: {} })).toEqual({ verb: '申请延期', decided: '' });
    expect(decisionWords({ form: tj.accept, schema: resolved('accept'), action: { key: 'accept', label: '签收', primary: true }, data: { handler: '李明' }, variables: {} })).toEqual({ verb: '签收', decided: '' });
  });
});
