// Checks across fields and files that a JSON Schema cannot express. Runs only on files that
// already passed their schema, so the shapes can be trusted here.
import { formatLocalDate, parseClock, parseLocalDate, weekday } from '../calendar/local-date';
import { STAGE_LABELS, UNIT_LABELS } from './labels-zh';
import { type CalendarYear, type CityInfo, type DeadlineRule, type RuleVersion, NOTIFICATION_PLACEHOLDERS, NOTIFICATION_RECIPIENTS, PLATFORM_ROLES, STAGES, UNIT_PAGES } from './types';
import { notificationRecipientsOf, recipientKeys, rolesOf, stagesOf } from './vocabulary';

/** Each problem in English (CLI, logs) and in Chinese (the modeler), without the place. */
type Report = (file: string, path: string, message: string, messageZh: string) => void;

/** Stages every ticket type and urgency must have a rule for (a period, or a reason why not). */
const REQUIRED_STAGES = ['accept', 'handle'] as const;

export function checkCity(city: CityInfo, report: Report, expectedId?: string): void {
  if (expectedId !== undefined && city.id !== expectedId) {
    report('city.json', '/id', `is "${city.id}" but the pack folder is "${expectedId}"; they must match`, `为“${city.id}”，但城市包文件夹是“${expectedId}”，两者必须一致`);
  }
  duplicates(city.ticketTypes.map((t) => t.key), (i, k) =>
    report('city.json', `/ticketTypes/${i}/key`, `declares ticket type "${k}" twice`, `诉求类型“${k}”声明了两次`),
  );
  duplicates(city.urgencyClasses.map((u) => u.key), (i, k) =>
    report('city.json', `/urgencyClasses/${i}/key`, `declares urgency class "${k}" twice`, `紧急程度“${k}”声明了两次`),
  );
  (city.stages ?? []).forEach((stage, i) => {
    if ((STAGES as readonly string[]).includes(stage.key)) {
      report('city.json', `/stages/${i}/key`, `"${stage.key}" is a core stage already; a pack's own stage needs a key of its own`, `“${stage.key}”已是平台的核心阶段，城市自己的阶段须另取代码`);
    }
  });
  duplicates((city.stages ?? []).map((s) => s.key), (i, k) => report('city.json', `/stages/${i}/key`, `declares stage "${k}" twice`, `阶段“${k}”声明了两次`));
  (city.roles ?? []).forEach((role, i) => {
    if ((PLATFORM_ROLES as readonly string[]).includes(role.key)) {
      report('city.json', `/roles/${i}/key`, `"${role.key}" is a role of the platform (${PLATFORM_ROLES.join(', ')}), not of a pack`, `“${role.key}”是平台角色（政策人员、系统管理员、安全管理员、审计管理员），不能在城市包中声明`);
    }
    const centreOnly = role.scope === 'centre' ? [] : role.pages.filter((p) => !UNIT_PAGES.includes(p));
    if (centreOnly.length > 0) {
      report('city.json', `/roles/${i}/pages`, `pages ${centreOnly.join(', ')} are the hotline centre's; a unit role (scope "${role.scope}") has only ${UNIT_PAGES.join(', ')} besides its inbox`, `页面 ${centreOnly.join('、')} 属于热线工作机构；承办单位的角色除“我的待办”外只能使用工单查询、数据分析`);
    }
  });
  duplicates((city.roles ?? []).map((r) => r.key), (i, k) => report('city.json', `/roles/${i}/key`, `declares role "${k}" twice`, `角色“${k}”声明了两次`));
  duplicates((city.revealReasons ?? []).map((r) => r.key), (i, k) =>
    report('city.json', `/revealReasons/${i}/key`, `declares reveal reason category "${k}" twice`, `查看原因类别“${k}”声明了两次`),
  );
  checkRecipients(city, report);
  if (!city.urgencyClasses.some((u) => u.key === 'general')) {
    report('city.json', '/urgencyClasses', 'must include the class "general" (一般诉求), used when a ticket gives none', '必须包含紧急程度“general”（一般诉求）：工单未标紧急程度时按它办理');
  }
}

