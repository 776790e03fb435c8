// The shipped packs with their forms, unit and place lists as the server's database would give them, and one
// valid submission of every form of every city (for a complaint of general urgency).
import { join } from 'node:path';
import { readPackFolder, SHIPPED_PACKS_DIR } from '@hotline/cities';
import { type CityPack, type PackFile, validatePack } from '@hotline/rules';
import { type FormContext, type FormFile, packForms, resolveForm, type ResolvedForm } from '../src/index';

export const CITIES = ['tianjin', 'hangzhou', 'turpan'] as const;
export type City = (typeof CITIES)[number];

export const UNITS = [
  { key: 'u-water', label: '市水务局' },
  { key: 'u-housing', label: '市住房和城乡建设委员会' },
  { key: 'u-district', label: '和平区人民政府' },
];

export const PLACES = [
  { key: 'heping', label: '和平区' },
  { key: 'heping.quanyechang', label: '和平区 › 劝业场街道' },
];

export interface Shipped {
  files: PackFile[];
  pack: CityPack;
  forms: Record<string, FormFile>;
}

export function packOf(files: PackFile[]): CityPack {
  const result = validatePack(files);
  if (!result.ok) throw new Error(`fixture pack is invalid: ${JSON.stringify(result.issues)}`);
  return result.pack;
}

const cache = new Map<string, Shipped>();
export function shipped(city: City): Shipped {
  let s = cache.get(city);
  if (!s) {
    const files = readPackFolder(join(SHIPPED_PACKS_DIR, city));
    s = { files, pack: packOf(files), forms: packForms(files) };
    cache.set(city, s);
  }
  return s;
}

/** The context of a task on a general complaint, with units; `extra` overrides. */
export function complaint(city: City, extra: Partial<FormContext> = {}): FormContext {
  return {
    pack: shipped(city).pack,
    units: UNITS,
    places: PLACES,
    ticket: { type: 'complaint', urgency: 'general' },
    reworksSoFar: 0,
    extensionsSoFar: { count: 0 },
    ...extra,
  };
}

export function resolved(city: City, form: string, extra: Partial<FormContext> = {}): ResolvedForm {
  const file = shipped(city).forms[form];
  if (!file) throw new Error(`${city} has no form ${form}`);
  return resolveForm(file, complaint(city, extra));
}

const AT = '2026-03-02T10:00:00+08:00';
const LONG = '经现场核查，反映的供暖温度不达标问题属实，已督促供热单位调整管网压力，室温已恢复至18℃以上。';

