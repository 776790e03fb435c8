import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, auditActionLabel, periodInstants } from '../src/lib/audit';
import { AUDIT_ACTIONS } from '@hotline/server';

describe('the audit page', () => {
  it('names every action the server records in Chinese', () => {
    expect(AUDIT_ACTIONS.filter((a) => !(a in AUDIT_ACTION_LABELS))).toEqual([]);
    expect(auditActionLabel('access.denied')).toBe('拒绝访问');
    expect(auditActionLabel('something.new')).toBe('something.new');
  });

  it('turns a period of China days into instants: first midnight to the midnight after the last day', () => {
    expect(periodInstants('2026-12-01', '2026-12-07')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-07T16:00:00.000Z' });
    expect(periodInstants(null, '2026-12-31')).toEqual({ to: '2026-12-31T16:00:00.000Z' });
    expect(periodInstants(null, null)).toEqual({});
  });
});