export function checkVersion(file: string, version: RuleVersion, city: CityInfo, report: Report): void {
  const expected = file.replace(/^versions\//, '').replace(/\.json$/, '');
  if (version.id !== expected) {
    report(file, '/id', `is "${version.id}" but the file is named "${expected}.json"; they must match`, `为“${version.id}”，但文件名是“${expected}.json”，两者必须一致`);
  }
  if (version.effectiveTo !== undefined && version.effectiveTo < version.effectiveFrom) {
    report(file, '/effectiveTo', `${version.effectiveTo} is before effectiveFrom ${version.effectiveFrom}`, `失效日期 ${version.effectiveTo} 早于生效日期 ${version.effectiveFrom}`);
  }
  checkSources(file, version, report);
  checkOfficeHours(file, version, report);
  checkDeadlines(file, version, city, report);

  duplicates(version.channels.map((c) => c.key), (i, k) => report(file, `/channels/${i}/key`, `declares channel "${k}" twice`, `受理渠道“${k}”声明了两次`));
  duplicates(version.redirectCategories.map((c) => c.key), (i, k) =>
    report(file, `/redirectCategories/${i}/key`, `declares redirect category "${k}" twice`, `转办类别“${k}”声明了两次`),
  );
  duplicates(version.supervisionTriggers.map((c) => c.key), (i, k) =>
    report(file, `/supervisionTriggers/${i}/key`, `declares supervision trigger "${k}" twice`, `督办情形“${k}”声明了两次`),
  );
  checkWarnings(file, version, city, report);
  checkNotifications(file, version, city, report);
  checkReturnClock(file, version, report);

  const rating = version.rating;
  duplicates(rating.levels.map((l) => l.key), (i, k) => report(file, `/rating/levels/${i}/key`, `declares rating level "${k}" twice`, `评价等级“${k}”声明了两次`));
  if (version.policies.rework.maxCount > 0 && !rating.levels.some((l) => l.triggersRework)) {
    report(file, '/rating/levels', 'no level triggers rework, yet policies.rework allows rework: mark the dissatisfied levels with triggersRework', '没有任何等级会触发重办，但重办政策允许重办：请给“不满意”的等级勾选“首次评价为此等级时重办”');
  }
  if (version.policies.dutyStatement?.offered === true) {
    if (!rating.levels.some((l) => l.negative === true)) {
      report(file, '/policies/dutyStatement', 'a duty-performed statement follows a negative rating, yet no rating level is marked negative', '履职尽责说明针对负面评价，但评价等级中没有标为负面评价（negative）的等级');
    }
    if (!version.deadlines.some((rule) => rule.stage === 'dutyStatement')) {
      report(file, '/policies/dutyStatement', 'needs a deadline rule of stage "dutyStatement" (the period the unit has to submit it, declared in city.json stages)', '须有阶段“dutyStatement”的时限规则（承办单位提交履职尽责说明的期限，阶段在 city.json 的 stages 中声明）');
    }
  }
  if (rating.levels[0]?.triggersRework) {
    report(file, '/rating/levels/0/triggersRework', 'the best level cannot trigger rework: levels are listed best first', '最好的等级不能触发重办：等级按从好到差排列');
  }
  const declaredTypes = new Set(city.ticketTypes.map((t) => t.key));
  rating.notRatedTypes.forEach((t, i) => {
    if (!declaredTypes.has(t)) report(file, `/rating/notRatedTypes/${i}`, `ticket type "${t}" is not declared in city.json`, `诉求类型“${t}”未在 city.json 中声明`);
  });
}

/** Every source a version cites must be one of the documents it lists. */
function checkSources(file: string, version: RuleVersion, report: Report): void {
  const documents = new Set(version.documents.map((d) => d.file));
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${path}/${i}`));
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'source' && typeof v === 'string') {
        for (const cited of v.match(/[a-z0-9-]+\.txt/g) ?? []) {
          if (!documents.has(cited)) {
            report(file, `${path}/source`, `cites ${cited}, which is not among this version's documents`, `引用了 ${cited}，但它不在本规则版本的法规文件（documents）中`);
          }
        }
      } else visit(v, `${path}/${k}`);
    }
  };
  visit(version, '');
}

