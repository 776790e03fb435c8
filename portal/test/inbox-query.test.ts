import { describe, expect, it } from 'vitest';
import { fromSearchParams, isFiltered, toSearchParams, totalLabel, withFilter } from '../src/lib/inbox-query';

describe('inbox filters in the URL and the API query', () => {
  it('reads every filter, ignoring malformed values', () => {
    const q = fromSearchParams(new URLSearchParams('form=reply&type=complaint&urgency=general&unit=heping&overdue=true&q=tj2026&page=3&pageSize=20&status=bogus'));
    expect(q).toEqual({ form: 'reply', type: 'complaint', urgency: 'general', unit: 'heping', overdue: true, q: 'tj2026', page: 3, pageSize: 20 });
    expect(fromSearchParams(new URLSearchParams('page=-1&pageSize=abc'))).toEqual({ page: 1, pageSize: 50 });
    expect(fromSearchParams(new URLSearchParams('pageSize=5000')).pageSize).toBe(200);
  });

  it('sends status=open, paging and only the filters set to the API; the ticket number upper-cased', () => {
    const params = toSearchParams({ q: ' tj20261120 ', overdue: true, page: 2, pageSize: 50 }, 'api');
    expect(params.toString()).toBe('q=TJ20261120&status=open&overdue=true&page=2&pageSize=50');
  });

  it('keeps the page URL short: defaults are left out', () => {
    expect(toSearchParams({ page: 1, pageSize: 50 }, 'page').toString()).toBe('');
    expect(toSearchParams({ form: 'reply', page: 1, pageSize: 50 }, 'page', { form: 'reply' }).toString()).toBe('');
    expect(toSearchParams({ type: 'help', page: 4, pageSize: 100 }, 'page').toString()).toBe('type=help&page=4&pageSize=100');
  });

  it('a round trip through the URL gives the same filters', () => {
    const query = { form: 'accept', urgency: 'lifeSafety', overdue: true, page: 5, pageSize: 100 } as const;
    expect(fromSearchParams(toSearchParams(query, 'page'))).toEqual(query);
  });

  it('a filter change goes back to page 1; isFiltered ignores the view’s fixed filters', () => {
    expect(withFilter({ page: 7, pageSize: 50 }, { type: 'help' })).toEqual({ type: 'help', page: 1, pageSize: 50 });
    expect(isFiltered({ form: 'returnVisit', page: 1, pageSize: 50 }, { form: 'returnVisit' })).toBe(false);
    expect(isFiltered({ overdue: true, page: 1, pageSize: 50 })).toBe(true);
  });

  it('says 1000+ when the server stopped counting, the exact count otherwise', () => {
    expect(totalLabel(1000, false)).toBe('共 1000+ 项');
    expect(totalLabel(37, true)).toBe('共 37 项');
    expect(totalLabel(37, undefined)).toBe('共 37 项');
  });
});
