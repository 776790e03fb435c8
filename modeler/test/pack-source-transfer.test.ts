// The memory pack source beyond drafts: a diff between its versions, the pack's part of the roll-out
// checklist, and a folder imported as a draft; and the API client's reading of server issues.
import { describe, expect, it } from 'vitest';
import { issueFromWhere } from '../src/api';
import { MemoryPackSource } from '../src/pack-source';
import { json, miniPackFiles, miniVersion } from '../../pack-review/test/fixtures/mini-pack';

const now = () => new Date('2026-11-21T02:00:00Z');

describe('MemoryPackSource', () => {
  it('diffs two of its versions with the same code as the server', async () => {
    const source = new MemoryPackSource([{ id: 'mini', name: '示例市', files: miniPackFiles() }], { now });
    const draft = await source.createDraft('mini', 1);
    const version = miniVersion({ name: '示例规则（修订）' });
    await source.writeFile('mini', draft.number, 'versions/v1.json', json(version));
    const diff = await source.diff('mini', 1, draft.number);
    expect(diff.from.number).toBe(1);
    expect(diff.to.number).toBe(2);
    expect(diff.rules.changes).toEqual([{ file: 'versions/v1.json', path: '/name', change: 'changed', from: '示例规则', to: '示例规则（修订）' }]);
  });

  it('checks the pack for roll-out (no organisation without a server) and imports a folder as a draft', async () => {
    const source = new MemoryPackSource([{ id: 'mini', name: '示例市', files: miniPackFiles() }], { now });
    const checklist = await source.checklist('mini', 1);
    expect(checklist.today).toBe('2026-11-21');
    expect(checklist.items.some((i) => i.group === 'organisation')).toBe(false);
    expect(checklist.items.find((i) => i.key === 'calendar:national:2027')?.status).toBe('missing');
    const imported = await source.importFiles('mini', miniPackFiles(), 'mini');
    expect(imported).toMatchObject({ number: 2, status: 'draft', source: 'uploaded mini' });
    expect(await source.readVersion('mini', 2)).toEqual(miniPackFiles());
  });
});

describe('issueFromWhere', () => {
  it('splits the server’s `where` into file and JSON path, or file and process element', () => {
    expect(issueFromWhere({ where: 'versions/2025.json at /rating/levels', message: 'm' })).toEqual({ file: 'versions/2025.json', path: '/rating/levels', message: 'm' });
    expect(issueFromWhere({ where: 'processes/ticket.bpmn#watchTimer', message: 'm' })).toEqual({ file: 'processes/ticket.bpmn', path: 'watchTimer', message: 'm' });
    expect(issueFromWhere({ where: 'processes', message: 'm' })).toEqual({ file: 'processes', path: '', message: 'm' });
  });
});
