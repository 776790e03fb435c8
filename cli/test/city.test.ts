import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_PACKS_DIR } from '@hotline/cities';
import { describe, expect, it } from 'vitest';
import { hotline } from './run-cli';

const CITIES = ['hangzhou', 'tianjin', 'turpan'];

describe('hotline city', () => {
  it('lists the three shipped packs with their rule versions', async () => {
    const r = await hotline(['city', 'list']);
    expect(r.code).toBe(0);
    for (const id of CITIES) expect(r.stdout).toContain(id);
    expect(r.stdout).toMatch(/tianjin .*2015 \(.* → 2025-12-31\); 2025 \(2026-01-01 → 2030-12-31\)/);
  });

  it.each(CITIES)('validates cities/%s', async (id) => {
    const r = await hotline(['city', 'validate', join(SHIPPED_PACKS_DIR, id)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid/);
  });

  it('fails on a deliberately broken copy and names the file and JSON path', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pack-')), 'tianjin');
    cpSync(join(SHIPPED_PACKS_DIR, 'tianjin'), dir, { recursive: true });
    const file = join(dir, 'versions', '2025.json');
    const version = JSON.parse(readFileSync(file, 'utf8'));
    version.deadlines[0].period = { amount: 1, unit: 'fortnight' };
    writeFileSync(file, JSON.stringify(version));
    const r = await hotline(['city', 'validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${dir}/versions/2025.json at /deadlines/0/period/unit: must be one of "minute", "hour", "day", "workingDay"; found "fortnight"`);
  });

  it('shows the resolved pack as JSON', async () => {
    const r = await hotline(['city', 'show', 'tianjin', '--json']);
    const pack = JSON.parse(r.stdout);
    expect(pack.city.id).toBe('tianjin');
    expect(pack.versions.map((v: { id: string }) => v.id)).toEqual(['2015', '2025']);
    expect(pack.calendar.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses to show an unknown city', async () => {
    const r = await hotline(['city', 'show', 'atlantis', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown city "atlantis"/);
  });

  it('creates a new pack from an existing one that is valid from the start and marked as assumed', async () => {
    const into = mkdtempSync(join(tmpdir(), 'packs-'));
    const r = await hotline(['city', 'new', 'shanshan', '--from', 'turpan', '--into', into, '--name', '鄯善县']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const v = await hotline(['city', 'validate', join(into, 'shanshan')]);
    expect(v.code).toBe(0);
    const city = JSON.parse(readFileSync(join(into, 'shanshan', 'city.json'), 'utf8'));
    expect(city).toMatchObject({ id: 'shanshan', name: '鄯善县', calendarLayers: ['national', 'xinjiang'] });
    const version = JSON.parse(readFileSync(join(into, 'shanshan', 'versions', '2021.json'), 'utf8'));
    expect(version.assumption).toMatch(/Copied from turpan/);
    const process = readFileSync(join(into, 'shanshan', 'processes', 'ticket.bpmn'), 'utf8');
    expect(process).toContain('id="ticket-shanshan"');
    expect(process).not.toContain('ticket-turpan');

    const again = await hotline(['city', 'new', 'shanshan', '--from', 'turpan', '--into', into]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it.each([
    [['city', 'new', 'Bad_Id', '--from', 'turpan', '--into', tmpdir()], /"Bad_Id" is not a city id/],
    [['city', 'new', 'newtown', '--from', 'atlantis', '--into', tmpdir()], /unknown city "atlantis"/],
    [['city', 'validate', '/nonexistent/pack'], /\/nonexistent\/pack is not a folder/],
  ])('refuses %j', async (argv, message) => {
    const r = await hotline(argv);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });
});