/** One valid submission per city and form, for `complaint(city)`. */
export const VALID: Record<City, Record<string, Record<string, unknown>>> = {
  tianjin: {
    register: {
      channel: 'phone', ticketType: 'complaint', matter: '130401', urgency: 'general', summary: '小区供暖温度不达标',
      content: '诉求人反映和平区某小区近一周室内温度不足16℃。', place: 'heping.quanyechang', contactNeeded: true, callerName: '张先生', callerPhone: '13812345678',
    },
    classify: { outcome: 'redirect', redirectCategory: 'secretsPrivacy', toldCaller: '您了解的内容涉及个人隐私，依法不能向您提供。' },
    dispatch: { mode: 'leadAndAssist', leadUnit: 'u-housing', assistingUnits: ['u-district'], designated: false },
    accept: { handler: '李明', handlerPhone: '022-23456789' },
    returnRequest: { reason: '供暖设施产权属于供热企业。', basis: '《天津市供热用热条例》第十条' },
    returnReview: { decision: 'reject', rejectionGround: 'statutoryDuty', opinion: '供热监管属于你单位职责。' },
    extensionRequest: { cause: 'complex', reason: '需协调供热企业更换管网阀门。', requestedPeriod: { amount: 5, unit: 'workingDay' } },
    extensionReview: { decision: 'approve', approvedPeriod: { amount: 5, unit: 'workingDay' } },
    reply: {
      policyBasis: '《天津市供热用热条例》', progress: '已完成管网调压。', result: LONG, process: '现场核查、约谈供热企业、复测室温。',
      contactedAt: AT, callerFeedback: '诉求人表示认可。',
    },
    completionReview: { decision: 'approve' },
    returnVisit: { visitedAt: AT, method: 'phone', handlingRating: 'dissatisfied', callerWords: '温度还是不够。', sendBack: true },
    rework: { process: '再次入户测温。', result: LONG, contactedAt: AT },
    supervisionNote: { trigger: 'overdue', means: 'written', opinion: '请于3个工作日内办结并反馈。', dueAt: AT },
    supervisionAnswer: { response: '已上门维修并告知诉求人。', measures: '约谈供热企业。', finishBy: '2026-03-05' },
    supervisionReview: { decision: 'reissue', opinion: '反馈未说明复测结果。', newDue: AT },
    dutyStatement: { explanation: '已按规定时限入户测温并调整供热参数。', evidence: '测温记录 CW-0301，入户照片 2 张' },
    dutyStatementReview: { decision: 'accept', opinion: '处置及时，确已尽责。' },
    filingReview: { decision: 'refuse', opinion: '可先临时采取保暖措施。' },
    answerLater: { answerOutcome: 'answered', answer: '供暖收费标准按知识库口径答复。', calledBackAt: AT },
    extensionNotice: { informedAt: AT, informedHow: 'phone', told: '已协调供热企业更换阀门，延期5个工作日办结。' },
  },
  hangzhou: {
    register: {
      channel: 'app', ticketType: 'complaint', matter: '040102', urgency: 'general', summary: '餐馆油烟扰民',
      content: '诉求人反映某餐馆油烟直排。', place: 'heping', respondent: '西湖区某某餐馆',
    },
    classify: { outcome: 'dispatch' },
    dispatch: { mode: 'single', unit: 'u-district' },
    accept: { handler: '王芳' },
    returnRequest: { reason: '油烟监管属于生态环境部门。', basis: '《大气污染防治法》第八十一条', suggestedUnit: 'u-water' },
    returnReview: { decision: 'shared', assistingUnits: ['u-water'] },
    extensionRequest: { reason: '需第三方检测。', requestedPeriod: { amount: 7, unit: 'workingDay' }, progress: '已委托检测机构。' },
    extensionReview: { decision: 'reject', opinion: '检测可在原期限内完成。' },
    reply: {
      verified: 'partly', investigation: '现场检查发现净化器未开启。', investigatedAt: AT, investigationMethod: '现场核查',
      opinion: '责令餐馆整改，3日内复查。', responder: '赵工', repliedAt: AT, callerSatisfaction: 'basicallySatisfied',
    },
    completionReview: { decision: 'reject', opinion: '未说明复查结果。' },
    returnVisit: { visitedAt: AT, method: 'phone', handlingRating: 'dissatisfied', callerWords: '油烟依旧。', verification: '回访核实仍有油烟。', redo: true },
    rework: { process: '复查并立案。', result: LONG, contactedAt: AT, callerFeedback: '认可。' },
    supervisionNote: { trigger: 'repeatedlyDispatched', measures: ['reviewFiles', 'convene'], opinion: '请说明未按时办理原因。' },
    supervisionAnswer: { response: '已责令餐馆整改。' },
    supervisionReview: { decision: 'escalate', opinion: '请单位负责人说明。' },
    answerLater: { answerOutcome: 'dispatch', notAnswerableReason: '知识库无相关口径，需职能部门答复。' },
    extensionNotice: { informedAt: AT, informedHow: 'sms', told: '检测需延期，预计7个工作日内办结。', callerResponse: '理解。' },
  },
  turpan: {
    register: { channel: 'miniProgram', ticketType: 'complaint', matter: '020102', urgency: 'general', summary: '超市销售过期食品', content: '诉求人反映某超市销售过期牛奶。', place: 'heping' },
    classify: { outcome: 'directAnswer', answer: '可向市场监督管理部门投诉。' },
    dispatch: { mode: 'split', units: ['u-water', 'u-district'] },
    accept: { handler: '艾力' },
    returnRequest: { reason: '不属于本单位职责。', basis: '三定方案' },
    returnReview: { decision: 'approve' },
    extensionRequest: { reason: '需抽检送样。', requestedPeriod: { amount: 15, unit: 'workingDay' } },
    extensionReview: { decision: 'approve', approvedPeriod: { amount: 10, unit: 'workingDay' }, callerInformed: true },
    reply: {
      handledAt: AT, handlingUnit: 'u-water', handler: '艾力', result: '已对超市立案调查。', legalBasis: '《食品安全法》第一百二十四条',
      callerReply: '2026-03-02 电话告知诉求人立案情况。',
      caseFiling: { decision: 'filed', caseNumber: '吐市监立〔2026〕12号', filingDate: '2026-03-01' },
    },
    completionReview: { decision: 'approve', checks: ['itemsListed', 'positiveResponse', 'caseFilingStated'] },
    returnVisit: {
      visitedAt: AT, method: 'sms', serviceRating: 'satisfied', handlingRating: 'veryDissatisfied', callerWords: '处罚太轻。',
      dissatisfactionReason: '诉求人期望从重处罚。',
    },
    rework: {
      category: 'dutyPerformed', dutyStatement: 'ATT-2026-0012', explainedToCaller: '已说明处罚依据。', process: '复核处罚依据。',
      result: '处罚符合法定幅度。', contactedAt: AT,
    },
    supervisionNote: { trigger: 'overdue', opinion: '请尽快办结。', referToDiscipline: false },
    supervisionAnswer: { response: '已立案调查。' },
    supervisionReview: { decision: 'close' },
    dutyStatement: {
      explanation: '处罚符合法定幅度，已向诉求人说明。', evidence: 'ATT-2026-0013', signedBy: '王局长', signedOn: '2026-03-06', explainedToCaller: '已电话说明处罚依据。',
    },
    dutyStatementReview: { decision: 'reject', opinion: '未说明对过期食品的后续抽检。' },
    answerLater: { answerOutcome: 'answered', answer: '可向市场监督管理部门投诉。', calledBackAt: AT, knowledgeRef: 'KB-0012' },
    extensionNotice: { informedAt: AT, informedHow: 'visit', told: '抽检送样需延期，办结后告知结果。' },
  },
};
