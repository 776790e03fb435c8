// Deadline arithmetic on a small pack whose 2026 calendar carries the real holidays and 调休 days
// the tests lean on (New Year, Spring Festival, National Day). Per-city tables live in cities/test.
import { describe, expect, it } from 'vitest';
import { CityRules, HotlineError, isOverdue, parsePack, parsePeriod } from '../src/index';
import { miniPackFiles, miniVersion } from './fixtures/mini-pack';

const rules = (version = miniVersion()) => new CityRules(parsePack(miniPackFiles({ version })));
const mini = rules();

function due(request: Parameters<CityRules['deadline']>[0], r = mini) {
  return r.deadline(request);
}

describe('working-day periods, civil-code mode (the default)', () => {
  it.each([
    ['Friday afternoon, 1 working day → end of Monday (RULES.md example)', 'accept', '2026-11-20T16:00:00+08:00', '2026-11-24T00:00:00+08:00'],
    ['the start day is not counted even at 00:00', 'accept', '2026-11-20T00:00:00+08:00', '2026-11-24T00:00:00+08:00'],
    ['a start on a holiday counts from the next working day', 'accept', '2026-10-03T10:00:00+08:00', '2026-10-09T00:00:00+08:00'],
    ['a make-up Saturday (调休) is a working day', 'accept', '2026-02-13T10:00:00+08:00', '2026-02-15T00:00:00+08:00'],
    ['New Year holiday, then the make-up Sunday 2026-01-04', 'accept', '2025-12-31T18:00:00+08:00', '2026-01-05T00:00:00+08:00'],
    ['7 working days across the Spring Festival and both of its make-up Saturdays', 'handle', '2026-02-13T10:00:00+08:00', '2026-03-03T00:00:00+08:00'],
    ['7 working days across National Day and the make-up Saturday 2026-10-10', 'handle', '2026-09-30T09:00:00+08:00', '2026-10-16T00:00:00+08:00'],
    ['an instant given in UTC counts on the local (+08:00) day', 'accept', '2026-11-19T20:00:00Z', '2026-11-24T00:00:00+08:00'],
  ])('%s', (_name, stage, from, expected) => {
    const d = due({ stage, type: 'complaint', from });
    expect(d.due).toBe(expected);
    expect(d.provisional).toBe(false);
    expect(d.mode).toBe('civil-code');
  });

  it('a period running into a year whose schedule is not loaded is provisional, counted on weekends only', () => {
    const d = due({ stage: 'handle', type: 'complaint', from: '2026-12-30T10:00:00+08:00' });
    expect(d.due).toBe('2027-01-09T00:00:00+08:00');
    expect(d.provisional).toBe(true);
  });

  it('a period that ends before the unloaded year is not provisional, even when it starts just before it', () => {
    const d = due({ stage: 'accept', type: 'complaint', from: '2026-12-30T10:00:00+08:00' });
    expect(d).toMatchObject({ due: '2027-01-01T00:00:00+08:00', provisional: false });
  });
});

describe('hour and minute periods are exact durations', () => {
  it.each([
    ['2 h across midnight on a holiday', 'handle', 'lifeSafety', '2026-10-01T23:30:00+08:00', '2026-10-02T01:30:00+08:00'],
    ['15 min across midnight', 'accept', 'lifeSafety', '2026-02-16T23:50:00+08:00', '2026-02-17T00:05:00+08:00'],
    ['24 h over a weekend', 'dispatch', 'general', '2026-11-21T09:15:30+08:00', '2026-11-22T09:15:30+08:00'],
  ])('%s', (_name, stage, urgency, from, expected) => {
    expect(due({ stage, type: 'complaint', urgency, from }).due).toBe(expected);
  });
});

describe('extensions count from the day the current period ends', () => {
  it('a deadline of 2026-10-15 24:00 extended by 7 working days ends 2026-10-26 24:00', () => {
    const d = due({ stage: 'extension', type: 'complaint', from: '2026-10-16T00:00:00+08:00' });
    expect(d.due).toBe('2026-10-27T00:00:00+08:00');
    expect(d.countFrom).toBe('periodEnd');
  });

  it('treating the midnight as the start of the next day would give one day more (the trap)', () => {
    const asRegistration = due({ stage: 'handle', type: 'complaint', from: '2026-10-16T00:00:00+08:00' });
    expect(asRegistration.due).toBe('2026-10-28T00:00:00+08:00');
  });

  it('is refused with the rule\'s reason where the pack forbids it', () => {
    expect(() => due({ stage: 'extension', type: 'consult', from: '2026-10-16T00:00:00+08:00' })).toThrow(
      /extension is not allowed for a consult ticket.*咨询类事项不得延期 \(mini-rules\.txt §6\)/,
    );
  });
});

