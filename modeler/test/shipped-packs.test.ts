import { describe, expect, it } from 'vitest';
import { shippedCities } from '../src/app/shipped-packs';

describe('the shipped packs bundled for the local source', () => {
  it('lists every city of cities/ and loads its files with pack paths', async () => {
    const cities = shippedCities();
    expect(cities.map((c) => c.id).sort()).toEqual(expect.arrayContaining(['hangzhou', 'tianjin', 'turpan']));
    const tianjin = cities.find((c) => c.id === 'tianjin')!;
    expect(tianjin.name).toBe('天津市');
    const files = typeof tianjin.files === 'function' ? await tianjin.files() : tianjin.files;
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['city.json', 'matters.json', 'versions/2015.json', 'versions/2025.json', 'calendar/national-2026.json']));
    expect(paths.every((p) => !p.startsWith('/') && !p.includes('node_modules') && !p.startsWith('src/'))).toBe(true);
  });
});
