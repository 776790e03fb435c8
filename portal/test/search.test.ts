// 工单查询's form values as criteria, and when the registration screen asks about repeat calls: pure.
import { describe, expect, it } from 'vitest';
import { candidateQuery } from '../src/features/search/RepeatCallPanel';
import { criteriaOf } from '../src/features/search/search-api';

describe('ticket search criteria', () => {
  it('drops blanks and trims', () => {
    expect(criteriaOf({ number: ' 2026 ', phone: '', words: '噪音', status: undefined, from: '2026-01-01', to: '2026-01-31', days: [1, 2] })).toEqual({
      number: '2026',
      words: '噪音',
      from: '2026-01-01',
      to: '2026-01-31',
    });
  });
});

describe('repeat-call look-up while registering', () => {
  it('asks once a whole phone is typed, or some content with a place or address', () => {
    expect(candidateQuery({ callerPhone: '1381' })).toBeNull();
    expect(candidateQuery({ callerPhone: '13812345678' })).toEqual({ phone: '13812345678' });
    expect(candidateQuery({ content: '井盖缺失很危险' })).toBeNull();
    expect(candidateQuery({ content: '井盖缺失很危险', place: 'heping' })).toEqual({ content: '井盖缺失很危险', place: 'heping' });
    expect(candidateQuery({ content: '井盖', location: '滨江道' })).toBeNull();
  });
});