describe('the other working-day modes', () => {
  const withMode = (mode: string) => rules(miniVersion({ workingDayMode: mode }));

  it.each([
    ['same-time: the same clock time on the n-th working day', 'same-time', '2026-11-20T16:00:00+08:00', '2026-11-23T16:00:00+08:00'],
    ['same-time across the Spring Festival', 'same-time', '2026-02-13T10:30:00+08:00', '2026-02-14T10:30:00+08:00'],
    ['office-hours: what is left of Friday, then Monday', 'office-hours', '2026-11-20T16:00:00+08:00', '2026-11-23T16:00:00+08:00'],
    ['office-hours: registered after hours, one full office day', 'office-hours', '2026-11-20T20:00:00+08:00', '2026-11-23T17:30:00+08:00'],
    ['office-hours: registered at lunch', 'office-hours', '2026-11-23T12:30:00+08:00', '2026-11-24T12:00:00+08:00'],
    ['office-hours across National Day', 'office-hours', '2026-09-30T10:00:00+08:00', '2026-10-08T10:00:00+08:00'],
  ])('%s', (_name, mode, from, expected) => {
    expect(due({ stage: 'accept', type: 'complaint', from }, withMode(mode)).due).toBe(expected);
  });

  it('a period may choose its own mode over the version\'s', () => {
    const v = miniVersion();
    (v.deadlines[1] as { period: Record<string, unknown> }).period.mode = 'same-time';
    const d = due({ stage: 'accept', type: 'complaint', from: '2026-11-20T16:00:00+08:00' }, rules(v));
    expect(d).toMatchObject({ due: '2026-11-23T16:00:00+08:00', mode: 'same-time' });
  });
});

describe('a statutory period overrides the pack for one ticket', () => {
  it('uses the legal period and names the statute', () => {
    const d = due({
      stage: 'handle',
      type: 'complaint',
      from: '2026-11-20T16:00:00+08:00',
      legalPeriod: { ...parsePeriod('15wd'), source: '《政府信息公开条例》第三十三条' },
    });
    expect(d.due).toBe('2026-12-12T00:00:00+08:00');
    expect(d.legalOverride).toBe('《政府信息公开条例》第三十三条');
    expect(d.period).toEqual({ amount: 15, unit: 'workingDay' });
  });

  it.each(['15', 'wd', '0wd', '2 weeks', '-1h'])('refuses the period text %j', (text) => {
    expect(() => parsePeriod(text)).toThrow(/is not a period/);
  });
});

describe('rule versions are chosen by the registration instant', () => {
  const v1 = miniVersion({ effectiveTo: '2025-12-31' });
  const v2 = miniVersion({ id: 'v2', effectiveFrom: '2026-01-01' });
  (v2.deadlines[3] as { period: { amount: number } }).period.amount = 5;
  const twoVersions = new CityRules(
    parsePack([
      ...miniPackFiles({ version: v1 }),
      { path: 'versions/v2.json', text: JSON.stringify(v2) },
    ]),
  );

  it.each([
    ['2025-12-31T23:59:59+08:00', 'v1', 7],
    ['2026-01-01T00:00:00+08:00', 'v2', 5],
    ['2025-12-31T16:00:00Z', 'v2', 5], // already 2026-01-01 00:00 in the city
  ])('registered %s → rules %s', (at, version, days) => {
    const d = twoVersions.deadline({ stage: 'handle', type: 'complaint', from: '2026-03-02T10:00:00+08:00', at });
    expect(d.ruleVersion).toBe(version);
    expect(d.period.amount).toBe(days);
  });

  it('without --at the start instant picks the version', () => {
    expect(twoVersions.deadline({ stage: 'handle', type: 'complaint', from: '2025-12-31T10:00:00+08:00' }).ruleVersion).toBe('v1');
  });

  it('an instant before every version is refused', () => {
    expect(() => twoVersions.versionAt('2024-06-01T00:00:00+08:00')).toThrow(/no rule version in force on 2024-06-01/);
  });
});

