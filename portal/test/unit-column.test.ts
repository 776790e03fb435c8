import { describe, expect, it } from 'vitest';
import { unitColumn } from '../src/lib/labels';

describe('the inbox’s 承办单位 column says what the ticket page says', () => {
  const quanyechang = { code: 'heping.quanyechang', name: '劝业场街道' };
  it('a centre step of a dispatched ticket: the ticket’s handling unit, not the centre', () => {
    expect(unitColumn({ unit: null, ticket: { unit: quanyechang } })).toBe('劝业场街道');
  });
  it('a unit’s own step: its name once', () => {
    expect(unitColumn({ unit: quanyechang, ticket: { unit: quanyechang } })).toBe('劝业场街道');
  });
  it('an assisting unit’s part: the handling unit, and whose step it is', () => {
    expect(unitColumn({ unit: { name: '南市街道' }, ticket: { unit: quanyechang } })).toBe('劝业场街道（本环节：南市街道）');
  });
  it('before dispatch', () => {
    expect(unitColumn({ unit: null, ticket: { unit: null } })).toBe('未派单');
  });
  it('a subject process’s step (知识审核, 申诉核查): the acting unit, or nothing to dispatch', () => {
    expect(unitColumn({ unit: null, ticket: null })).toBe('—');
    expect(unitColumn({ unit: quanyechang, ticket: null })).toBe('劝业场街道');
  });
});
