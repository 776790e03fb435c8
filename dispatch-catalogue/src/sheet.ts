// The catalogue as the centres keep it: one spreadsheet row per entry, in these columns. The code columns
// are what counts on import; the name columns are there for people and are filled in on export.
import type { CatalogueEntry } from './entry';
import type { EntryField, EntryIssue, NumberedEntry } from './validate';

interface SheetColumn {
  header: string;
  /** The entry field the column carries on import; a name column carries none. */
  field?: EntryField;
  width: number;
}

export const SHEET_COLUMNS: readonly SheetColumn[] = [
  { header: '诉求事项编码', field: 'matter', width: 14 },
  { header: '诉求事项', width: 36 },
  { header: '区划编码', field: 'place', width: 22 },
  { header: '区划', width: 16 },
  { header: '主办单位编码', field: 'leadUnit', width: 22 },
  { header: '主办单位', width: 22 },
  { header: '协办单位编码', field: 'assistingUnits', width: 30 },
  { header: '权责清单事项/依据', field: 'basis', width: 40 },
  { header: '生效日期', field: 'effectiveFrom', width: 12 },
  { header: '失效日期', field: 'effectiveTo', width: 12 },
];

/** Several assisting units in one cell: 、 as the spreadsheets write them (commas and semicolons also read). */
export const UNIT_SEPARATOR = '、';
const UNIT_SPLIT = /[、,，;；\s]+/;

const letterOf = (index: number): string => String.fromCharCode('A'.charCodeAt(0) + index);

/** "C（区划编码）": the column of a field as a person finds it in the spreadsheet. */
export function sheetColumnOf(field: EntryField): string {
  const index = SHEET_COLUMNS.findIndex((c) => c.field === field);
  return `${letterOf(index)}（${SHEET_COLUMNS[index]?.header}）`;
}

/** One row of cell texts (trimmed; dates as YYYY-MM-DD), with its spreadsheet row number (the header is row 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** The header row and the data rows as entries; the rows whose cells are all empty are skipped. */
export function entriesOfSheet(header: SheetRow | undefined, rows: readonly SheetRow[]): { entries: NumberedEntry[]; issues: EntryIssue[] } {
  const issues: EntryIssue[] = [];
  SHEET_COLUMNS.forEach((column, index) => {
    const found = header?.cells[index] ?? '';
    if (found !== column.header) {
      issues.push({ row: header?.row ?? 1, column: `${letterOf(index)}（${column.header}）`, messageZh: `第 1 行应为表头，此列应为“${column.header}”${found ? `，实为“${found}”` : '，实为空'}` });
    }
  });
  if (issues.length > 0) return { entries: [], issues };
  const cell = (row: SheetRow, field: EntryField) => row.cells[SHEET_COLUMNS.findIndex((c) => c.field === field)] ?? '';
  const entries = rows
    .filter((row) => row.cells.some((c) => c !== ''))
    .map((row) => ({
      row: row.row,
      entry: {
        matter: cell(row, 'matter'),
        place: cell(row, 'place') || null,
        leadUnit: cell(row, 'leadUnit'),
        assistingUnits: cell(row, 'assistingUnits').split(UNIT_SPLIT).filter(Boolean),
        basis: cell(row, 'basis'),
        effectiveFrom: cell(row, 'effectiveFrom'),
        effectiveTo: cell(row, 'effectiveTo') || null,
      } satisfies CatalogueEntry,
    }));
  return { entries, issues };
}

export interface EntryNames {
  matterLabel: string;
  placeName: string | null;
  leadUnitName: string;
}

/** The cells of an entry, in SHEET_COLUMNS order. */
export function sheetRowOf(entry: CatalogueEntry, names: EntryNames): string[] {
  return [
    entry.matter,
    names.matterLabel,
    entry.place ?? '',
    names.placeName ?? '全市',
    entry.leadUnit,
    names.leadUnitName,
    entry.assistingUnits.join(UNIT_SEPARATOR),
    entry.basis,
    entry.effectiveFrom,
    entry.effectiveTo ?? '',
  ];
}
