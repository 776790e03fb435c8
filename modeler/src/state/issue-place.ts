// Where an issue is, in the editor's own words: `时限规则 第4行「时长」` instead of
// `versions/2025.json at /deadlines/3/period/amount`. The places are data: a pointer pattern
// (`*` is a list index, shown as the row number `{n}`) with the labels its editor shows.
import type { PackIssue } from '@hotline/rules';
import { parsePointer } from './json-pointer';

interface Place {
  /** A JSON pointer pattern; `*` matches one list index. */
  at: string;
  /** What the editor calls it; `{n}` is the (1-based) row of the last `*`. */
  label: string;
  /** Labels of the fields below it, by relative pointer (list indexes dropped: `types/1` is `types`). */
  fields?: Record<string, string>;
}

const SOURCED = { source: '依据条款', assumption: '假设说明', note: '备注' };
const PERIOD = { amount: '时长', unit: '单位' };

/** Fields of a period `{ amount, unit }` under `key`, as `key/amount` etc. */
const periodFields = (key: string, label: string): Record<string, string> => ({
  [key]: label,
  ...Object.fromEntries(Object.entries(PERIOD).map(([k, v]) => [`${key}/${k}`, `${label} · ${v}`])),
});

const VERSION_PLACES: Place[] = [
  {
    at: '/deadlines/*',
    label: '时限规则 第{n}行',
    fields: {
      stage: '阶段',
      types: '诉求类型',
      urgencies: '紧急程度',
      period: '时限',
      'period/amount': '时长',
      'period/unit': '单位',
      'period/mode': '工作日计法',
      countFrom: '起算时间',
      notAllowed: '不允许的原因',
      ...SOURCED,
    },
  },
  { at: '/deadlines', label: '时限规则' },
  { at: '/workingDayMode', label: '工作日计法' },
  { at: '/redirectCategories/*', label: '转办类别 第{n}项', fields: { key: '键', label: '名称', action: '处理方式', transferTo: '转接号码', script: '答复口径', ...SOURCED } },
  { at: '/redirectCategories', label: '转办类别' },
  { at: '/rating/levels/*', label: '评价等级 第{n}行', fields: { key: '键', label: '名称', triggersRework: '首次评价为此等级时重办' } },
  { at: '/rating/levels', label: '评价等级' },
  { at: '/rating', label: '评价', fields: { notRatedTypes: '不评价的类型', ...SOURCED } },
  {
    at: '/policies/extension',
    label: '办理政策「延期」',
    fields: { maxCount: '最多申请次数', ...periodFields('maxTotal', '累计延期上限'), ...periodFields('requestLeadTime', '至少提前申请'), lateRequestRefusal: '逾期申请时的拒绝理由', ...SOURCED },
  },
  {
    at: '/policies/return',
    label: '办理政策「退回」',
    fields: { approvedRestartsClock: '同意退回后重新派单并重新计时', rejectedRestartsClock: '不同意退回时重新计时', requiresSuggestedUnit: '退回须提出建议承办单位', ...periodFields('complexPeriod', '疑难复杂事项退回期限'), ...SOURCED },
  },
  { at: '/policies/designation', label: '办理政策「指定承办」', fields: { afterReturns: '退回几次后指定承办', designatedUnitMayReturn: '被指定单位可以退回', ...SOURCED } },
  { at: '/policies/rework', label: '办理政策「重办」', fields: { maxCount: '最多重办次数', extensionAllowed: '重办可以延期', countingRating: '以哪次评价为准', ...SOURCED } },
  { at: '/policies/multiUnit', label: '办理政策「多个承办单位」', fields: { modes: '方式', ...SOURCED } },
  { at: '/policies/completionReview', label: '办理政策「办结审核」', fields: { required: '承办单位答复须经中心审核后办结', ...SOURCED } },
  { at: '/policies', label: '办理政策' },
  { at: '/officeHours/periods/*', label: '办公时间 第{n}段', fields: { start: '开始', end: '结束' } },
  { at: '/officeHours', label: '办公时间', fields: SOURCED },
  { at: '/channels/*', label: '受理渠道 第{n}项', fields: { key: '键', label: '名称', ...SOURCED } },
  { at: '/supervisionTriggers/*', label: '督办情形 第{n}项', fields: { key: '键', label: '名称', ...SOURCED } },
  { at: '/documents/*', label: '法规文件 第{n}项', fields: { file: '文件', title: '标题', inForce: '施行时间', note: '备注' } },
  { at: '', label: '规则版本', fields: { id: '版本标识', name: '名称', effectiveFrom: '生效日期', effectiveTo: '失效日期', draft: '草案', documents: '法规文件', ...SOURCED } },
];

