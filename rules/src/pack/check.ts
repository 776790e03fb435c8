// Checks across fields and files that a JSON Schema cannot express. Runs only on files that
// already passed their schema, so the shapes can be trusted here.
import { formatLocalDate, parseClock, parseLocalDate, weekday } from '../calendar/local-date';
import { type CalendarYear, type CityInfo, type DeadlineRule, type RuleVersion, PLATFORM_ROLES, STAGES } from './types';
import { stagesOf } from './vocabulary';

type Report = (file: string, path: string, message: string) => void;

/** Stages every ticket type and urgency must have a rule for (a period, or a reason why not). */
const REQUIRED_STAGES = ['accept', 'handle'] as const;

export function checkCity(city: CityInfo, report: Report, expectedId?: string): void {
  if (expectedId !== undefined && city.id !== expectedId) {
    report('city.json', '/id', `is "${city.id}" but the pack folder is "${expectedId}"; they must match`);
  }
  duplicates(city.ticketTypes.map((t) => t.key), (i, k) =>
    report('city.json', `/ticketTypes/${i}/key`, `declares ticket type "${k}" twice`),
  );
  duplicates(city.urgencyClasses.map((u) => u.key), (i, k) =>
    report('city.json', `/urgencyClasses/${i}/key`, `declares urgency class "${k}" twice`),
  );
  (city.stages ?? []).forEach((stage, i) => {
    if ((STAGES as readonly string[]).includes(stage.key)) report('city.json', `/stages/${i}/key`, `"${stage.key}" is a core stage already; a pack's own stage needs a key of its own`);
  });
  duplicates((city.stages ?? []).map((s) => s.key), (i, k) => report('city.json', `/stages/${i}/key`, `declares stage "${k}" twice`));
  (city.roles ?? []).forEach((role, i) => {
    if ((PLATFORM_ROLES as readonly string[]).includes(role.key)) {
      report('city.json', `/roles/${i}/key`, `"${role.key}" is a role of the platform (${PLATFORM_ROLES.join(', ')}), not of a pack`);
    }
    if (role.scope !== 'centre' && role.pages.length > 0) {
      report('city.json', `/roles/${i}/pages`, `pages are the hotline centre's; a unit role (scope "${role.scope}") works from its inbox only`);
    }
  });
  duplicates((city.roles ?? []).map((r) => r.key), (i, k) => report('city.json', `/roles/${i}/key`, `declares role "${k}" twice`));
  if (!city.urgencyClasses.some((u) => u.key === 'general')) {
    report('city.json', '/urgencyClasses', 'must include the class "general" (一般诉求), used when a ticket gives none');
  }
}

