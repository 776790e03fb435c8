// A run's table as an xlsx workbook (exceljs, as the 通报): the city, the period, every unit's figures,
// total, grade and place; units and numbers only — no ticket content, no caller.
import ExcelJS from 'exceljs';
import type { AssessmentPlan } from '@hotline/rules';
import { figureText } from './assessment-appeal';
import type { ResultRow } from './assessment.service';

export async function assessmentWorkbook(sheet: { cityName: string; from: string; to: string; ruleVersion: string; plan: AssessmentPlan; rows: ResultRow[] }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '12345 热线平台';
  const ws = workbook.addWorksheet('考核结果');
  ws.addRow([`${sheet.cityName} 12345 热线 承办单位考核`]).font = { bold: true, size: 14 };
  ws.addRow(['城市', sheet.cityName]);
  ws.addRow(['考核期间', `${sheet.from} 至 ${sheet.to}`]);
  ws.addRow(['规则版本', sheet.ruleVersion]);
  ws.addRow([]);
  const categories = new Map((sheet.plan.categories ?? []).map((c) => [c.key, c.label]));
  const header = ws.addRow(['承办单位', '单位编码', ...(categories.size ? ['分类'] : []), ...sheet.plan.indicators.flatMap((i) => [i.label, `${i.label}得分`]), '总分', '等次', '排名']);
  header.font = { bold: true };
  for (const r of sheet.rows) {
    const figures = sheet.plan.indicators.flatMap((i) => {
      const f = r.figures.find((x) => x.key === i.key);
      return f ? [figureText(f) + (f.corrected ? '（申诉更正）' : ''), f.points] : ['', ''];
    });
    ws.addRow([r.unit_name, r.unit_code, ...(categories.size ? [r.category ? (categories.get(r.category) ?? r.category) : ''] : []), ...figures, Number(r.total), r.grade_label ?? '', r.rank]);
  }
  ws.columns.forEach((column, i) => {
    column.width = i === 0 ? 24 : 14;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
