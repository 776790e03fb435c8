// A matter taxonomy (诉求事项分类) as the table provincial standards publish it, and back: either one
// code and one name column per level (一级编码/一级名称/二级编码/二级名称 …, blank upper cells taken
// from the row above, as merged cells read), or 编码/名称/上级编码; optional yes/no columns
// 职能部门事项 and 存在争议. Pure: rows of text in, matters.json out; the reading of xlsx/CSV is in
// ./matters-file.ts.
import type { MatterNode, MatterTaxonomyFile } from '@hotline/rules';

/** A bad cell: the sheet's row number (1 = first row) and its column, as "C（二级编码）". */
export interface TableIssue {
  row: number;
  column: string;
  /** In Chinese: the people who keep the spreadsheet read it. */
  message: string;
}

export type TableResult = { ok: true; matters: MatterNode[] } | { ok: false; issues: TableIssue[] };

const LEVELS = ['一', '二', '三', '四', '五', '六'] as const;
const LEVEL_HEADER = /^([一二三四五六])级(?:分类|事项)?(编码|代码|名称)$/;
const FLAG_HEADERS = {
  functional: ['职能部门事项', '职能部门', '是否职能部门事项'],
  disputed: ['存在争议', '争议事项', '是否存在争议'],
} as const;
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×']);

/** Column letters as a spreadsheet names them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const normalise = (cell: string | undefined) => (cell ?? '').replace(/\s+/g, '');

interface Header {
  /** Row index (0-based) of the header. */
  at: number;
  names: string[];
  levels: Array<{ code: number; name: number }>;
  flat: { code: number; name: number; parent: number } | null;
  functional: number;
  disputed: number;
}

function readHeader(rows: readonly string[][]): Header | null {
  const at = rows.findIndex((r) => r.some((c) => normalise(c) !== ''));
  if (at < 0) return null;
  const names = rows[at]!.map(normalise);
  const find = (...candidates: readonly string[]) => names.findIndex((n) => candidates.includes(n));
  const levels: Array<{ code: number; name: number }> = [];
  names.forEach((n, i) => {
    const m = LEVEL_HEADER.exec(n);
    if (!m) return;
    const level = LEVELS.indexOf(m[1] as (typeof LEVELS)[number]);
    levels[level] ??= { code: -1, name: -1 };
    levels[level]![m[2] === '名称' ? 'name' : 'code'] = i;
  });
  const code = find('编码', '事项编码', '分类编码');
  const name = find('名称', '事项名称', '分类名称');
  const parent = find('上级编码', '父级编码', '上级分类编码');
  const flat = code >= 0 && name >= 0 && parent >= 0 ? { code, name, parent } : null;
  const complete = levels.length > 0 && [...levels].every((l) => l !== undefined && l.code >= 0 && l.name >= 0);
  if (!flat && !complete) return null;
  return { at, names, levels: flat ? [] : levels, flat, functional: find(...FLAG_HEADERS.functional), disputed: find(...FLAG_HEADERS.disputed) };
}

