import { describe, expect, it } from 'vitest';
import { activeNav, isCentre, navFor } from '../src/app/navigation';
import { matchPath } from '../src/app/router';

describe('menus and routes', () => {
  it('gives each role its views', () => {
    expect(navFor(['unitHandler']).map((i) => i.label)).toEqual(['我的待办']);
    expect(navFor(['registrar']).map((i) => i.label)).toEqual(['我的待办', '受理登记']);
    expect(navFor(['reviewer']).map((i) => i.label)).toEqual(['我的待办', '审核', '督办']);
    expect(navFor(['supervisor']).map((i) => i.path)).toEqual(['/', '/supervision']);
    expect(isCentre(['unitLeader'])).toBe(false);
    expect(isCentre(['returnVisit'])).toBe(true);
  });

  it('matches paths', () => {
    expect(matchPath('/tasks/:id', '/tasks/a%2Fb')).toEqual({ id: 'a/b' });
    expect(matchPath('/tasks/:id', '/tasks')).toBeNull();
    expect(activeNav('/reviews')).toBe('/reviews');
    expect(activeNav('/')).toBe('/');
    expect(activeNav('/tasks/1')).toBe('');
  });
});