describe('bad requests name what is wrong', () => {
  const base = { stage: 'accept', type: 'complaint', from: '2026-11-20T16:00:00+08:00' };
  it.each([
    [{ ...base, stage: 'review' }, 'UNKNOWN_STAGE', /unknown stage "review"/],
    [{ ...base, type: 'praise' }, 'UNKNOWN_TYPE', /unknown ticket type "praise" for mini; types are consult, complaint/],
    [{ ...base, urgency: 'utilities' }, 'UNKNOWN_URGENCY', /unknown urgency "utilities"/],
    [{ ...base, from: '2026-11-20 16:00' }, 'BAD_INSTANT', /from: "2026-11-20 16:00" is not valid: expected an ISO-8601 instant with an offset/],
    [{ ...base, from: '2026-11-20T16:00:00' }, 'BAD_INSTANT', /with an offset/],
    [{ ...base, from: '2026-02-30T16:00:00+08:00' }, 'BAD_INSTANT', /2026-02-30 is not a calendar date/],
    [{ ...base, from: '2026-11-20T24:30:00+08:00' }, 'BAD_INSTANT', /is not a time of day/],
    [{ ...base, at: 'yesterday' }, 'BAD_INSTANT', /at: "yesterday"/],
    [{ ...base, stage: 'designatedHandle' }, 'NO_RULE', /designatedHandle has no period .*the v1 rules set no designatedHandle period/],
  ])('%j → %s', (request, code, message) => {
    let error: unknown;
    try {
      due(request);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HotlineError);
    expect((error as HotlineError).code).toBe(code);
    expect((error as HotlineError).message).toMatch(message);
  });
});

describe('the last instant a request is allowed before a due instant (policies.extension.requestLeadTime)', () => {
  const withLead = () => mini;
  const latest = (dueAt: string, r = withLead()) => r.extensionRequestLatest(r.versionAt(dueAt), Date.parse(dueAt))?.at;

  it.each([
    ['due at 24:00 on a Wednesday: until 24:00 on the Tuesday', '2026-12-03T00:00:00+08:00', '2026-12-02T00:00:00+08:00'],
    ['due at 24:00 on a Monday: until 24:00 on the Friday before, the weekend not counted', '2026-11-24T00:00:00+08:00', '2026-11-21T00:00:00+08:00'],
    ['due in the afternoon (same-time counting): the same clock time one working day earlier', '2026-11-24T15:00:00+08:00', '2026-11-23T15:00:00+08:00'],
    ['due after National Day: the holiday is not a working day', '2026-10-09T00:00:00+08:00', '2026-10-01T00:00:00+08:00'],
  ])('%s', (_name, dueAt, expected) => {
    expect(latest(dueAt)).toBe(expected);
  });

  it('is null where the rules set no lead time', () => {
    const version = miniVersion() as { policies: { extension: Record<string, unknown> } };
    delete version.policies.extension.requestLeadTime;
    const none = rules(version as ReturnType<typeof miniVersion>);
    expect(none.extensionRequestLatest(none.versionAt('2026-12-01T00:00:00+08:00'), Date.parse('2026-12-03T00:00:00+08:00'))).toBeNull();
  });

  it('refuses a lead time without the sentence staff read when a request is late', () => {
    const version = miniVersion() as { policies: { extension: Record<string, unknown> } };
    delete version.policies.extension.lateRequestRefusal;
    expect(() => rules(version as ReturnType<typeof miniVersion>)).toThrow(/lateRequestRefusal/);
  });
});

describe('isOverdue: one comparison for the deadline watch, the inbox filter, the board and the countdown', () => {
  it('is overdue from the due instant on, not a millisecond before', () => {
    const dueMs = Date.parse('2026-12-03T00:00:00+08:00');
    expect(isOverdue(dueMs, dueMs - 1)).toBe(false);
    expect(isOverdue(dueMs, dueMs)).toBe(true);
    expect(isOverdue(dueMs, dueMs + 1)).toBe(true);
  });
});
