// The catalogue as an xlsx workbook (centres keep it in spreadsheets), in the columns of SHEET_COLUMNS.
// exceljs reads and writes real xlsx (shared strings, dates, rich text) without native code.
import ExcelJS from 'exceljs';
import { type CatalogueEntry, type EntryNames, type SheetRow, SHEET_COLUMNS, sheetRowOf } from '@hotline/dispatch-catalogue';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEET_NAME = '派单目录';

/** A cell as text: dates as YYYY-MM-DD (xlsx dates carry no zone; exceljs gives them as UTC), rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    return '';
  }
  return String(value).trim();
}

/** The first sheet's header row and data rows; null when the bytes are not an xlsx workbook. */
export async function readCatalogueSheet(bytes: Buffer): Promise<{ header: SheetRow | undefined; rows: SheetRow[] } | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { header: undefined, rows: [] };
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    rows.push({ row: number, cells: SHEET_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value)) });
  });
  const header = rows[0]?.row === 1 ? rows.shift() : undefined;
  return { header, rows };
}

export async function writeCatalogueSheet(entries: ReadonlyArray<{ entry: CatalogueEntry; names: EntryNames }>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = SHEET_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const { entry, names } of entries) sheet.addRow(sheetRowOf(entry, names));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
