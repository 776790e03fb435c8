import { describe, expect, it } from 'vitest';
import { validatePack } from '@hotline/rules';
import {
  addDeadline,
  deadlineMatrix,
  deadlineRows,
  duplicateDeadline,
  editDeadline,
  moveDeadline,
  removeDeadline,
} from '../../src/state/deadlines';
import { editJson, fileText, readJson } from '../../src/state/pack-files';
import { miniCity, miniPackFiles, miniVersion } from '../../../pack-review/test/fixtures/mini-pack';

const PATH = 'versions/v1.json';
const versionOf = (files: ReturnType<typeof miniPackFiles>) => {
  const read = readJson<ReturnType<typeof miniVersion>>(files, PATH);
  if (!read.ok) throw new Error(read.message);
  return read.value;
};

describe('editing a deadline row', () => {
  it('writes the new period into the version file', () => {
    const files = editJson(miniPackFiles(), PATH, (v) => editDeadline(v, 3, { amount: 5 }));
    expect(versionOf(files).deadlines[3]).toEqual({
      stage: 'handle',
      period: { amount: 5, unit: 'workingDay' },
      countFrom: 'receipt',
      source: 'mini-rules.txt §5',
    });
    expect(fileText(files, PATH)).toContain('"amount": 5');
    // Other files are untouched.
    expect(fileText(files, 'city.json')).toBe(fileText(miniPackFiles(), 'city.json'));
    expect(validatePack(files).ok).toBe(true);
  });

  it('drops the working-day mode when the unit is no longer working days', () => {
    let v: unknown = miniVersion();
    v = editDeadline(v, 3, { mode: 'same-time' });
    expect(deadlineRows(v)[3]!.period).toEqual({ amount: 7, unit: 'workingDay', mode: 'same-time' });
    v = editDeadline(v, 3, { unit: 'hour' });
    expect(deadlineRows(v)[3]!.period).toEqual({ amount: 7, unit: 'hour' });
  });

  it('switches a rule to notAllowed and back, keeping the version valid except for the empty reason', () => {
    let v: unknown = editDeadline(miniVersion(), 5, { kind: 'notAllowed' });
    expect(deadlineRows(v)[5]).toEqual({ stage: 'extension', notAllowed: '', source: 'mini-rules.txt §6' });
    v = editDeadline(v, 5, { notAllowed: '不得延期' });
    expect(deadlineRows(v)[5]!.notAllowed).toBe('不得延期');
    v = editDeadline(v, 5, { kind: 'period' });
    expect(deadlineRows(v)[5]).toEqual({ stage: 'extension', period: { amount: 1, unit: 'workingDay' }, countFrom: 'periodEnd', source: 'mini-rules.txt §6' });
  });

  it('treats an empty type or urgency list as "all" and an empty note as absent', () => {
    let v: unknown = editDeadline(miniVersion(), 0, { urgencies: [] });
    expect(deadlineRows(v)[0]).not.toHaveProperty('urgencies');
    v = editDeadline(v, 0, { types: ['complaint'], assumption: '假设', note: '' });
    expect(deadlineRows(v)[0]).toMatchObject({ types: ['complaint'], assumption: '假设' });
    expect(deadlineRows(v)[0]).not.toHaveProperty('note');
    v = editDeadline(v, 0, { assumption: null });
    expect(deadlineRows(v)[0]).not.toHaveProperty('assumption');
  });

  it('clears an amount, which the schema then reports as missing', () => {
    const files = editJson(miniPackFiles(), PATH, (v) => editDeadline(v, 1, { amount: null }));
    const result = validatePack(files);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual([{ file: PATH, path: '/deadlines/1/period/amount', message: 'is missing (required)', messageZh: '必须填写' }]);
  });

  it('adds, duplicates, moves and removes rules, keeping their order meaningful', () => {
    let v: unknown = addDeadline(miniVersion(), 'rework');
    const rows = deadlineRows(v);
    expect(rows[rows.length - 1]).toEqual({ stage: 'rework', period: { amount: 1, unit: 'workingDay' }, countFrom: 'rating', source: '' });
    v = removeDeadline(v, rows.length - 1);
    v = duplicateDeadline(v, 0);
    expect(deadlineRows(v)[1]).toEqual(deadlineRows(v)[0]);
    v = removeDeadline(v, 1);
    v = moveDeadline(v, 1, -1); // the general accept rule before the life-safety one
    expect(deadlineRows(v).slice(0, 2).map((r) => r.urgencies ?? 'all')).toEqual(['all', ['lifeSafety']]);
    v = moveDeadline(v, 0, -1); // already first: unchanged
    expect(deadlineRows(v)[0]!.urgencies).toBeUndefined();
  });
});

describe('the stage × type × urgency table', () => {
  it('shows the first matching rule of each cell', () => {
    const m = deadlineMatrix(miniVersion(), miniCity(), 'accept');
    expect(m.types.map((t) => t.key)).toEqual(['consult', 'complaint']);
    expect(m.urgencies.map((u) => u.key)).toEqual(['lifeSafety', 'general']);
    expect(m.cells.map((row) => row.map((c) => `${c.text}#${c.ruleIndex}`))).toEqual([
      ['15 分钟#0', '1 个工作日#1'],
      ['15 分钟#0', '1 个工作日#1'],
    ]);
  });

  it('marks forbidden and missing cells', () => {
    const ext = deadlineMatrix(miniVersion(), miniCity(), 'extension');
    expect(ext.cells[0]!.map((c) => c.text)).toEqual(['不允许', '不允许']);
    expect(ext.cells[1]!.map((c) => c.allowed)).toEqual([true, true]);
    const dispatch = deadlineMatrix(miniVersion(), miniCity(), 'dispatch');
    expect(dispatch.cells.flat().every((c) => c.ruleIndex === null && c.text === '—')).toBe(true);
  });

  it('follows an edit at once (moving a rule changes which one applies)', () => {
    const moved = moveDeadline(miniVersion(), 1, -1);
    const m = deadlineMatrix(moved, miniCity(), 'accept');
    expect(m.cells[0]!.map((c) => c.text)).toEqual(['1 个工作日', '1 个工作日']);
  });
});