function checkOfficeHours(file: string, version: RuleVersion, report: Report): void {
  let previousEnd = -1;
  version.officeHours.periods.forEach((p, i) => {
    const start = parseClock(p.start);
    const end = parseClock(p.end);
    if (end <= start) report(file, `/officeHours/periods/${i}/end`, `${p.end} is not after ${p.start}`, `结束时间 ${p.end} 不晚于开始时间 ${p.start}`);
    else if (start < previousEnd) report(file, `/officeHours/periods/${i}/start`, `${p.start} overlaps the previous period`, `${p.start} 与上一个时段重叠`);
    previousEnd = Math.max(previousEnd, end);
  });
}

function covers(a: DeadlineRule, b: DeadlineRule): boolean {
  const sub = (outer: readonly string[] | undefined, inner: readonly string[] | undefined) =>
    outer === undefined || (inner !== undefined && inner.every((x) => outer.includes(x)));
  return a.stage === b.stage && sub(a.types, b.types) && sub(a.urgencies, b.urgencies);
}

function checkDeadlines(file: string, version: RuleVersion, city: CityInfo, report: Report): void {
  const types = new Set<string>(city.ticketTypes.map((t) => t.key));
  const urgencies = new Set(city.urgencyClasses.map((u) => u.key));
  const stages = new Set(stagesOf(city).map((s) => s.key));
  version.deadlines.forEach((rule, i) => {
    const at = `/deadlines/${i}`;
    if (!stages.has(rule.stage)) {
      report(file, `${at}/stage`, `stage "${rule.stage}" is neither a core stage (${STAGES.join(', ')}) nor declared in city.json stages`, `阶段“${rule.stage}”既不是核心阶段，也未在 city.json 的 stages 中声明`);
    }
    rule.types?.forEach((t, j) => {
      if (!types.has(t)) report(file, `${at}/types/${j}`, `ticket type "${t}" is not declared in city.json`, `诉求类型“${t}”未在 city.json 中声明`);
    });
    rule.urgencies?.forEach((u, j) => {
      if (!urgencies.has(u)) report(file, `${at}/urgencies/${j}`, `urgency class "${u}" is not declared in city.json`, `紧急程度“${u}”未在 city.json 中声明`);
    });
    if ('period' in rule && rule.period.mode !== undefined && rule.period.unit !== 'workingDay') {
      report(file, `${at}/period/mode`, `a working-day mode only applies to workingDay periods, not to ${rule.period.unit}`, `工作日计法只适用于按工作日计的时限，不适用于${UNIT_LABELS[rule.period.unit]}`);
    }
    const earlier = version.deadlines.findIndex((r, k) => k < i && covers(r, rule));
    if (earlier >= 0) {
      report(file, at, `can never apply: rule /deadlines/${earlier} comes first and covers the same stage, types and urgencies`, `永远不会用到：第 ${earlier + 1} 条规则排在前面，已涵盖相同的阶段、诉求类型和紧急程度`);
    }
  });
  const matches = (r: DeadlineRule, stage: string, type: string, urgency: string) =>
    r.stage === stage && (r.types === undefined || r.types.includes(type as never)) && (r.urgencies === undefined || r.urgencies.includes(urgency));
  for (const stage of REQUIRED_STAGES) {
    for (const type of city.ticketTypes.map((t) => t.key)) {
      for (const urgency of urgencies) {
        if (!version.deadlines.some((r) => matches(r, stage, type, urgency))) {
          report(
            file,
            '/deadlines',
            `has no rule for stage "${stage}", type "${type}", urgency "${urgency}": give a period or notAllowed`,
            `没有适用于“${STAGE_LABELS[stage]}”阶段、诉求类型“${labelOf(city.ticketTypes, type)}”、紧急程度“${labelOf(city.urgencyClasses, urgency)}”的规则：请给出时限或不允许的原因`,
          );
        }
      }
    }
  }
}

