// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- svg-to-pdfkit has no types; packages that compile the server from source (bench, cli) see the declaration through this line
/// <reference path="../../types/svg-to-pdfkit.d.ts" />
// 周报 and 月报 (Tianjin 2024 §28 定期形成数据分析报告, Turpan §30 工作简报) as documents: an xlsx workbook
// (exceljs, as the 通报) and a PDF (pdfkit, with the Chinese font the machine has; charts drawn by
// echarts' server-side SVG renderer and placed with svg-to-pdfkit). Counts, rates, matters, places and
// units only: a briefing never holds a caller's name or phone.
import ExcelJS from 'exceljs';
import * as echarts from 'echarts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Dashboard } from './analysis.service';

/** The Chinese font of the PDF (Debian's fonts-wqy-microhei, installed by scripts/setup.sh). */
export const BRIEFING_FONT = process.env.BRIEFING_FONT ?? '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const FONT_FAMILY = 'WenQuanYi Micro Hei';

export interface BriefingDocument {
  /** 周报, 月报, or 数据分析报告 for a period asked for. */
  label: string;
  dashboard: Dashboard;
  /** When it was produced, as the city reads it (YYYY-MM-DD HH:mm). */
  producedAt: string;
}

export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const change = (now: number, before: number): string => (before === 0 ? '—' : `${now >= before ? '+' : ''}${(((now - before) / before) * 100).toFixed(1)}%`);

/** The briefing's sections as rows of text: the workbook and the PDF print the same. */
export function briefingSections(doc: BriefingDocument): Array<{ title: string; header: string[]; rows: Array<Array<string | number>> }> {
  const d = doc.dashboard;
  const t = d.totals;
  const scope = d.units === null ? '全市' : d.units.map((u) => u.name).join('、');
  return [
    {
      title: '概况',
      header: ['项目', '数值'],
      rows: [
        ['统计范围', d.district ? `${scope}（${d.district.name}）` : scope],
        ['统计期间', `${d.from} 至 ${d.to}`],
        ['工单总量', t.tickets],
        ['上期工单量', `${t.previous}（${d.previousFrom} 至 ${d.previousTo}）`],
        ['环比', change(t.tickets, t.previous)],
        ['已办结', t.closed],
        ['办理中', t.open],
        ['派至承办单位', t.dispatched],
        ['按时签收率', percent(t.acceptOnTimeRate)],
        ['按时办结率', percent(t.completeOnTimeRate)],
        ['满意率', percent(t.satisfactionRate)],
        ['已评价工单', t.rated],
      ],
    },
    { title: '按诉求类型', header: ['类型', '工单量'], rows: d.byType.map((s) => [s.label, s.total]) },
    { title: '按受理渠道', header: ['渠道', '工单量'], rows: d.byChannel.map((s) => [s.label, s.total]) },
    { title: '按区域', header: ['区域', '工单量'], rows: d.byDistrict.map((b) => [b.label, b.count]) },
    { title: '按承办单位', header: ['承办单位', '工单量'], rows: d.byUnit.map((b) => [b.label, b.count]) },
    { title: '热点事项（较上期增长最多）', header: ['诉求事项', '本期', '上期', '增加'], rows: d.hotMatters.map((r) => [r.label, r.count, r.previous, r.rise]) },
    { title: '热点区域（较上期增长最多）', header: ['区域', '本期', '上期', '增加'], rows: d.hotPlaces.map((r) => [r.label, r.count, r.previous, r.rise]) },
    { title: '敏感事项监测', header: ['敏感事项', '本期', '上期', '未办结'], rows: d.sensitive.map((s) => [s.label, s.count, s.previous, s.open]) },
    {
      title: `集中反映事项（同一地点同一事项 ${d.thresholds.concentratedMin} 件及以上）`,
      header: ['诉求事项', '地点', '工单量', '敏感'],
      rows: d.concentrated.map((c) => [c.matterLabel, c.placeLabel, c.count, c.sensitive ? '是' : '否']),
    },
  ];
}

export function briefingTitle(doc: BriefingDocument): string {
  return `${doc.dashboard.cityName} 12345 热线 ${doc.label}`;
}

export async function briefingWorkbook(doc: BriefingDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '12345 热线平台';
  for (const [i, section] of briefingSections(doc).entries()) {
    const ws = workbook.addWorksheet(section.title.replace(/[（(].*$/, '').slice(0, 31));
    if (i === 0) {
      ws.addRow([briefingTitle(doc)]).font = { bold: true, size: 14 };
      ws.addRow(['生成时间', doc.producedAt]);
      ws.addRow([]);
    } else {
      ws.addRow([section.title]).font = { bold: true };
    }
    ws.addRow(section.header).font = { bold: true };
    for (const row of section.rows) ws.addRow(row);
    if (section.rows.length === 0) ws.addRow(['本期无']);
    ws.columns.forEach((column, c) => {
      column.width = c === 0 ? 36 : 16;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An echarts chart as SVG text (server-side rendering, no DOM). */
export function chartSvg(option: echarts.EChartsOption, width = 500, height = 220): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function briefingCharts(d: Dashboard): string[] {
  return [
    chartSvg({
      title: { text: '工单量走势', left: 'center', textStyle: { fontSize: 13 } },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: d.buckets.map((b) => b.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', data: d.volume.data, name: '工单量' }],
    }),
    chartSvg({
      title: { text: '按诉求类型', left: 'center', textStyle: { fontSize: 13 } },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: d.byType.map((s) => s.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: d.byType.map((s) => s.total), label: { show: true, position: 'top' } }],
    }),
  ];
}

export function briefingPdf(doc: BriefingDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 50, info: { Title: briefingTitle(doc), Creator: '12345 热线平台' } });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.registerFont('zh', BRIEFING_FONT, 'WenQuanYiMicroHei');
    pdf.font('zh');
    pdf.fontSize(18).text(briefingTitle(doc), { align: 'center' });
    pdf.fontSize(10).fillColor('#666').text(`统计期间 ${doc.dashboard.from} 至 ${doc.dashboard.to}　生成时间 ${doc.producedAt}`, { align: 'center' });
    pdf.fillColor('black').moveDown();
    for (const svg of briefingCharts(doc.dashboard)) {
      if (pdf.y > 560) pdf.addPage();
      SVGtoPDF(pdf, svg, 50, pdf.y, { width: 495, height: 218, fontCallback: () => 'zh' });
      pdf.y += 225;
    }
    for (const section of briefingSections(doc)) {
      if (pdf.y > 700) pdf.addPage();
      pdf.moveDown(0.5).fontSize(13).text(section.title);
      pdf.fontSize(10);
      const widths = section.header.length === 2 ? [300, 150] : [220, 80, 80, 80];
      const line = (cells: Array<string | number>) => {
        if (pdf.y > 760) pdf.addPage();
        const y = pdf.y;
        let x = 50;
        cells.forEach((cell, i) => {
          pdf.text(String(cell), x, y, { width: (widths[i] ?? 80) - 6, lineBreak: false, ellipsis: true });
          x += widths[i] ?? 80;
        });
        pdf.x = 50;
        pdf.y = y + 15;
      };
      pdf.fillColor('#333');
      line(section.header);
      pdf.fillColor('black');
      for (const row of section.rows) line(row);
      if (section.rows.length === 0) line(['本期无']);
    }
    pdf.end();
  });
}
