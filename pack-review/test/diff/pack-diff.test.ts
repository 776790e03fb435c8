// The pack diff: deadline rules as a stage × type × urgency table, other JSON paths matched by what
// identifies list items, process elements by id (layout ignored), forms, files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellText, deadlineCell } from '../../src/diff/deadline-table';
import { diffJson } from '../../src/diff/json-diff';
import { diffPacks } from '../../src/diff/pack-diff';
import { createBpmnReader } from '../../src/lint/moddle';
import { json, miniForm, miniPackFiles, miniVersion } from '../fixtures/mini-pack';

const VALID = readFileSync(new URL('../fixtures/valid-ticket.bpmn', import.meta.url), 'utf8');
const withProcess = (files: ReturnType<typeof miniPackFiles>, xml = VALID) => [...files, { path: 'processes/ticket.bpmn', text: xml }];

describe('diffJson', () => {
  it('matches list items by key, date or deadline identity, not by position', () => {
    const before = { redirectCategories: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }] };
    const after = { redirectCategories: [{ key: 'new', label: 'N' }, { key: 'a', label: 'A' }, { key: 'b', label: 'B2' }] };
    expect(diffJson(before, after)).toEqual([
      { path: '/redirectCategories/0', change: 'added', to: { key: 'new', label: 'N' } },
      { path: '/redirectCategories/2/label', change: 'changed', from: 'B', to: 'B2' },
    ]);
    const rules = (first: number) => [
      { stage: 'accept', period: { amount: first } },
      { stage: 'handle', types: ['consult'], period: { amount: 5 } },
    ];
    expect(diffJson({ deadlines: rules(1) }, { deadlines: [rules(2)[1], rules(2)[0]] })).toEqual([{ path: '/deadlines/1/period/amount', change: 'changed', from: 1, to: 2 }]);
    expect(diffJson({ holidays: [{ date: '2027-01-01', name: '元旦' }] }, { holidays: [] })).toEqual([{ path: '/holidays/0', change: 'removed', from: { date: '2027-01-01', name: '元旦' } }]);
  });

  it('treats lists of plain values as one value, and reports a reordering once', () => {
    expect(diffJson({ types: ['consult'] }, { types: ['consult', 'help'] })).toEqual([{ path: '/types', change: 'changed', from: ['consult'], to: ['consult', 'help'] }]);
    expect(diffJson({ l: [{ key: 'a' }, { key: 'b' }] }, { l: [{ key: 'b' }, { key: 'a' }] })).toEqual([{ path: '/l', change: 'changed', from: '(order)', to: '(order changed)' }]);
    expect(diffJson({ 'a/b': 1 }, { 'a/b': 2 })).toEqual([{ path: '/a~1b', change: 'changed', from: 1, to: 2 }]);
  });
});

describe('deadline cells', () => {
  it('take the first matching rule, as @hotline/rules resolves them', () => {
    const version = { id: 'v1', deadlines: miniVersion().deadlines as never };
    expect(cellText(deadlineCell(version, 'handle', 'complaint', 'general'))).toBe('7 个工作日');
    expect(cellText(deadlineCell(version, 'handle', 'complaint', 'lifeSafety'))).toBe('2 小时');
    expect(cellText(deadlineCell(version, 'extension', 'consult', 'general'))).toBe('不允许：咨询类事项不得延期');
    expect(cellText(deadlineCell(version, 'designatedHandle', 'consult', 'general'))).toBe('未规定');
  });
});

describe('diffPacks', () => {
  it('shows a shortened handling period per type and urgency, and nothing else', async () => {
    const before = withProcess(miniPackFiles());
    const version = miniVersion();
    (version.deadlines as Array<{ stage: string; urgencies?: string[]; period?: { amount: number } }>).find((r) => r.stage === 'handle' && !r.urgencies)!.period!.amount = 5;
    const after = withProcess(miniPackFiles({ version }));
    const diff = await diffPacks(before, after, createBpmnReader());
    expect(diff.files).toEqual({ added: [], removed: [], changed: ['versions/v1.json'] });
    expect(diff.rules.deadlines.changes.map((c) => [c.stage, c.type, c.urgency, cellText(c.from), cellText(c.to)])).toEqual([
      ['handle', 'consult', 'general', '7 个工作日', '5 个工作日'],
      ['handle', 'complaint', 'general', '7 个工作日', '5 个工作日'],
    ]);
    expect(diff.rules.changes).toEqual([]);
    expect(diff.processes).toEqual([]);
    expect(diff.forms).toEqual([]);
  });

  it('lists added, removed and changed process elements by id, ignoring the layout', async () => {
    const moved = VALID.replace('name="签收"', 'name="签收工单"').replace(/<bpmndi:BPMNShape[^>]*>/, (shape) => shape);
    const diff = await diffPacks(withProcess(miniPackFiles()), withProcess(miniPackFiles(), moved), createBpmnReader());
    expect(diff.processes).toEqual([{ file: 'processes/ticket.bpmn', status: 'changed', added: [], removed: [], changed: [{ id: 'acceptTicket', type: 'bpmn:UserTask', name: '签收工单', properties: ['name'] }] }]);

    const timer = VALID.replace(/=acceptDue/, 'PT1H');
    const changed = await diffPacks(withProcess(miniPackFiles()), withProcess(miniPackFiles(), timer), createBpmnReader());
    expect(changed.processes[0]!.changed.map((e) => [e.id, e.properties])).toEqual([[expect.any(String), ['eventDefinitions']]]);

    const gone = await diffPacks(withProcess(miniPackFiles()), miniPackFiles(), createBpmnReader());
    expect(gone.processes[0]).toMatchObject({ status: 'removed', added: [] });
    expect(gone.processes[0]!.removed.map((e) => e.id)).toContain('acceptTicket');
    const broken = await diffPacks(withProcess(miniPackFiles()), withProcess(miniPackFiles(), '<not-bpmn'), createBpmnReader());
    expect(broken.processes[0]).toMatchObject({ status: 'unreadable', error: expect.any(String) });
  });

  it('lists changed forms with their JSON paths, and added or removed files', async () => {
    const before = miniPackFiles();
    const after = [
      ...before.filter((f) => f.path !== 'forms/review.json').map((f) => (f.path === 'forms/accept.json' ? { ...f, text: json(miniForm('签收（新）')) } : f)),
      { path: 'calendar/national-2027.json', text: json({ layer: 'national', year: 2027, source: 'x', holidays: [], workdays: [] }) },
    ];
    const diff = await diffPacks(before, after, createBpmnReader());
    expect(diff.files).toEqual({ added: ['calendar/national-2027.json'], removed: ['forms/review.json'], changed: ['forms/accept.json'] });
    expect(diff.forms).toEqual([
      { file: 'forms/accept.json', status: 'changed', changes: [{ path: '/schema/title', change: 'changed', from: '签收', to: '签收（新）' }] },
      { file: 'forms/review.json', status: 'removed', changes: [] },
    ]);
  });
});
