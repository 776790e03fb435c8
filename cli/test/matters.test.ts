// `hotline city matters import|export`: the taxonomy through the spreadsheet a centre keeps, and a
// bad sheet refused cell by cell with nothing written.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsxRows, SHIPPED_PACKS_DIR } from '@hotline/cities';
import { describe, expect, it } from 'vitest';
import { hotline } from './run-cli';

function packCopy(id = 'tianjin'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'matters-')), id);
  cpSync(join(SHIPPED_PACKS_DIR, id), dir, { recursive: true });
  return dir;
}
const mattersOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'matters.json'), 'utf8'));

async function xlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Sheet1').addRows(rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Each import and export validates the whole pack with its forms: seconds, not milliseconds.
describe('hotline city matters', { timeout: 60_000 }, () => {
  it('exports the taxonomy to xlsx and imports it back unchanged', async () => {
    const dir = packCopy();
    const sheet = join(dir, '..', '诉求事项分类.xlsx');
    const exported = await hotline(['city', 'matters', 'export', dir, sheet]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const rows = await readXlsxRows(readFileSync(sheet));
    expect(rows[0]).toEqual(['一级编码', '一级名称', '二级编码', '二级名称', '三级编码', '三级名称', '职能部门事项', '存在争议']);
    expect(rows).toContainEqual(['01', '城乡建设', '', '', '', '', '', '']);
    expect(rows).toContainEqual(['02', '市场监管', '0201', '食品安全', '020103', '无证食品摊贩', '否', '是']);

    const before = mattersOf(dir);
    writeFileSync(join(dir, 'matters.json'), '{"matters": [{"code": "01", "label": "临时"}]}\n');
    const imported = await hotline(['city', 'matters', 'import', dir, sheet]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/174 classes, 111 matters/);
    expect(mattersOf(dir).matters).toEqual(before.matters);
  });

  it('imports a CSV in the 编码/名称/上级编码 shape, children before parents too', async () => {
    const dir = packCopy('turpan');
    // the shipped pack's sensitive matters (数据分析) name codes of the shipped taxonomy: a city bringing
    // codes of its own lists them anew (an import that would orphan them is refused, naming each)
    const cityFile = join(dir, 'city.json');
    const city = JSON.parse(readFileSync(cityFile, 'utf8'));
    writeFileSync(cityFile, JSON.stringify({ ...city, analysis: { ...city.analysis, sensitiveMatters: [] } }, null, 2));
    const csv = join(dir, '..', 'matters.csv');
    writeFileSync(
      csv,
      '\uFEFF编码,名称,上级编码,职能部门事项,存在争议\n0101,葡萄种植,01,,\n01,农业农村,,,\n010101,葡萄病虫害,0101,是,\n02,城市管理,,,\n0201,占道经营,02,否,是\n',
    );
    const r = await hotline(['city', 'matters', 'import', dir, csv, '--source', '吐鲁番市12345热线诉求事项目录（2026）']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = mattersOf(dir);
    expect(file.source).toBe('吐鲁番市12345热线诉求事项目录（2026）');
    expect(file.assumption).toBeUndefined();
    expect(file.matters).toEqual([
      { code: '01', label: '农业农村', children: [{ code: '0101', label: '葡萄种植', children: [{ code: '010101', label: '葡萄病虫害', functional: true }] }] },
      { code: '02', label: '城市管理', children: [{ code: '0201', label: '占道经营', functional: false, disputed: true }] },
    ]);
  });

  it('refuses a bad xlsx naming the row and column of every bad cell, and writes nothing', async () => {
    const dir = packCopy();
    const before = readFileSync(join(dir, 'matters.json'), 'utf8');
    const sheet = join(dir, '..', 'bad.xlsx');
    writeFileSync(
      sheet,
      await xlsx([
        ['一级编码', '一级名称', '二级编码', '二级名称', '三级编码', '三级名称', '职能部门事项', '存在争议'],
        ['01', '城乡建设', '0101', '市容环境', '010101', '占道经营', '', ''],
        ['', '', '', '', '010102', '违法建设', '', '也许'],
        ['', '', '0102', '市政设施', '020201', '道路破损', '', ''],
        ['02', '市场监管', '0201', '', '', '', '是', ''],
      ]),
    );
    const r = await hotline(['city', 'matters', 'import', dir, sheet]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第 3 行 H（存在争议）：“也许”不是“是”或“否”');
    expect(r.stderr).toContain('第 4 行 E（三级编码）：编码 020201 没有以上级“市政设施”的编码 0102 开头');
    expect(r.stderr).toContain('第 5 行 D（二级名称）：编码 0201 没有名称');
    expect(readFileSync(join(dir, 'matters.json'), 'utf8')).toBe(before);
  });

  it('refuses a sheet without the standard columns, and a table the pack would refuse', async () => {
    const dir = packCopy();
    const csv = join(dir, '..', 'other.csv');
    writeFileSync(csv, '事项,部门\n占道经营,城管\n');
    const r = await hotline(['city', 'matters', 'import', dir, csv]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第 1 行 表头：找不到表头');

    // A redirect category names a matter the new table no longer has: the pack check refuses it.
    const version = join(dir, 'versions', '2025.json');
    const v = JSON.parse(readFileSync(version, 'utf8'));
    v.redirectCategories[0].matters = ['010101'];
    writeFileSync(version, JSON.stringify(v));
    writeFileSync(csv, '编码,名称,上级编码\n09,其他,\n');
    const refused = await hotline(['city', 'matters', 'import', dir, csv]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/versions\/2025\.json at \/redirectCategories\/0\/matters\/0: matter 010101 is not in matters\.json/);
    expect(mattersOf(dir).matters[0].label).toBe('城乡建设');
  });
});
