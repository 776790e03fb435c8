import { describe, expect, it } from 'vitest';
import { formatPointer, getAt, insertAt, moveAt, parsePointer, removeAt, setAt } from '../../src/state/json-pointer';
import { diffFiles, editJson, formatJson, removeFile, restoreUnchanged, setFile } from '../../src/state/pack-files';

describe('JSON pointers', () => {
  it('parse and format with escapes', () => {
    expect(parsePointer('/a~1b/0/c~0d')).toEqual(['a/b', '0', 'c~d']);
    expect(formatPointer(['a/b', 0, 'c~d'])).toBe('/a~1b/0/c~0d');
    expect(parsePointer('')).toEqual([]);
  });

  it('set without touching the original, creating objects and removing on undefined', () => {
    const original = { a: { b: [1, 2, 3] } };
    const changed = setAt(original, '/a/b/1', 9);
    expect(changed).toEqual({ a: { b: [1, 9, 3] } });
    expect(original).toEqual({ a: { b: [1, 2, 3] } });
    expect(setAt({}, '/x/y', 1)).toEqual({ x: { y: 1 } });
    expect(setAt({ a: 1, b: 2 }, '/a', undefined)).toEqual({ b: 2 });
    expect(getAt(changed, '/a/b/2')).toBe(3);
    expect(getAt(changed, '/missing/x')).toBeUndefined();
  });

  it('insert, remove and move list items', () => {
    const v = { l: ['a', 'b', 'c'] };
    expect(insertAt(v, '/l', 1, 'x')).toEqual({ l: ['a', 'x', 'b', 'c'] });
    expect(removeAt(v, '/l', 0)).toEqual({ l: ['b', 'c'] });
    expect(moveAt(v, '/l', 0, 2)).toEqual({ l: ['b', 'c', 'a'] });
    expect(moveAt(v, '/l', 2, 99)).toEqual(v);
  });
});

describe('pack files', () => {
  it('diff a draft against what was loaded', () => {
    const base = [
      { path: 'a.json', text: '1' },
      { path: 'b.json', text: '2' },
    ];
    const draft = setFile(removeFile(setFile(base, 'a.json', '3'), 'b.json'), 'c.json', formatJson({ x: 1 }));
    expect(diffFiles(base, draft)).toEqual({ added: ['c.json'], changed: ['a.json'], removed: ['b.json'] });
    expect(draft.map((f) => f.path)).toEqual(['a.json', 'c.json']);
    expect(formatJson({ x: 1 })).toBe('{\n  "x": 1\n}\n');
  });

  it('give a file its loaded text back once its value is back to the loaded one', () => {
    const base = [{ path: 'v.json', text: '{ "a": [1, 2] }\n' }];
    const changed = editJson(base, 'v.json', () => ({ a: [1, 3] }));
    expect(restoreUnchanged(base, changed)).toEqual(changed);
    const undone = editJson(changed, 'v.json', () => ({ a: [1, 2] }));
    expect(undone[0]!.text).not.toBe(base[0]!.text);
    expect(restoreUnchanged(base, undone)).toEqual(base);
    expect(diffFiles(base, restoreUnchanged(base, undone)).changed).toEqual([]);
  });
});