const CALENDAR_PLACES: Place[] = [
  { at: '/holidays/*', label: '放假日 第{n}行', fields: { date: '日期', name: '名称' } },
  { at: '/workdays/*', label: '调休上班日 第{n}行', fields: { date: '日期', name: '名称' } },
  { at: '', label: '日历', fields: { layer: '日历层', year: '年份', source: '通知名称（文号）', assumption: '假设说明', holidays: '放假日', workdays: '调休上班日' } },
];

const CITY_PLACES: Place[] = [
  { at: '/ticketTypes/*', label: '诉求类型 第{n}项', fields: { key: '键', label: '名称', ...SOURCED } },
  { at: '/urgencyClasses/*', label: '紧急程度 第{n}项', fields: { key: '键', label: '名称', ...SOURCED } },
  { at: '/calendarLayers/*', label: '日历层 第{n}项' },
  { at: '', label: '城市信息', fields: { id: '城市标识', name: '城市名称', utcOffset: '时区', calendarLayers: '日历层', ticketTypes: '诉求类型', urgencyClasses: '紧急程度' } },
];

const PLACES: Array<{ file: RegExp; places: Place[] }> = [
  { file: /(^|\/)versions\/[^/]+\.json$/, places: VERSION_PLACES },
  { file: /(^|\/)calendar\/[^/]+\.json$/, places: CALENDAR_PLACES },
  { file: /(^|\/)city\.json$/, places: CITY_PLACES },
];

const isIndex = (part: string) => /^\d+$/.test(part);

/** The place's label if `parts` start with its pattern, and the parts below it. */
function match(place: Place, parts: readonly string[]): { label: string; rest: string[] } | null {
  const pattern = parsePointer(place.at);
  if (parts.length < pattern.length) return null;
  let row: number | null = null;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*' ? !isIndex(parts[i]!) : pattern[i] !== parts[i]) return null;
    if (pattern[i] === '*') row = Number(parts[i]) + 1;
  }
  return { label: place.label.replace('{n}', String(row)), rest: parts.slice(pattern.length) };
}

/** The field's label: the longest known prefix of what is below the place, list indexes left out. */
function fieldLabel(place: Place, rest: readonly string[]): string | null {
  const named = rest.filter((p) => !isIndex(p));
  for (let n = named.length; n > 0; n--) {
    const label = place.fields?.[named.slice(0, n).join('/')];
    if (label !== undefined) return label;
  }
  return null;
}

/** `时限规则 第4行「时长」`, `评价等级`, or the file and pointer where the editors name no such place. */
export function issuePlace(file: string, pointer: string): string {
  const places = PLACES.find((p) => p.file.test(file))?.places;
  if (places === undefined || (pointer !== '' && !pointer.startsWith('/'))) return pointer ? `${file} 的 ${pointer}` : file;
  const parts = parsePointer(pointer);
  for (const place of places) {
    const hit = match(place, parts);
    if (hit === null) continue;
    if (hit.rest.length === 0) return hit.label;
    // a field the editor does not show (e.g. misspelt) keeps its own name
    return `${hit.label}「${fieldLabel(place, hit.rest) ?? hit.rest.join('/')}」`;
  }
  return pointer ? `${file} 的 ${pointer}` : file;
}

/** The message a person reads: the pack's Chinese where it has one. */
export const issueMessage = (issue: Pick<PackIssue, 'message' | 'messageZh'>): string => issue.messageZh ?? issue.message;

/** `时限规则 第4行「时长」：不能小于 1（现为 -3）` */
export const issueText = (issue: PackIssue): string => `${issuePlace(issue.file, issue.path)}：${issueMessage(issue)}`;
