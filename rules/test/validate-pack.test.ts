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

interface Case {
  kind: string;
  files: PackFile[];
  file: string;
  path: string;
  says: RegExp;
}

const cases: Case[] = [
  {
    kind: 'file that is not JSON',
    files: miniPackFiles().map((f) => (f.path === 'city.json' ? { ...f, text: '{\n  "id": "mini",\n  name: 1\n}' } : f)),
    file: 'city.json',
    path: '',
    says: /not valid JSON \(line 3, column 3\)/,
  },
  { kind: 'missing city.json', files: miniPackFiles().filter((f) => f.path !== 'city.json'), file: 'city.json', path: '', says: /every pack needs a city\.json/ },
  { kind: 'no rule version', files: miniPackFiles().filter((f) => !f.path.startsWith('versions/')), file: 'versions', path: '', says: /no rule version/ },
  { kind: 'missing required field', files: withVersion((v) => delete v.deadlines), file: 'versions/v1.json', path: '/deadlines', says: /is missing \(required\)/ },
  { kind: 'misspelt field', files: withVersion((v) => { v.deadlines[1].perod = v.deadlines[1].period; delete v.deadlines[1].period; }), file: 'versions/v1.json', path: '/deadlines/1/perod', says: /not a field this file knows/ },
  { kind: 'value outside an enumeration', files: withVersion((v) => { v.deadlines[1].period.unit = 'week'; }), file: 'versions/v1.json', path: '/deadlines/1/period/unit', says: /must be one of "minute", "hour", "day", "workingDay"; found "week"/ },
  { kind: 'wrong type', files: withVersion((v) => { v.deadlines[1].period.amount = '1'; }), file: 'versions/v1.json', path: '/deadlines/1/period/amount', says: /must be integer; found string/ },
  { kind: 'number below its minimum', files: withVersion((v) => { v.deadlines[1].period.amount = 0; }), file: 'versions/v1.json', path: '/deadlines/1/period/amount', says: /at least 1; found 0/ },
  { kind: 'source not cited as file §article', files: withVersion((v) => { v.deadlines[0].source = 'article 9'; }), file: 'versions/v1.json', path: '/deadlines/0/source', says: /must cite its source as/ },
  { kind: 'date that does not exist', files: withVersion((v) => { v.effectiveFrom = '2026-02-30'; }), file: 'versions/v1.json', path: '/effectiveFrom', says: /real calendar date; found "2026-02-30"/ },
  { kind: 'rule with both a period and notAllowed', files: withVersion((v) => { v.deadlines[4].period = { amount: 1, unit: 'workingDay' }; v.deadlines[4].countFrom = 'periodEnd'; }), file: 'versions/v1.json', path: '/deadlines/4', says: /either a period with countFrom, or notAllowed/ },
  { kind: 'transfer without numbers', files: withVersion((v) => { delete v.redirectCategories[0].transferTo; }), file: 'versions/v1.json', path: '/redirectCategories/0/transferTo', says: /is missing/ },
  { kind: 'empty text', files: withVersion((v) => { v.redirectCategories[0].script = ''; }), file: 'versions/v1.json', path: '/redirectCategories/0/script', says: /must not be empty/ },
  { kind: 'urgency the city does not declare', files: withVersion((v) => { v.deadlines[0].urgencies = ['utilities']; }), file: 'versions/v1.json', path: '/deadlines/0/urgencies/0', says: /urgency class "utilities" is not declared in city\.json/ },
  { kind: 'ticket type the city does not declare', files: withVersion((v) => { v.deadlines[4].types = ['report']; }), file: 'versions/v1.json', path: '/deadlines/4/types/0', says: /ticket type "report" is not declared/ },
  { kind: 'rule that can never apply', files: withVersion((v) => { [v.deadlines[0], v.deadlines[1]] = [v.deadlines[1], v.deadlines[0]]; }), file: 'versions/v1.json', path: '/deadlines/1', says: /can never apply: rule \/deadlines\/0 comes first/ },
  { kind: 'stage not covered for a type and urgency', files: withVersion((v) => { v.deadlines.splice(2, 1); v.deadlines[2].urgencies = ['general']; }), file: 'versions/v1.json', path: '/deadlines', says: /no rule for stage "handle", type "consult", urgency "lifeSafety"/ },
  { kind: 'working-day mode on an hour period', files: withVersion((v) => { v.deadlines[2].period.mode = 'same-time'; }), file: 'versions/v1.json', path: '/deadlines/2/period/mode', says: /only applies to workingDay periods/ },
  { kind: 'source citing a document the version does not list', files: withVersion((v) => { v.deadlines[0].source = 'other-rules.txt §4'; }), file: 'versions/v1.json', path: '/deadlines/0/source', says: /cites other-rules\.txt, which is not among this version's documents/ },
  { kind: 'version file named differently from its id', files: withVersion((v) => { v.id = 'v2'; }), file: 'versions/v1.json', path: '/id', says: /file is named "v1\.json"/ },
  { kind: 'end before start', files: withVersion((v) => { v.effectiveTo = '2024-12-31'; }), file: 'versions/v1.json', path: '/effectiveTo', says: /before effectiveFrom 2025-01-01/ },
  {
    kind: 'two versions in force on the same day',
    files: [...miniPackFiles(), { path: 'versions/v2.json', text: JSON.stringify({ ...miniVersion(), id: 'v2', effectiveFrom: '2026-01-01' }) }],
    file: 'versions/v2.json',
    path: '/effectiveFrom',
    says: /falls inside version "v1"/,
  },
  { kind: 'rating scale with no rework level', files: withVersion((v) => { v.rating.levels[1].triggersRework = false; }), file: 'versions/v1.json', path: '/rating/levels', says: /no level triggers rework/ },
  { kind: 'rating scale listed worst first', files: withVersion((v) => { v.rating.levels.reverse(); }), file: 'versions/v1.json', path: '/rating/levels/0/triggersRework', says: /best level cannot trigger rework/ },
  { kind: 'duplicate key', files: withVersion((v) => { v.rating.levels[1].key = 'satisfied'; }), file: 'versions/v1.json', path: '/rating/levels/1/key', says: /declares rating level "satisfied" twice/ },
  { kind: 'office hours ending before they start', files: withVersion((v) => { v.officeHours.periods[0].end = '08:00'; }), file: 'versions/v1.json', path: '/officeHours/periods/0/end', says: /08:00 is not after 09:00/ },
  { kind: 'malformed clock time', files: withVersion((v) => { v.officeHours.periods[0].start = '9:00'; }), file: 'versions/v1.json', path: '/officeHours/periods/0/start', says: /time of day written HH:MM/ },
  { kind: 'warning at the whole period', files: withVersion((v) => { v.warnings = [warning({ fraction: 1 })]; }), file: 'versions/v1.json', path: '/warnings/0/fraction', says: /must be less than 1; found 1/ },
  { kind: 'warning on a stage no one declares', files: withVersion((v) => { v.warnings = [warning({ stage: 'answer' })]; }), file: 'versions/v1.json', path: '/warnings/0/stage', says: /stage "answer" is neither a core stage .* nor declared in city\.json stages/ },
  { kind: 'warning on a stage without a period', files: withVersion((v) => { v.warnings = [warning({ stage: 'rework' })]; }), file: 'versions/v1.json', path: '/warnings/0/stage', says: /no deadline rule of this version gives stage "rework" a period/ },
  { kind: 'warning under an undeclared trigger', files: withVersion((v) => { v.warnings = [warning({ trigger: 'nearlyLate' })]; }), file: 'versions/v1.json', path: '/warnings/0/trigger', says: /"nearlyLate" is not among this version's supervisionTriggers \(overdue\)/ },
  { kind: 'two warnings of a stage at one fraction', files: withVersion((v) => { v.warnings = [warning(), warning({ key: 'again' })]; }), file: 'versions/v1.json', path: '/warnings/1/fraction', says: /another warning of stage "handle" fires at the same fraction/ },
  { kind: 'city id differing from its folder', files: withCity((c) => { c.id = 'other'; }), file: 'city.json', path: '/id', says: /pack folder is "mini"/ },
  { kind: 'city without the general urgency', files: withCity((c) => { c.urgencyClasses[1].key = 'normal'; }), file: 'city.json', path: '/urgencyClasses', says: /must include the class "general"/ },
  { kind: 'malformed UTC offset', files: withCity((c) => { c.utcOffset = '+8'; }), file: 'city.json', path: '/utcOffset', says: /UTC offset like \+08:00/ },
  { kind: 'calendar layer with no year', files: withCity((c) => { c.calendarLayers.push('xinjiang'); }), file: 'city.json', path: '/calendarLayers/1', says: /layer "xinjiang" has no calendar year/ },
  { kind: 'calendar year of a layer the city does not use', files: withCalendar((c) => { c.layer = 'xinjiang'; }).map((f) => (f.path.startsWith('calendar/') ? { ...f, path: 'calendar/xinjiang-2026.json' } : f)), file: 'calendar/xinjiang-2026.json', path: '/layer', says: /not in city\.json calendarLayers/ },
  { kind: 'calendar file named after another year', files: withCalendar((c) => { c.year = 2027; }), file: 'calendar/national-2026.json', path: '/layer', says: /belongs in calendar\/national-2027\.json/ },
  { kind: 'calendar date outside its year', files: withCalendar((c) => { c.holidays[0].date = '2025-12-31'; }), file: 'calendar/national-2026.json', path: '/holidays/0/date', says: /2025-12-31 is not in 2026/ },
  { kind: 'make-up working day on a weekday', files: withCalendar((c) => { c.workdays[0].date = '2026-01-05'; }), file: 'calendar/national-2026.json', path: '/workdays/0/date', says: /is a weekday already/ },
  { kind: 'day both holiday and working day', files: withCalendar((c) => { c.workdays.push({ date: '2026-02-15', name: 'x' }); }), file: 'calendar/national-2026.json', path: '/workdays/4/date', says: /2026-02-15 is already listed in holidays\/\d+/ },
];

describe('validatePack refuses a broken pack and names where', () => {
  it.each(cases)('$kind → $file at $path', ({ files, file, path, says }) => {
    const result = validatePack(files, { label: 'cities/mini', expectedId: 'mini' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const hit = result.issues.find((i) => i.file === `cities/mini/${file}` && i.path === path && says.test(i.message));
    expect(hit, `issues were:\n${result.issues.map(formatIssue).join('\n')}`).toBeDefined();
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
