// Chinese labels for the pack vocabulary (keys stay English, ../../../shared/domain/RULES.md).
import type { CountFrom, PortalPage, RevealRule, RoleScope, TicketType, WorkingDayMode } from '@hotline/rules';
import type { PackStatus } from '../api';

// the stage and unit names the pack's own validation messages use too
export { STAGE_LABELS, UNIT_LABELS } from '@hotline/rules';

export const TICKET_TYPE_LABELS: Record<TicketType, string> = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '意见建议',
  praise: '表扬',
};

export const MODE_LABELS: Record<WorkingDayMode, string> = {
  'civil-code': '民法典计法（次日起算，第 N 个工作日 24 时止）',
  'same-time': '同一时刻（第 N 个工作日的同一时刻）',
  'office-hours': '办公时间（按办公时段累计）',
};

export const COUNT_FROM_LABELS: Record<CountFrom, string> = {
  registration: '登记受理时',
  dispatch: '派单时',
  receipt: '承办单位接收时',
  periodEnd: '当前期限届满时',
  designation: '指定承办时',
  reply: '承办单位反馈时',
  rating: '首次评价不满意时',
};

export const REDIRECT_ACTION_LABELS: Record<string, string> = {
  transfer: '转接（110/119/120 等）',
  tellChannel: '告知相应渠道',
  explain: '向诉求人解释',
  tellProgress: '告知办理进度或结果',
};

export const ROLE_SCOPE_LABELS: Record<RoleScope, string> = {
  centre: '热线工作机构',
  unit: '本单位',
  unitTree: '本单位及下级单位',
};

/** The portal's pages by the names its menu shows. */
export const PORTAL_PAGE_LABELS: Record<PortalPage, string> = {
  register: '受理登记',
  dispatch: '派单',
  reviews: '审核',
  returnVisits: '回访',
  supervision: '督办',
  catalogue: '派单目录',
  catalogueReview: '派单目录审核',
  supervisionOrders: '下达督办单',
  determinations: '定责',
  search: '工单查询',
  deliveries: '提醒发送情况',
  assessment: '考核',
  analysis: '数据分析',
};

/** When a role may see a caller's full name and number. */
export const REVEAL_RULE_LABELS: Record<RevealRule, string> = {
  never: '不可查看',
  withTask: '办理过该工单时可查看',
  scope: '职责范围内可查看',
};

export const STATUS_LABELS: Record<PackStatus, { text: string; color: string }> = {
  draft: { text: '草稿', color: 'orange' },
  validated: { text: '已校验', color: 'blue' },
  published: { text: '已发布', color: 'green' },
};

export const label = <K extends string>(labels: Record<K, string>, key: string): string => labels[key as K] ?? key;
