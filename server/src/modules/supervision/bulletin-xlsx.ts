// The 通报 (Tianjin 2015 §24) as an xlsx workbook: centres circulate it as a spreadsheet. exceljs (already
// the catalogue's) writes real xlsx. The sheet says which city and which period it covers; it holds units,
// counts and ticket numbers — never a caller's name or phone.
import ExcelJS from 'exceljs';
import { formatLocalDate, parseLocalDate } from '@hotline/rules';
import type { BulletinEntry } from './supervision-orders.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const BULLETIN_SHEET = '通报';
/** The columns, in order (the portal's 通报 tab shows the same). */
export const BULLETIN_COLUMNS = ['承办单位', '单位编码', '督办单', '逾期未反馈', '超期工单', '多次督办工单', '涉及工单'] as const;

export interface BulletinSheet {
  cityName: string;
  from: string;
  to: string;
  /** How the period was chosen: 按周, 按月, or the dates given. */
  periodLabel: string;
  repeatedFrom: number;
  source: string;
  /** When it was produced, as the city reads it (YYYY-MM-DD HH:mm). */
  producedAt: string;
  items: BulletinEntry[];
}

export async function bulletinWorkbook(sheet: BulletinSheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '12345 热线平台';
  const ws = workbook.addWorksheet(BULLETIN_SHEET);
  ws.addRow([`${sheet.cityName} 12345 热线 督办通报`]).font = { bold: true, size: 14 };
  ws.addRow(['城市', sheet.cityName]);
  ws.addRow(['通报期间', `${sheet.from} 至 ${sheet.to}`, sheet.periodLabel]);
  ws.addRow(['多次督办', `同一工单督办 ${sheet.repeatedFrom} 次及以上`, sheet.source]);
  ws.addRow(['生成时间', sheet.producedAt]);
  ws.addRow([]);
  const header = ws.addRow([...BULLETIN_COLUMNS]);
  header.font = { bold: true };
  for (const e of sheet.items) ws.addRow([e.unit.name, e.unit.code, e.orders, e.overdueOrders, e.overdueTickets, e.repeatedTickets, e.tickets.join('、')]);
  if (sheet.items.length === 0) ws.addRow(['本期间没有需通报的承办单位']);
  ws.columns.forEach((column, i) => {
    column.width = [22, 24, 10, 12, 10, 14, 60][i] ?? 12;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type BulletinPeriod = 'week' | 'month';

/**
 * The local days of a 通报: the week (Monday to Sunday) or the calendar month holding `of`, or the
 * dates given. Null when neither a period nor both dates are given.
 */
export function bulletinDays(query: { from?: string | undefined; to?: string | undefined; period?: BulletinPeriod | undefined; of?: string | undefined }, today: string): { from: string; to: string; label: string } | null {
  if (query.period === undefined) return query.from !== undefined && query.to !== undefined ? { from: query.from, to: query.to, label: '自定义期间' } : null;
  const day = parseLocalDate(query.of ?? today) ?? (parseLocalDate(today) as number);
  if (query.period === 'week') {
    const monday = day - ((new Date(day * 86_400_000).getUTCDay() + 6) % 7);
    return { from: formatLocalDate(monday), to: formatLocalDate(monday + 6), label: '按周' };
  }
  const date = new Date(day * 86_400_000);
  const first = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86_400_000;
  const last = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / 86_400_000;
  return { from: formatLocalDate(first), to: formatLocalDate(last), label: '按月' };
}
