// The walker behind the text-input hook: which strings hold a NUL or a lone surrogate, and where.
import { describe, expect, it } from 'vitest';
import { forbiddenCells, forbiddenInFiles, forbiddenTextPointers, hasForbiddenText } from '../src/http/text-input';

describe('forbidden text', () => {
  it('finds a NUL and unpaired surrogates, and lets paired ones (emoji, rare hanzi) through', () => {
    expect(hasForbiddenText('路灯\u0000不亮')).toBe(true);
    expect(hasForbiddenText('a\uD800')).toBe(true); // high without low
    expect(hasForbiddenText('\uDC00b')).toBe(true); // low without high
    expect(hasForbiddenText('\uDC00\uD800')).toBe(true); // the wrong order
    expect(hasForbiddenText('路灯不亮 😀 𠀀')).toBe(false);
    expect(hasForbiddenText('')).toBe(false);
  });

  it('names every bad value and key by its JSON pointer, deep in objects and lists', () => {
    const body = {
      content: 'fine',
      caller: { name: '张\u0000三', phone: '138' },
      data: { items: ['ok', 'bad\uD83D'], 'k\uDE00': 'value', 'a/b~c': 'x\u0000' },
      count: 3,
      flag: null,
    };
    expect(forbiddenTextPointers(body)).toEqual(['/caller/name', '/data/items/1', '/data/k\uDE00', '/data/a~1b~0c']);
    expect(forbiddenTextPointers({ q: '\u0000' }, '/query')).toEqual(['/query/q']);
    expect(forbiddenTextPointers('plain')).toEqual([]);
    expect(forbiddenTextPointers(Buffer.from([0, 1, 2]))).toEqual([]);
  });

  it('names a table cell by its row and column letter, and a pack file by path and pointer', () => {
    expect(forbiddenCells([{ row: 1, cells: ['a', 'b'] }, { row: 7, cells: ['a', 'b', 'c\u0000'] }])).toEqual(['第 7 行 C 列']);
    expect(forbiddenCells([{ row: 2, cells: [...Array(27).fill('x'), '\uD800'] }])).toEqual(['第 2 行 AB 列']);
    const files = [
      { path: 'city.json', text: '{"name": "天津\\ud800"}' },
      { path: 'forms/a.json', text: '{"ok": true}' },
      { path: 'processes/ticket.bpmn', text: '<x>\u0000</x>' },
    ];
    expect(forbiddenInFiles(files)).toEqual(['city.json at /name', 'processes/ticket.bpmn']);
  });
});
