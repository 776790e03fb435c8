import { describe, expect, it } from 'vitest';
import { formatIssue, PackValidationError, parsePack, validatePack, type PackFile } from '../src/index';
import { miniCalendar2026, miniCity, miniPackFiles, miniVersion } from './fixtures/mini-pack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function withVersion(edit: (v: Json) => void): PackFile[] {
  const v = miniVersion() as Json;
  edit(v);
  return miniPackFiles({ version: v });
}
function withCity(edit: (c: Json) => void): PackFile[] {
  const c = miniCity() as Json;
  edit(c);
  return miniPackFiles({ city: c });
}
function withCalendar(edit: (c: Json) => void): PackFile[] {
  const c = miniCalendar2026() as Json;
  edit(c);
  return miniPackFiles({ calendar: c });
}

/** A 75 % handling warning under the mini pack's only trigger. */
const warning = (overrides: Json = {}): Json => ({ key: 'handleLate', stage: 'handle', fraction: 0.75, label: '办理时限已过四分之三', trigger: 'overdue', source: 'mini-rules.txt §13', ...overrides });

/** A reminder of the handling warning to the unit's contact person. */
const reminder = (overrides: Json = {}): Json =>
  JSON.parse(JSON.stringify({ key: 'remind', on: 'warned', to: 'unitContact', channels: ['portal', 'sms'], title: '工单{ticket}', message: '工单{ticket}{label}，请于{due}前办结', source: 'mini-rules.txt §13', ...overrides }));

interface Case {
  kind: string;
  files: PackFile[];
  file: string;
  path: string;
  says: RegExp;
  /** The Chinese the modeler shows for the same issue. */
  zh: RegExp;
}