export function checkVersion(file: string, version: RuleVersion, city: CityInfo, report: Report): void {
  const expected = file.replace(/^versions\//, '').replace(/\.json$/, '');
  if (version.id !== expected) {
    report(file, '/id', `is "${version.id}" but the file is named "${expected}.json"; they must match`);
  }
  if (version.effectiveTo !== undefined && version.effectiveTo < version.effectiveFrom) {
    report(file, '/effectiveTo', `${version.effectiveTo} is before effectiveFrom ${version.effectiveFrom}`);
  }
  checkSources(file, version, report);
  checkOfficeHours(file, version, report);
  checkDeadlines(file, version, city, report);

  duplicates(version.channels.map((c) => c.key), (i, k) => report(file, `/channels/${i}/key`, `declares channel "${k}" twice`));
  duplicates(version.redirectCategories.map((c) => c.key), (i, k) =>
    report(file, `/redirectCategories/${i}/key`, `declares redirect category "${k}" twice`),
  );
  duplicates(version.supervisionTriggers.map((c) => c.key), (i, k) =>
    report(file, `/supervisionTriggers/${i}/key`, `declares supervision trigger "${k}" twice`),
  );
  checkWarnings(file, version, city, report);

  const rating = version.rating;
  duplicates(rating.levels.map((l) => l.key), (i, k) => report(file, `/rating/levels/${i}/key`, `declares rating level "${k}" twice`));
  if (version.policies.rework.maxCount > 0 && !rating.levels.some((l) => l.triggersRework)) {
    report(file, '/rating/levels', 'no level triggers rework, yet policies.rework allows rework: mark the dissatisfied levels with triggersRework');
  }
  if (rating.levels[0]?.triggersRework) {
    report(file, '/rating/levels/0/triggersRework', 'the best level cannot trigger rework: levels are listed best first');
  }
  const declaredTypes = new Set(city.ticketTypes.map((t) => t.key));
  rating.notRatedTypes.forEach((t, i) => {
    if (!declaredTypes.has(t)) report(file, `/rating/notRatedTypes/${i}`, `ticket type "${t}" is not declared in city.json`);
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
            report(file, `${path}/source`, `cites ${cited}, which is not among this version's documents`);
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
    if (end <= start) report(file, `/officeHours/periods/${i}/end`, `${p.end} is not after ${p.start}`);
    else if (start < previousEnd) report(file, `/officeHours/periods/${i}/start`, `${p.start} overlaps the previous period`);
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
    if (!stages.has(rule.stage)) report(file, `${at}/stage`, `stage "${rule.stage}" is neither a core stage (${STAGES.join(', ')}) nor declared in city.json stages`);
    rule.types?.forEach((t, j) => {
      if (!types.has(t)) report(file, `${at}/types/${j}`, `ticket type "${t}" is not declared in city.json`);
    });
    rule.urgencies?.forEach((u, j) => {
      if (!urgencies.has(u)) report(file, `${at}/urgencies/${j}`, `urgency class "${u}" is not declared in city.json`);
    });
    if ('period' in rule && rule.period.mode !== undefined && rule.period.unit !== 'workingDay') {
      report(file, `${at}/period/mode`, `a working-day mode only applies to workingDay periods, not to ${rule.period.unit}`);
    }
    const earlier = version.deadlines.findIndex((r, k) => k < i && covers(r, rule));
    if (earlier >= 0) {
      report(file, at, `can never apply: rule /deadlines/${earlier} comes first and covers the same stage, types and urgencies`);
    }
  });
  const matches = (r: DeadlineRule, stage: string, type: string, urgency: string) =>
    r.stage === stage && (r.types === undefined || r.types.includes(type as never)) && (r.urgencies === undefined || r.urgencies.includes(urgency));
  for (const stage of REQUIRED_STAGES) {
    for (const type of city.ticketTypes.map((t) => t.key)) {
      for (const urgency of urgencies) {
        if (!version.deadlines.some((r) => matches(r, stage, type, urgency))) {
          report(file, '/deadlines', `has no rule for stage "${stage}", type "${type}", urgency "${urgency}": give a period or notAllowed`);
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
      report(file, `${at}/stage`, `stage "${warning.stage}" is neither a core stage (${STAGES.join(', ')}) nor declared in city.json stages`);
    } else if (!version.deadlines.some((r) => r.stage === warning.stage && 'period' in r)) {
      report(file, `${at}/stage`, `no deadline rule of this version gives stage "${warning.stage}" a period, so the warning could never fire`);
    }
    if (!triggers.has(warning.trigger)) {
      report(file, `${at}/trigger`, `"${warning.trigger}" is not among this version's supervisionTriggers (${[...triggers].join(', ') || 'none'}): declare it there with its label`);
    }
  });
  duplicates(warnings.map((w) => w.key), (i, k) => report(file, `/warnings/${i}/key`, `declares warning "${k}" twice`));
  // Two warnings of one stage at the same fraction would fire as one rung twice.
  duplicates(warnings.map((w) => `${w.stage} ${w.fraction}`), (i) => report(file, `/warnings/${i}/fraction`, `another warning of stage "${warnings[i]!.stage}" fires at the same fraction`));
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
      );
    }
  }
}

export function checkCalendarYear(file: string, year: CalendarYear, city: CityInfo, report: Report): void {
  const expected = `calendar/${year.layer}-${year.year}.json`;
  if (file !== expected) report(file, '/layer', `layer "${year.layer}" of ${year.year} belongs in ${expected}`);
  if (!city.calendarLayers.includes(year.layer)) {
    report(file, '/layer', `layer "${year.layer}" is not in city.json calendarLayers (${city.calendarLayers.join(', ')})`);
  }
  const seen = new Map<string, string>();
  const visit = (list: 'holidays' | 'workdays') =>
    year[list].forEach((entry, i) => {
      const at = `/${list}/${i}/date`;
      const day = parseLocalDate(entry.date);
      if (day === null) return; // the schema's format check already said so
      if (!entry.date.startsWith(`${year.year}-`)) report(file, at, `${entry.date} is not in ${year.year}`);
      const other = seen.get(entry.date);
      if (other !== undefined) report(file, at, `${entry.date} is already listed in ${other}`);
      seen.set(entry.date, `${list}/${i}`);
      const w = weekday(day);
      if (list === 'workdays' && w !== 0 && w !== 6) {
        report(file, at, `${formatLocalDate(day)} is a weekday already; a make-up working day (调休) is a Saturday or Sunday`);
      }
    });
  visit('holidays');
  visit('workdays');
}

export function checkCalendarLayers(city: CityInfo, years: readonly CalendarYear[], report: Report): void {
  city.calendarLayers.forEach((layer, i) => {
    if (!years.some((y) => y.layer === layer)) {
      report('city.json', `/calendarLayers/${i}`, `layer "${layer}" has no calendar year: add calendar/${layer}-<year>.json`);
    }
  });
}

function duplicates(keys: readonly string[], onDuplicate: (index: number, key: string) => void): void {
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (seen.has(k)) onDuplicate(i, k);
    seen.add(k);
  });
}