/** matters.json's tree from the rows of a sheet (every cell as text). */
export function mattersFromTable(rows: readonly string[][]): TableResult {
  const issues: TableIssue[] = [];
  const header = readHeader(rows);
  if (!header) {
    return {
      ok: false,
      issues: [{ row: 1, column: '表头', message: '找不到表头：需要“一级编码、一级名称、二级编码、二级名称……”各列，或“编码、名称、上级编码”三列' }],
    };
  }
  const column = (i: number) => `${columnLetter(i)}（${rows[header.at]![i]?.trim() ?? ''}）`;
  const report = (rowIndex: number, col: number, message: string) => issues.push({ row: rowIndex + 1, column: column(col), message });

  const nodes = new Map<string, { node: MatterNode; row: number; nameCol: number }>();
  const roots: MatterNode[] = [];
  const childrenOf = (parent: MatterNode | null) => (parent ? (parent.children ??= []) : roots);

  /** The class with this code: found, or added under its parent; null when the row is wrong. */
  const place = (r: number, codeCol: number, nameCol: number, code: string, name: string, parent: MatterNode | null): MatterNode | null => {
    if (!/^\d+$/.test(code)) {
      report(r, codeCol, `编码“${code}”只能由数字组成`);
      return null;
    }
    if (parent && !(code.startsWith(parent.code) && code.length > parent.code.length)) {
      report(r, codeCol, `编码 ${code} 没有以上级“${parent.label}”的编码 ${parent.code} 开头`);
      return null;
    }
    const known = nodes.get(code);
    if (known) {
      if (name !== '' && name !== known.node.label) report(r, nameCol, `编码 ${code} 在第 ${known.row} 行名为“${known.node.label}”，此处却是“${name}”`);
      return known.node;
    }
    if (name === '') {
      report(r, nameCol, `编码 ${code} 没有名称`);
      return null;
    }
    const node: MatterNode = { code, label: name };
    nodes.set(code, { node, row: r + 1, nameCol });
    childrenOf(parent).push(node);
    return node;
  };

  const flag = (r: number, col: number): boolean | undefined | null => {
    if (col < 0) return undefined;
    const value = normalise(rows[r]![col]).toLowerCase();
    if (value === '') return undefined;
    if (YES.has(value)) return true;
    if (NO.has(value)) return false;
    report(r, col, `“${rows[r]![col]!.trim()}”不是“是”或“否”`);
    return null;
  };
  const mark = (r: number, node: MatterNode) => {
    const functional = flag(r, header.functional);
    const disputed = flag(r, header.disputed);
    if (functional !== undefined && functional !== null) node.functional = functional;
    if (disputed !== undefined && disputed !== null) node.disputed = disputed;
  };

  const body = rows.map((cells, r) => ({ cells, r })).slice(header.at + 1).filter(({ cells }) => cells.some((c) => normalise(c) !== ''));

  if (header.flat) {
    const { code: codeCol, name: nameCol, parent: parentCol } = header.flat;
    const byCode = new Map<string, number>();
    for (const { cells, r } of body) {
      const code = normalise(cells[codeCol]);
      if (code === '') report(r, codeCol, '编码为空');
      else if (byCode.has(code)) report(r, codeCol, `编码 ${code} 与第 ${byCode.get(code)! + 1} 行重复`);
      else byCode.set(code, r);
    }
    // Parents before children, whatever the order of the rows.
    const added = new Set<string>();
    const add = (code: string, trail: Set<string>): MatterNode | null => {
      const r = byCode.get(code)!;
      const cells = rows[r]!;
      const parentCode = normalise(cells[parentCol]);
      let parent: MatterNode | null = null;
      if (parentCode !== '') {
        if (!byCode.has(parentCode)) {
          report(r, parentCol, `上级编码 ${parentCode} 不在表中`);
          return null;
        }
        if (trail.has(parentCode)) {
          report(r, parentCol, `上级编码 ${parentCode} 构成循环`);
          return null;
        }
        parent = added.has(parentCode) ? nodes.get(parentCode)!.node : add(parentCode, new Set([...trail, code]));
        if (!parent) return null;
      }
      if (added.has(code)) return nodes.get(code)?.node ?? null;
      added.add(code);
      const node = place(r, codeCol, nameCol, code, (cells[nameCol] ?? '').trim(), parent);
      if (node) mark(r, node);
      return node;
    };
    for (const code of byCode.keys()) if (!added.has(code)) add(code, new Set([code]));
  } else {
    const previous: Array<MatterNode | null> = [];
    for (const { cells, r } of body) {
      const deepest = header.levels.reduce((d, l, i) => (normalise(cells[l.code]) !== '' ? i : d), -1);
      if (deepest < 0) {
        report(r, header.levels[0]!.code, '这一行没有任何编码');
        continue;
      }
      let parent: MatterNode | null = null;
      let node: MatterNode | null = null;
      for (let level = 0; level <= deepest; level++) {
        const { code: codeCol, name: nameCol } = header.levels[level]!;
        const code = normalise(cells[codeCol]);
        if (code === '') {
          // A blank upper cell continues the row above (a merged cell in the sheet).
          node = previous[level] ?? null;
          if (!node) {
            report(r, codeCol, `${LEVELS[level]}级编码为空，上面也没有可沿用的${LEVELS[level]}级分类`);
            break;
          }
        } else {
          node = place(r, codeCol, nameCol, code, (cells[nameCol] ?? '').trim(), parent);
          if (!node) break;
        }
        previous[level] = node;
        parent = node;
      }
      if (!node) continue;
      previous.length = deepest + 1; // a deeper class of an earlier row does not carry past this one
      mark(r, node);
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, matters: roots };
}

/** The taxonomy as one row per class, in the level-column shape (the header row first). */
export function tableFromMatters(file: Pick<MatterTaxonomyFile, 'matters'>): string[][] {
  const depthOf = (nodes: readonly MatterNode[]): number => Math.max(0, ...nodes.map((n) => 1 + depthOf(n.children ?? [])));
  const depth = Math.max(1, depthOf(file.matters));
  const header = [...LEVELS.slice(0, depth).flatMap((l) => [`${l}级编码`, `${l}级名称`]), FLAG_HEADERS.functional[0], FLAG_HEADERS.disputed[0]];
  const rows: string[][] = [header];
  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? '是' : '否');
  const visit = (nodes: readonly MatterNode[], path: MatterNode[]) => {
    for (const node of nodes) {
      const line = [...path, node];
      const cells = Array.from({ length: depth }, (_, i) => (line[i] ? [line[i]!.code, line[i]!.label] : ['', ''])).flat();
      rows.push([...cells, yesNo(node.functional), yesNo(node.disputed)]);
      visit(node.children ?? [], line);
    }
  };
  visit(file.matters, []);
  return rows;
}

/** matters.json's text: the file's fields, then one line per class without children. */
export function mattersJson(file: MatterTaxonomyFile): string {
  const { matters, ...about } = file;
  const pairs = (o: object) => Object.entries(o).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const lines = (nodes: readonly MatterNode[], indent: string): string[] =>
    nodes.flatMap((node, i) => {
      const comma = i < nodes.length - 1 ? ',' : '';
      const { children, ...own } = node;
      if (!children || children.length === 0) return [`${indent}{${pairs(own).join(', ')}}${comma}`];
      return [`${indent}{${pairs(own).join(', ')}, "children": [`, ...lines(children, `${indent}  `), `${indent}]}${comma}`];
    });
  return ['{', ...pairs(about).map((p) => `  ${p},`), '  "matters": [', ...lines(matters, '    '), '  ]', '}', ''].join('\n');
}