/** A warning names a stage of the pack that some rule gives a period, and a trigger of its own version. */
function checkWarnings(file: string, version: RuleVersion, city: CityInfo, report: Report): void {
  const warnings = version.warnings ?? [];
  const stages = new Set(stagesOf(city).map((s) => s.key));
  const triggers = new Set(version.supervisionTriggers.map((t) => t.key));
  warnings.forEach((warning, i) => {
    const at = `/warnings/${i}`;
    if (!stages.has(warning.stage)) {
      report(file, `${at}/stage`, `stage "${warning.stage}" is neither a core stage (${STAGES.join(', ')}) nor declared in city.json stages`, `阶段“${warning.stage}”既不是核心阶段，也未在 city.json 的 stages 中声明`);
    } else if (!version.deadlines.some((r) => r.stage === warning.stage && 'period' in r)) {
      report(file, `${at}/stage`, `no deadline rule of this version gives stage "${warning.stage}" a period, so the warning could never fire`, `本版本没有任何时限规则给“${warning.stage}”阶段规定时限，这条预警永远不会触发`);
    }
    if (!triggers.has(warning.trigger)) {
      report(file, `${at}/trigger`, `"${warning.trigger}" is not among this version's supervisionTriggers (${[...triggers].join(', ') || 'none'}): declare it there with its label`, `“${warning.trigger}”不在本版本的督办类型（supervisionTriggers）中：请先在那里声明并写上名称`);
    }
  });
  duplicates(warnings.map((w) => w.key), (i, k) => report(file, `/warnings/${i}/key`, `declares warning "${k}" twice`, `预警“${k}”声明了两次`));
  // Two warnings of one stage at the same fraction would fire as one rung twice.
  duplicates(warnings.map((w) => `${w.stage} ${w.fraction}`), (i) =>
    report(file, `/warnings/${i}/fraction`, `another warning of stage "${warnings[i]!.stage}" fires at the same fraction`, `“${warnings[i]!.stage}”阶段已有一条预警在同一比例触发`),
  );
}

/** The pack's own recipients: new keys, the pack's roles, and a task's people only in the event's unit. */
function checkRecipients(city: CityInfo, report: Report): void {
  const roles = new Set(rolesOf(city).map((r) => r.key));
  (city.notificationRecipients ?? []).forEach((recipient, i) => {
    const at = `/notificationRecipients/${i}`;
    if ((NOTIFICATION_RECIPIENTS as readonly string[]).includes(recipient.key)) {
      report('city.json', `${at}/key`, `"${recipient.key}" is a core recipient already (${NOTIFICATION_RECIPIENTS.join(', ')}); a pack's own recipient needs a key of its own`, `“${recipient.key}”已是平台的核心提醒对象，城市自己的提醒对象须另取代码`);
    }
    (recipient.roles ?? []).forEach((role, j) => {
      if (!roles.has(role)) report('city.json', `${at}/roles/${j}`, `"${role}" is not a role of the pack (${[...roles].join(', ')})`, `“${role}”不是本城市包声明的角色`);
    });
    if ((recipient.people === 'candidates' || recipient.people === 'holder') && recipient.unit !== 'event') {
      report('city.json', `${at}/unit`, `the ${recipient.people} of a task are in the task's own unit: unit must be "event"`, `任务的${recipient.people === 'holder' ? '办理人' : '可办理人员'}只在任务所在单位，单位须为“event”（事件所涉单位）`);
    }
  });
  duplicates((city.notificationRecipients ?? []).map((r) => r.key), (i, k) =>
    report('city.json', `/notificationRecipients/${i}/key`, `declares recipient "${k}" twice`, `提醒对象“${k}”声明了两次`),
  );
}

