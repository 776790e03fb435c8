// The standards' table shapes to matters.json's tree, and back; bad cells by row and column.
import { describe, expect, it } from 'vitest';
import { columnLetter, mattersFromTable, tableFromMatters } from '../src/index';

describe('mattersFromTable', () => {
  it('reads level columns, blank upper cells continuing the row above', () => {
    const result = mattersFromTable([
      ['', ''],
      ['一级编码', '一级名称', '二级编码', '二级名称', '职能部门事项'],
      ['01', '城乡建设', '0101', '市容环境', ''],
      ['', '', '0102', '市政设施', '是'],
      ['02', '公安', '', '', '是'],
    ]);
    expect(result).toEqual({
      ok: true,
      matters: [
        { code: '01', label: '城乡建设', children: [{ code: '0101', label: '市容环境' }, { code: '0102', label: '市政设施', functional: true }] },
        { code: '02', label: '公安', functional: true },
      ],
    });
  });

  it('names the sheet row and the column of a parent that is missing or loops', () => {
    const result = mattersFromTable([
      ['编码', '名称', '上级编码'],
      ['01', '甲', '03'],
      ['03', '丙', '01'],
      ['0201', '乙', '02'],
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toContainEqual({ row: 4, column: 'C（上级编码）', message: '上级编码 02 不在表中' });
      expect(result.issues.some((i) => /构成循环/.test(i.message))).toBe(true);
    }
  });

  it('writes one row per class in the level shape', () => {
    const rows = tableFromMatters({ matters: [{ code: '01', label: '甲', disputed: true, children: [{ code: '0101', label: '乙' }] }] });
    expect(rows).toEqual([
      ['一级编码', '一级名称', '二级编码', '二级名称', '职能部门事项', '存在争议'],
      ['01', '甲', '', '', '', '是'],
      ['01', '甲', '0101', '乙', '', ''],
    ]);
    expect(mattersFromTable(rows)).toEqual({ ok: true, matters: [{ code: '01', label: '甲', disputed: true, children: [{ code: '0101', label: '乙' }] }] });
    expect([0, 25, 26, 27].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB']);
  });
});
