// Reading a matter table from an xlsx or CSV file, and writing a taxonomy to xlsx: the spreadsheets
// hotline centres keep. The table's meaning is in ./matters-table.ts.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { HotlineError, type MatterTaxonomyFile } from '@hotline/rules';
import { tableFromMatters } from './matters-table';

/** A cell as the text a person sees; a number keeps its digits (a code cell formatted as a number). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

/** The first sheet's rows of an xlsx file, every cell as text. */
export async function readXlsxRows(data: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer type, narrower than Node's generic one; the bytes are the same.
  await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows[number - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

/** The kinds of file a matter table comes in. */
export type MatterTableKind = 'xlsx' | 'csv';

/** A matter table's rows from the file's bytes: xlsx, or CSV in UTF-8 (with or without BOM). */
export async function readMatterTableBytes(data: Buffer, kind: MatterTableKind): Promise<string[][]> {
  if (kind === 'xlsx') return readXlsxRows(data);
  return parseCsv(data.toString('utf8'), { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
}

/** The rows of a matter table file by its extension: .xlsx or .csv. */
export async function readMatterTable(path: string): Promise<string[][]> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.csv') return readMatterTableBytes(readFileSync(path), ext === '.xlsx' ? 'xlsx' : 'csv');
  throw new HotlineError('MATTERS_FILE_TYPE', `${path}: a matter table is an .xlsx or .csv file`);
}

/** The taxonomy as an xlsx workbook (one sheet 诉求事项分类, codes stored as text). */
export async function mattersXlsx(file: Pick<MatterTaxonomyFile, 'matters'>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('诉求事项分类');
  const rows = tableFromMatters(file);
  sheet.addRows(rows);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  rows[0]!.forEach((header, i) => {
    const column = sheet.getColumn(i + 1);
    column.numFmt = '@'; // text, so that 01 stays 01 when someone edits the sheet
    column.width = header.endsWith('名称') ? 24 : 12;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