const cases: Case[] = [
  {
    kind: 'file that is not JSON',
    files: miniPackFiles().map((f) => (f.path === 'city.json' ? { ...f, text: '{\n  "id": "mini",\n  name: 1\n}' } : f)),
    file: 'city.json',
    path: '',
    says: /not valid JSON \(line 3, column 3\)/, zh: /不是有效的 JSON（第 3 行第 3 列）/,
  },
  { kind: 'missing city.json', files: miniPackFiles().filter((f) => f.path !== 'city.json'), file: 'city.json', path: '', says: /every pack needs a city\.json/, zh: /每个城市包都需要 city\.json/ },
  { kind: 'no rule version', files: miniPackFiles().filter((f) => !f.path.startsWith('versions/')), file: 'versions', path: '', says: /no rule version/, zh: /没有规则版本/ },
  {
    kind: 'an approved return keeping a handling period counted from receipt',
    files: withVersion((v) => { v.policies.return.approvedRestartsClock = false; }),
    file: 'versions/v1.json',
    path: '/deadlines/2/countFrom',
    says: /approvedRestartsClock is false: a re-dispatched ticket would have no start to keep/,
    zh: /同意退回后重新计时”为否/,
  },
  { kind: 'missing required field', files: withVersion((v) => delete v.deadlines), file: 'versions/v1.json', path: '/deadlines', says: /is missing \(required\)/, zh: /^必须填写$/ },
  { kind: 'misspelt field', files: withVersion((v) => { v.deadlines[1].perod = v.deadlines[1].period; delete v.deadlines[1].period; }), file: 'versions/v1.json', path: '/deadlines/1/perod', says: /not a field this file knows/, zh: /不是此文件中的字段/ },
  { kind: 'value outside an enumeration', files: withVersion((v) => { v.deadlines[1].period.unit = 'week'; }), file: 'versions/v1.json', path: '/deadlines/1/period/unit', says: /must be one of "minute", "hour", "day", "workingDay"; found "week"/, zh: /只能是 “minute”、“hour”、“day”、“workingDay” 之一（现为 “week”）/ },
  { kind: 'wrong type', files: withVersion((v) => { v.deadlines[1].period.amount = '1'; }), file: 'versions/v1.json', path: '/deadlines/1/period/amount', says: /must be integer; found string/, zh: /必须是整数（现为文字）/ },
  { kind: 'number below its minimum', files: withVersion((v) => { v.deadlines[1].period.amount = 0; }), file: 'versions/v1.json', path: '/deadlines/1/period/amount', says: /at least 1; found 0/, zh: /不能小于 1（现为 0）/ },
  { kind: 'source not cited as file §article', files: withVersion((v) => { v.deadlines[0].source = 'article 9'; }), file: 'versions/v1.json', path: '/deadlines/0/source', says: /must cite its source as/, zh: /依据须写成.*（现为 “article 9”）/ },
  { kind: 'date that does not exist', files: withVersion((v) => { v.effectiveFrom = '2026-02-30'; }), file: 'versions/v1.json', path: '/effectiveFrom', says: /real calendar date; found "2026-02-30"/, zh: /真实存在的日期（现为 “2026-02-30”）/ },
  { kind: 'rule with both a period and notAllowed', files: withVersion((v) => { v.deadlines[4].period = { amount: 1, unit: 'workingDay' }; v.deadlines[4].countFrom = 'periodEnd'; }), file: 'versions/v1.json', path: '/deadlines/4', says: /either a period with countFrom, or notAllowed/, zh: /要么给出时限和起算时间，要么给出不允许的原因/ },
  { kind: 'transfer without numbers', files: withVersion((v) => { delete v.redirectCategories[0].transferTo; }), file: 'versions/v1.json', path: '/redirectCategories/0/transferTo', says: /is missing/, zh: /必须填写/ },
  { kind: 'empty text', files: withVersion((v) => { v.redirectCategories[0].script = ''; }), file: 'versions/v1.json', path: '/redirectCategories/0/script', says: /must not be empty/, zh: /不能为空/ },
  { kind: 'urgency the city does not declare', files: withVersion((v) => { v.deadlines[0].urgencies = ['utilities']; }), file: 'versions/v1.json', path: '/deadlines/0/urgencies/0', says: /urgency class "utilities" is not declared in city\.json/, zh: /紧急程度“utilities”未在 city\.json 中声明/ },
  { kind: 'ticket type the city does not declare', files: withVersion((v) => { v.deadlines[4].types = ['report']; }), file: 'versions/v1.json', path: '/deadlines/4/types/0', says: /ticket type "report" is not declared/, zh: /诉求类型“report”未在 city\.json 中声明/ },
  { kind: 'rule that can never apply', files: withVersion((v) => { [v.deadlines[0], v.deadlines[1]] = [v.deadlines[1], v.deadlines[0]]; }), file: 'versions/v1.json', path: '/deadlines/1', says: /can never apply: rule \/deadlines\/0 comes first/, zh: /永远不会用到：第 1 条规则排在前面/ },
  { kind: 'stage not covered for a type and urgency', files: withVersion((v) => { v.deadlines.splice(2, 1); v.deadlines[2].urgencies = ['general']; }), file: 'versions/v1.json', path: '/deadlines', says: /no rule for stage "handle", type "consult", urgency "lifeSafety"/, zh: /没有适用于“办结”阶段、诉求类型“咨询”、紧急程度“可能危及生命财产安全”的规则/ },
  { kind: 'working-day mode on an hour period', files: withVersion((v) => { v.deadlines[2].period.mode = 'same-time'; }), file: 'versions/v1.json', path: '/deadlines/2/period/mode', says: /only applies to workingDay periods/, zh: /不适用于小时/ },
  { kind: 'source citing a document the version does not list', files: withVersion((v) => { v.deadlines[0].source = 'other-rules.txt §4'; }), file: 'versions/v1.json', path: '/deadlines/0/source', says: /cites other-rules\.txt, which is not among this version's documents/, zh: /引用了 other-rules\.txt，但它不在本规则版本的法规文件/ },
  { kind: 'version file named differently from its id', files: withVersion((v) => { v.id = 'v2'; }), file: 'versions/v1.json', path: '/id', says: /file is named "v1\.json"/, zh: /为“v2”，但文件名是“v1\.json”/ },
  { kind: 'end before start', files: withVersion((v) => { v.effectiveTo = '2024-12-31'; }), file: 'versions/v1.json', path: '/effectiveTo', says: /before effectiveFrom 2025-01-01/, zh: /失效日期 2024-12-31 早于生效日期 2025-01-01/ },
  {
    kind: 'two versions in force on the same day',
    files: [...miniPackFiles(), { path: 'versions/v2.json', text: JSON.stringify({ ...miniVersion(), id: 'v2', effectiveFrom: '2026-01-01' }) }],
    file: 'versions/v2.json',
    path: '/effectiveFrom',
    says: /falls inside version "v1"/, zh: /落在规则版本“v1”的有效期内/,
  },
  { kind: 'rating scale with no rework level', files: withVersion((v) => { v.rating.levels[1].triggersRework = false; }), file: 'versions/v1.json', path: '/rating/levels', says: /no level triggers rework/, zh: /没有任何等级会触发重办/ },
  { kind: 'rating scale listed worst first', files: withVersion((v) => { v.rating.levels.reverse(); }), file: 'versions/v1.json', path: '/rating/levels/0/triggersRework', says: /best level cannot trigger rework/, zh: /最好的等级不能触发重办/ },
  { kind: 'duplicate key', files: withVersion((v) => { v.rating.levels[1].key = 'satisfied'; }), file: 'versions/v1.json', path: '/rating/levels/1/key', says: /declares rating level "satisfied" twice/, zh: /评价等级“satisfied”声明了两次/ },
  { kind: 'office hours ending before they start', files: withVersion((v) => { v.officeHours.periods[0].end = '08:00'; }), file: 'versions/v1.json', path: '/officeHours/periods/0/end', says: /08:00 is not after 09:00/, zh: /结束时间 08:00 不晚于开始时间 09:00/ },
  { kind: 'malformed clock time', files: withVersion((v) => { v.officeHours.periods[0].start = '9:00'; }), file: 'versions/v1.json', path: '/officeHours/periods/0/start', says: /time of day written HH:MM/, zh: /HH:MM 格式的时刻.*（现为 “9:00”）/ },
  { kind: 'warning at the whole period', files: withVersion((v) => { v.warnings = [warning({ fraction: 1 })]; }), file: 'versions/v1.json', path: '/warnings/0/fraction', says: /must be less than 1; found 1/, zh: /必须小于 1（现为 1）/ },
  { kind: 'warning on a stage no one declares', files: withVersion((v) => { v.warnings = [warning({ stage: 'answer' })]; }), file: 'versions/v1.json', path: '/warnings/0/stage', says: /stage "answer" is neither a core stage .* nor declared in city\.json stages/, zh: /既不是核心阶段/ },
  { kind: 'warning on a stage without a period', files: withVersion((v) => { v.warnings = [warning({ stage: 'rework' })]; }), file: 'versions/v1.json', path: '/warnings/0/stage', says: /no deadline rule of this version gives stage "rework" a period/, zh: /永远不会触发/ },
  { kind: 'warning under an undeclared trigger', files: withVersion((v) => { v.warnings = [warning({ trigger: 'nearlyLate' })]; }), file: 'versions/v1.json', path: '/warnings/0/trigger', says: /"nearlyLate" is not among this version's supervisionTriggers \(overdue\)/, zh: /不在本版本的督办类型/ },
  { kind: 'two warnings of a stage at one fraction', files: withVersion((v) => { v.warnings = [warning(), warning({ key: 'again' })]; }), file: 'versions/v1.json', path: '/warnings/1/fraction', says: /another warning of stage "handle" fires at the same fraction/, zh: /同一比例触发/ },
  { kind: 'notification on an unknown event', files: withVersion((v) => { v.notifications = [reminder({ on: 'ticketClosed' })]; }), file: 'versions/v1.json', path: '/notifications/0/on', says: /must be one of "taskAssigned", "warned", "supervised", "supervisionOrderIssued"/, zh: /只能是/ },
  { kind: 'notification over an unknown channel', files: withVersion((v) => { v.notifications = [reminder({ channels: ['wechat'] })]; }), file: 'versions/v1.json', path: '/notifications/0/channels/0', says: /must be one of "portal", "sms"; found "wechat"/, zh: /只能是/ },
  { kind: 'notification of a warning the version lacks', files: withVersion((v) => { v.notifications = [reminder({ warnings: ['handleLate'] })]; }), file: 'versions/v1.json', path: '/notifications/0/warnings/0', says: /"handleLate" is not a warning of this version \(none\)/, zh: /不是本版本声明的预警/ },
  { kind: 'notification picking forms of a warning', files: withVersion((v) => { v.warnings = [warning()]; v.notifications = [reminder({ forms: ['accept'] })]; }), file: 'versions/v1.json', path: '/notifications/0/forms', says: /only a "taskAssigned" rule picks tasks by form/, zh: /只有“任务派发”/ },
  { kind: 'notification template with an unknown placeholder', files: withVersion((v) => { v.warnings = [warning()]; v.notifications = [reminder({ message: '工单{ticket}请联系{caller}' })]; }), file: 'versions/v1.json', path: '/notifications/0/message', says: /"\{caller\}" is not one of \{ticket\}, \{task\}, \{unit\}, \{due\}, \{label\}/, zh: /不是可用的占位符/ },
  { kind: 'notification to a recipient the pack lacks', files: withVersion((v) => { v.notifications = [reminder({ to: ['unitContact', 'districtLeader'] })]; }), file: 'versions/v1.json', path: '/notifications/0/to/1', says: /"districtLeader" is not a recipient of the pack \(candidates, unitContact\); declare it in city.json notificationRecipients/, zh: /不是本城市包的提醒对象/ },
  { kind: 'notification picking triggers of a warning', files: withVersion((v) => { v.warnings = [warning()]; v.notifications = [reminder({ triggers: ['overdue'] })]; }), file: 'versions/v1.json', path: '/notifications/0/triggers', says: /only a "supervised" rule picks supervision triggers/, zh: /只有“督办”/ },
  { kind: 'notification of a trigger the version lacks', files: withVersion((v) => { v.notifications = [reminder({ on: 'supervised', triggers: ['late'] })]; }), file: 'versions/v1.json', path: '/notifications/0/triggers/0', says: /"late" is not a supervision trigger of this version/, zh: /不是本版本声明的督办情形/ },
  { kind: 'recipient of a role the pack lacks', files: withCity((c) => { c.notificationRecipients = [{ key: 'chief', label: '主任', people: 'roles', roles: ['chief'], unit: 'parent', source: 'mini-rules.txt §13' }]; }), file: 'city.json', path: '/notificationRecipients/0/roles/0', says: /"chief" is not a role of the pack/, zh: /不是本城市包声明的角色/ },
  { kind: 'recipient redeclaring a core one', files: withCity((c) => { c.notificationRecipients = [{ key: 'unitContact', label: '联系人', people: 'contact', unit: 'parent', source: 'mini-rules.txt §13' }]; }), file: 'city.json', path: '/notificationRecipients/0/key', says: /is a core recipient already/, zh: /已是平台的核心提醒对象/ },
  { kind: 'task holder of another unit', files: withCity((c) => { c.notificationRecipients = [{ key: 'upHolder', label: '办理人', people: 'holder', unit: 'parent', source: 'mini-rules.txt §13' }]; }), file: 'city.json', path: '/notificationRecipients/0/unit', says: /unit must be "event"/, zh: /单位须为“event”/ },
  { kind: 'recipient by roles without roles', files: withCity((c) => { c.notificationRecipients = [{ key: 'leaders', label: '负责人', people: 'roles', unit: 'parent', source: 'mini-rules.txt §13' }]; }), file: 'city.json', path: '/notificationRecipients/0/roles', says: /is missing/, zh: /必须填写/ },
  { kind: 'repeat-call threshold above one', files: withCity((c) => { c.repeatCalls = { minShare: 1.5, pool: 300, minContentChars: 4, minPhoneDigits: 5, minAddressChars: 2, maxCandidates: 10, source: 'mini-rules.txt §13', assumption: 'ours' }; }), file: 'city.json', path: '/repeatCalls/minShare', says: /1/, zh: /1/ },
  { kind: 'repeat-call thresholds without an assumption', files: withCity((c) => { c.repeatCalls = { minShare: 0.5, pool: 300, minContentChars: 4, minPhoneDigits: 5, minAddressChars: 2, maxCandidates: 10, source: 'mini-rules.txt §13' }; }), file: 'city.json', path: '/repeatCalls/assumption', says: /missing/, zh: /必须填写/ },
  { kind: 'notification without a source', files: withVersion((v) => { v.notifications = [reminder({ source: undefined })]; }), file: 'versions/v1.json', path: '/notifications/0/source', says: /is missing/, zh: /必须填写/ },
  { kind: 'city id differing from its folder', files: withCity((c) => { c.id = 'other'; }), file: 'city.json', path: '/id', says: /pack folder is "mini"/, zh: /城市包文件夹是“mini”/ },
  { kind: 'city without the general urgency', files: withCity((c) => { c.urgencyClasses[1].key = 'normal'; }), file: 'city.json', path: '/urgencyClasses', says: /must include the class "general"/, zh: /必须包含紧急程度“general”/ },
  { kind: 'malformed UTC offset', files: withCity((c) => { c.utcOffset = '+8'; }), file: 'city.json', path: '/utcOffset', says: /UTC offset like \+08:00/, zh: /时区偏移，如 \+08:00（现为 “\+8”）/ },
  { kind: 'calendar layer with no year', files: withCity((c) => { c.calendarLayers.push('xinjiang'); }), file: 'city.json', path: '/calendarLayers/1', says: /layer "xinjiang" has no calendar year/, zh: /日历层“xinjiang”还没有任何年份的安排/ },
  { kind: 'calendar year of a layer the city does not use', files: withCalendar((c) => { c.layer = 'xinjiang'; }).map((f) => (f.path.startsWith('calendar/') ? { ...f, path: 'calendar/xinjiang-2026.json' } : f)), file: 'calendar/xinjiang-2026.json', path: '/layer', says: /not in city\.json calendarLayers/, zh: /日历层“xinjiang”不在 city\.json 的日历层/ },
  { kind: 'calendar file named after another year', files: withCalendar((c) => { c.year = 2027; }), file: 'calendar/national-2026.json', path: '/layer', says: /belongs in calendar\/national-2027\.json/, zh: /应放在 calendar\/national-2027\.json/ },
  { kind: 'calendar date outside its year', files: withCalendar((c) => { c.holidays[0].date = '2025-12-31'; }), file: 'calendar/national-2026.json', path: '/holidays/0/date', says: /2025-12-31 is not in 2026/, zh: /2025-12-31 不在 2026 年/ },
  { kind: 'make-up working day on a weekday', files: withCalendar((c) => { c.workdays[0].date = '2026-01-05'; }), file: 'calendar/national-2026.json', path: '/workdays/0/date', says: /is a weekday already/, zh: /本来就是工作日：调休上班日应是周六或周日/ },
  { kind: 'day both holiday and working day', files: withCalendar((c) => { c.workdays.push({ date: '2026-02-15', name: 'x' }); }), file: 'calendar/national-2026.json', path: '/workdays/4/date', says: /2026-02-15 is already listed in holidays\/\d+/, zh: /2026-02-15 已列在放假日第 \d+ 行/ },
];

describe('validatePack refuses a broken pack and names where', () => {
  it.each(cases)('$kind → $file at $path', ({ files, file, path, says, zh }) => {
    const result = validatePack(files, { label: 'cities/mini', expectedId: 'mini' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const hit = result.issues.find((i) => i.file === `cities/mini/${file}` && i.path === path && says.test(i.message));
    expect(hit, `issues were:\n${result.issues.map(formatIssue).join('\n')}`).toBeDefined();
    expect(hit?.messageZh).toMatch(zh);
  });

  it('words every issue in Chinese too', () => {
    for (const { files } of cases) {
      const result = validatePack(files, { expectedId: 'mini' });
      for (const issue of result.ok ? [] : result.issues) expect(issue.messageZh, formatIssue(issue)).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('accepts the unbroken pack', () => {
    const result = validatePack(miniPackFiles(), { label: 'cities/mini', expectedId: 'mini' });
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  it('accepts a warning on a stage with a period under a declared trigger', () => {
    const result = validatePack(withVersion((v) => { v.warnings = [warning()]; }), { label: 'cities/mini', expectedId: 'mini' });
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  it('ignores files the rules do not own (processes, forms)', () => {
    const result = validatePack([...miniPackFiles(), { path: 'processes/ticket.bpmn', text: '<xml/>' }]);
    expect(result.ok).toBe(true);
  });

  it('parsePack throws one error listing every problem with file and path', () => {
    const files = withVersion((v) => {
      v.deadlines[1].period.unit = 'week';
      v.channels[0].source = 'nowhere';
    });
    const error = (() => {
      try {
        parsePack(files, { label: 'cities/mini' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PackValidationError);
    const e = error as PackValidationError;
    expect(e.code).toBe('PACK_INVALID');
    expect(e.issues.map((i) => i.path).sort()).toEqual(['/channels/0/source', '/deadlines/1/period/unit']);
    expect(e.message).toContain('cities/mini/versions/v1.json at /deadlines/1/period/unit: must be one of');
  });
});

describe('a published pack (the portal reads it under a CSP that forbids compiled code)', () => {
  it('is read without the JSON Schema step, the checks written in code still running', () => {
    const extraField = withCity((c) => void (c.note = 'a field the schema does not know'));
    expect(validatePack(extraField).ok).toBe(false);
    expect(parsePack(extraField, { published: true }).city.id).toBe(miniCity().id);
    expect(parsePack(miniPackFiles(), { published: true })).toEqual(parsePack(miniPackFiles()));
    const overlapping = withVersion((v) => void (v.effectiveFrom = '1900-01-01'));
    expect(() => parsePack([...miniPackFiles(), ...overlapping.filter((f) => f.path.startsWith('versions/')).map((f) => ({ ...f, path: 'versions/old.json' }))], { published: true })).toThrow(PackValidationError);
  });
});
