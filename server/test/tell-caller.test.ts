// What the registrar tells a repeat caller, and how a phone is compared: pure.
import { describe, expect, it } from 'vitest';
import { phoneDigits } from '../src/modules/search/caller-digest';
import { termsOf } from '../src/modules/search/search.service';
import { tellCaller } from '../src/modules/search/tell-caller';

describe('a repeat caller is told', () => {
  const ticket = { number: '2026120700001', registeredAt: '2026-12-07T09:30:00+08:00', status: 'open', unitName: '劝业场街道', dueAt: '2026-12-14T00:00:00+08:00' };

  it('who handles the ticket and by when, a period ending at midnight said as 24:00', () => {
    expect(tellCaller(ticket)).toBe('您反映的问题已于 2026-12-07 登记，工单编号 2026120700001，目前由劝业场街道办理，办理时限至 2026-12-13 24:00。我们已将您本次来电记入该工单，请耐心等待答复。');
  });

  it('that it is being dispatched, before a unit has it; that it is closed, once closed', () => {
    expect(tellCaller({ ...ticket, unitName: null, dueAt: null })).toBe('您反映的问题已于 2026-12-07 登记，工单编号 2026120700001，目前正在派单。我们已将您本次来电记入该工单，请耐心等待答复。');
    // the dispatch task's deadline is the centre's, not a handling period to promise the caller
    expect(tellCaller({ ...ticket, unitName: null, dueAt: '2026-12-08T09:30:00+08:00' })).toBe('您反映的问题已于 2026-12-07 登记，工单编号 2026120700001，目前正在派单。我们已将您本次来电记入该工单，请耐心等待答复。');
    expect(tellCaller({ ...ticket, status: 'closed' })).toBe('您反映的问题已于 2026-12-07 登记，工单编号 2026120700001，已办结。');
  });
});

describe('search input', () => {
  it('compares phones by their digits, without the country prefix', () => {
    expect(phoneDigits('+86 138-1234-5678')).toBe('13812345678');
    expect(phoneDigits('0086 13812345678')).toBe('13812345678');
    expect(phoneDigits('022-2345 6789')).toBe('02223456789');
  });

  it('splits words on spaces and Chinese punctuation', () => {
    expect(termsOf('噪音  停水，供热、电梯')).toEqual(['噪音', '停水', '供热', '电梯']);
    expect(termsOf('  ')).toBeUndefined();
    expect(termsOf(undefined)).toBeUndefined();
  });
});