/** A notification rule names warnings, triggers and recipients the pack has, fits its event, and its templates say only what the platform fills in. */
function checkNotifications(file: string, version: RuleVersion, city: CityInfo, report: Report): void {
  const rules = version.notifications ?? [];
  const warnings = new Set((version.warnings ?? []).map((w) => w.key));
  const triggers = new Set(version.supervisionTriggers.map((t) => t.key));
  const recipients = new Set(notificationRecipientsOf(city).map((r) => r.key));
  rules.forEach((rule, i) => {
    const at = `/notifications/${i}`;
    recipientKeys(rule).forEach((key, j) => {
      if (!recipients.has(key)) {
        report(file, typeof rule.to === 'string' ? `${at}/to` : `${at}/to/${j}`, `"${key}" is not a recipient of the pack (${[...recipients].join(', ')}); declare it in city.json notificationRecipients`, `“${key}”不是本城市包的提醒对象，请在 city.json 的 notificationRecipients 中声明`);
      }
    });
    if (rule.triggers !== undefined && rule.on !== 'supervised') {
      report(file, `${at}/triggers`, `only a "supervised" rule picks supervision triggers, not "${rule.on}"`, `只有“督办”（supervised）提醒可以指定督办情形`);
    }
    (rule.triggers ?? []).forEach((t, j) => {
      if (!triggers.has(t)) report(file, `${at}/triggers/${j}`, `"${t}" is not a supervision trigger of this version`, `“${t}”不是本版本声明的督办情形`);
    });
    if (rule.forms !== undefined && rule.on !== 'taskAssigned') {
      report(file, `${at}/forms`, `only a "taskAssigned" rule picks tasks by form, not "${rule.on}"`, `只有“任务派发”（taskAssigned）提醒可以按表单筛选`);
    }
    if (rule.warnings !== undefined && rule.on !== 'warned') {
      report(file, `${at}/warnings`, `only a "warned" rule picks warnings, not "${rule.on}"`, `只有“预警”（warned）提醒可以指定预警`);
    }
    (rule.warnings ?? []).forEach((w, j) => {
      if (!warnings.has(w)) report(file, `${at}/warnings/${j}`, `"${w}" is not a warning of this version (${[...warnings].join(', ') || 'none'})`, `“${w}”不是本版本声明的预警`);
    });
    for (const field of ['title', 'message'] as const) {
      for (const [, name] of rule[field].matchAll(/\{([^}]*)\}/g)) {
        if (!(NOTIFICATION_PLACEHOLDERS as readonly string[]).includes(name!)) {
          report(file, `${at}/${field}`, `"{${name}}" is not one of ${NOTIFICATION_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`, `“{${name}}”不是可用的占位符（${NOTIFICATION_PLACEHOLDERS.map((p) => `{${p}}`).join('、')}）`);
        }
      }
    }
  });
  duplicates(rules.map((r) => r.key), (i, k) => report(file, `/notifications/${i}/key`, `declares notification "${k}" twice`, `提醒“${k}”声明了两次`));
}

/**
 * An approved return that does not restart the handling period leaves the new unit what is left of it:
 * the platform knows where that period began only when it counts from registration (the hotline.deadline
 * worker reads `rejectedRestartsClock` for a rejected return; an approved one re-dispatches the ticket).
 */
function checkReturnClock(file: string, version: RuleVersion, report: Report): void {
  if (version.policies.return.approvedRestartsClock) return;
  version.deadlines.forEach((rule, i) => {
    if (rule.stage === 'handle' && 'countFrom' in rule && rule.countFrom !== 'registration') {
      report(
        file,
        `/deadlines/${i}/countFrom`,
        `counts handling from ${rule.countFrom}, but policies.return.approvedRestartsClock is false: a re-dispatched ticket would have no start to keep; count from registration or restart the clock on an approved return`,
        `办理时限从“${rule.countFrom}”起算，但“同意退回后重新计时”为否：重新派单后无从延续原时限；请改为自登记起算，或同意退回后重新计时`,
      );
    }
  });
}

/** Rule versions of one city must not be in force on the same day. */
export function checkVersionOverlaps(versions: ReadonlyArray<{ file: string; version: RuleVersion }>, report: Report): void {
  const sorted = [...versions].sort((a, b) => a.version.effectiveFrom.localeCompare(b.version.effectiveFrom));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.version.effectiveTo === undefined || prev.version.effectiveTo >= cur.version.effectiveFrom) {
      report(
        cur.file,
        '/effectiveFrom',
        `${cur.version.effectiveFrom} falls inside version "${prev.version.id}" (${prev.version.effectiveFrom} to ${prev.version.effectiveTo ?? 'open end'}): end that version the day before`,
        `${cur.version.effectiveFrom} 落在规则版本“${prev.version.id}”的有效期内（${prev.version.effectiveFrom} 至 ${prev.version.effectiveTo ?? '长期有效'}）：请让该版本在前一天失效`,
      );
    }
  }
}

export function checkCalendarYear(file: string, year: CalendarYear, city: CityInfo, report: Report): void {
  const expected = `calendar/${year.layer}-${year.year}.json`;
  if (file !== expected) report(file, '/layer', `layer "${year.layer}" of ${year.year} belongs in ${expected}`, `日历层“${year.layer}”${year.year} 年的安排应放在 ${expected}`);
  if (!city.calendarLayers.includes(year.layer)) {
    report(file, '/layer', `layer "${year.layer}" is not in city.json calendarLayers (${city.calendarLayers.join(', ')})`, `日历层“${year.layer}”不在 city.json 的日历层（${city.calendarLayers.join('、')}）中`);
  }
  const seen = new Map<string, string>();
  const visit = (list: 'holidays' | 'workdays') =>
    year[list].forEach((entry, i) => {
      const at = `/${list}/${i}/date`;
      const day = parseLocalDate(entry.date);
      if (day === null) return; // the schema's format check already said so
      if (!entry.date.startsWith(`${year.year}-`)) report(file, at, `${entry.date} is not in ${year.year}`, `${entry.date} 不在 ${year.year} 年`);
      const other = seen.get(entry.date);
      if (other !== undefined) report(file, at, `${entry.date} is already listed in ${other}`, `${entry.date} 已列在${LIST_ZH[other.split('/')[0]!]}第 ${Number(other.split('/')[1]) + 1} 行`);
      seen.set(entry.date, `${list}/${i}`);
      const w = weekday(day);
      if (list === 'workdays' && w !== 0 && w !== 6) {
        report(file, at, `${formatLocalDate(day)} is a weekday already; a make-up working day (调休) is a Saturday or Sunday`, `${formatLocalDate(day)} 本来就是工作日：调休上班日应是周六或周日`);
      }
    });
  visit('holidays');
  visit('workdays');
}

export function checkCalendarLayers(city: CityInfo, years: readonly CalendarYear[], report: Report): void {
  city.calendarLayers.forEach((layer, i) => {
    if (!years.some((y) => y.layer === layer)) {
      report('city.json', `/calendarLayers/${i}`, `layer "${layer}" has no calendar year: add calendar/${layer}-<year>.json`, `日历层“${layer}”还没有任何年份的安排：请添加 calendar/${layer}-<年份>.json`);
    }
  });
}

const LIST_ZH: Record<string, string> = { holidays: '放假日', workdays: '调休上班日' };
const labelOf = (list: ReadonlyArray<{ key: string; label: string }>, key: string) => list.find((x) => x.key === key)?.label ?? key;

function duplicates(keys: readonly string[], onDuplicate: (index: number, key: string) => void): void {
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (seen.has(k)) onDuplicate(i, k);
    seen.add(k);
  });
}
