// A city's rules, ready to answer: which rule version applies at an instant, which deadline rule
// applies to (stage, ticket type, urgency), and when a period that starts now ends.
import { WorkingDayCalendar } from '../calendar/working-days';
import { formatInstant, formatLocalDate, localDayOf, parseInstant, parseOffset } from '../calendar/local-date';
import { HotlineError } from '../errors';
import { stagesOf } from '../pack/vocabulary';
import type {
  AllowedDeadlineRule,
  CityPack,
  CountFrom,
  DeadlineWarning,
  ForbiddenDeadlineRule,
  Period,
  RuleVersion,
  Stage,
  WorkingDayMode,
} from '../pack/types';
import { addPeriod, subtractPeriod } from './periods';
import { type SpanCounting, fractionInstant } from './warnings';

export interface RuleQuery {
  stage: string;
  type: string;
  /** Defaults to `general`. */
  urgency?: string;
}

export type RuleResolution =
  | { allowed: true; version: RuleVersion; rule: AllowedDeadlineRule }
  /** A rule says the stage is not allowed, with the reason staff read. */
  | { allowed: false; version: RuleVersion; why: 'forbidden'; rule: ForbiddenDeadlineRule; reason: string; source: string }
  /** No rule gives this stage a period. */
  | { allowed: false; version: RuleVersion; why: 'undefined'; reason: string; source: string };

/** A period a statute sets for one ticket, overriding the pack (Tianjin 2025 §11, Hangzhou §14, Turpan §17). */
export interface LegalPeriod extends Period {
  /** The statute, e.g. 《政府信息公开条例》第三十三条. */
  source: string;
}

export interface DeadlineRequest extends RuleQuery {
  /** The instant the period starts from (see the rule's countFrom). ISO-8601 text or epoch ms. */
  from: string | number;
  /** The instant that picks the rule version: the ticket's registration. Defaults to `from`. */
  at?: string | number;
  /** A rule version by id instead of the one in force at `at`: new rules applied to an open ticket. */
  version?: string;
  legalPeriod?: LegalPeriod;
}

export interface Deadline {
  city: string;
  ruleVersion: string;
  ruleVersionName: string;
  draftRules: boolean;
  stage: Stage;
  type: string;
  urgency: string;
  countFrom: CountFrom;
  from: string;
  due: string;
  dueMs: number;
  /** Some day counted lies in a year whose official holiday schedule is not loaded. */
  provisional: boolean;
  period: Period;
  mode: WorkingDayMode | null;
  source: string;
  assumption?: string;
  legalOverride?: string;
}

/** A stage's span: from its first start to its current due instant, counted as its period is. */
export interface StageSpan extends SpanCounting {
  startMs: number;
  dueMs: number;
}

/** A warning placed on a ticket's timeline: when it fires. */
export interface WarningInstant {
  key: string;
  stage: string;
  trigger: string;
  label: string;
  fraction: number;
  source: string;
  /** ISO-8601 in the city's offset. */
  at: string;
  atMs: number;
  provisional: boolean;
}

export class CityRules {
  readonly pack: CityPack;
  readonly calendar: WorkingDayCalendar;
  readonly offsetMinutes: number;

  constructor(pack: CityPack) {
    this.pack = pack;
    this.calendar = new WorkingDayCalendar(pack.calendar, pack.city.calendarLayers);
    const offset = parseOffset(pack.city.utcOffset);
    if (offset === null) throw new HotlineError('PACK_BAD_OFFSET', `utcOffset ${pack.city.utcOffset} is malformed`);
    this.offsetMinutes = offset;
  }

  get cityId(): string {
    return this.pack.city.id;
  }

  /** The rule version in force on the local day of `at` (a ticket's registration). */
  versionAt(at: string | number): RuleVersion {
    const ms = this.instant(at, 'at');
    const day = formatLocalDate(localDayOf(ms, this.offsetMinutes));
    const version = this.pack.versions.find(
      (v) => v.effectiveFrom <= day && (v.effectiveTo === undefined || day <= v.effectiveTo),
    );
    if (!version) {
      const ranges = this.pack.versions.map((v) => `${v.id}: ${v.effectiveFrom} to ${v.effectiveTo ?? 'open end'}`);
      throw new HotlineError(
        'NO_RULE_VERSION',
        `${this.cityId} has no rule version in force on ${day} (versions: ${ranges.join('; ')})`,
      );
    }
    return version;
  }

  /**
   * A ticket's rule version: the one in force at its registration, unless policy staff moved the ticket
   * to another (`override`, a version id: new rules applied to open tickets).
   */
  versionOfTicket(registeredAt: string | number, override?: string | null): RuleVersion {
    return override === undefined || override === null ? this.versionAt(registeredAt) : this.versionById(override);
  }

  /** A rule version of the pack by its id (`2025`). */
  versionById(id: string): RuleVersion {
    const version = this.pack.versions.find((v) => v.id === id);
    if (!version) {
      throw new HotlineError('NO_RULE_VERSION', `${this.cityId} has no rule version ${id} (versions: ${this.pack.versions.map((v) => v.id).join(', ')})`);
    }
    return version;
  }

  /** The first deadline rule of the version that matches; says why when the stage is not allowed. */
  resolve(version: RuleVersion, query: RuleQuery): RuleResolution {
    const { stage, type } = query;
    const urgency = query.urgency ?? 'general';
    this.checkVocabulary(stage, type, urgency);
    const rule = version.deadlines.find(
      (r) =>
        r.stage === stage &&
        (r.types === undefined || r.types.includes(type as never)) &&
        (r.urgencies === undefined || r.urgencies.includes(urgency)),
    );
    if (!rule) {
      return {
        allowed: false,
        version,
        why: 'undefined',
        reason: `the ${version.id} rules set no ${stage} period for a ${type} ticket of urgency ${urgency}`,
        source: version.documents.map((d) => d.file).join(', '),
      };
    }
    if ('notAllowed' in rule) return { allowed: false, version, why: 'forbidden', rule, reason: rule.notAllowed, source: rule.source };
    return { allowed: true, version, rule };
  }

  /** When the period for this stage ends. Throws STAGE_NOT_ALLOWED with the rule's reason, NO_RULE when none applies. */
  deadline(request: DeadlineRequest): Deadline {
    const fromMs = this.instant(request.from, 'from');
    const version = request.version === undefined ? this.versionAt(request.at ?? fromMs) : this.versionById(request.version);
    const resolution = this.resolve(version, request);
    if (!resolution.allowed) {
      throw new HotlineError(
        resolution.why === 'forbidden' ? 'STAGE_NOT_ALLOWED' : 'NO_RULE',
        `${request.stage} ${resolution.why === 'forbidden' ? 'is not allowed' : 'has no period'} for a ${request.type} ticket (${request.urgency ?? 'general'}) under ${this.cityId} rules ${version.id}: ${resolution.reason} (${resolution.source})`,
      );
    }
    const { rule } = resolution;
    const period: Period = request.legalPeriod ?? rule.period;
    const mode = period.unit === 'workingDay' ? (period.mode ?? version.workingDayMode) : null;
    const end = addPeriod(fromMs, period, {
      calendar: this.calendar,
      offsetMinutes: this.offsetMinutes,
      mode: mode ?? version.workingDayMode,
      officeHours: version.officeHours.periods,
      anchor: rule.countFrom === 'periodEnd' ? 'periodEnd' : 'instant',
    });
    return {
      city: this.cityId,
      ruleVersion: version.id,
      ruleVersionName: version.name,
      draftRules: version.draft === true,
      stage: rule.stage,
      type: request.type,
      urgency: request.urgency ?? 'general',
      countFrom: rule.countFrom,
      from: formatInstant(fromMs, this.offsetMinutes),
      due: formatInstant(end.dueMs, this.offsetMinutes),
      dueMs: end.dueMs,
      provisional: end.provisional,
      period: { amount: period.amount, unit: period.unit, ...(period.mode ? { mode: period.mode } : {}) },
      mode,
      source: rule.source,
      ...(rule.assumption !== undefined && request.legalPeriod === undefined ? { assumption: rule.assumption } : {}),
      ...(request.legalPeriod ? { legalOverride: request.legalPeriod.source } : {}),
    };
  }

  /**
   * The return window of a matter the unit declares 疑难复杂 (`policies.return.complexPeriod`, Tianjin
   * 2024 §17: 2 working days), counted from where the `return` rule counts; null without one.
   */
  complexReturnDue(request: Omit<DeadlineRequest, 'stage' | 'legalPeriod'>): { due: string; dueMs: number; provisional: boolean } | null {
    const at = request.at ?? request.from;
    const version = request.version === undefined ? this.versionAt(at) : this.versionById(request.version);
    const period = version.policies.return.complexPeriod;
    if (period === undefined) return null;
    const { due, dueMs, provisional } = this.deadline({ ...request, stage: 'return', legalPeriod: { ...period, source: version.policies.return.source } });
    return { due, dueMs, provisional };
  }

  /**
   * The last instant an extension may be requested for a handling period due at `dueMs`: the
   * version's `policies.extension.requestLeadTime` before it (Tianjin 2025 §12: 至少提前1个工作日).
   * null when the version sets no lead time.
   */
  extensionRequestLatest(version: RuleVersion, dueMs: number): { at: string; atMs: number; provisional: boolean } | null {
    const lead = version.policies.extension.requestLeadTime;
    if (lead === undefined) return null;
    const end = subtractPeriod(dueMs, lead, { calendar: this.calendar, offsetMinutes: this.offsetMinutes });
    return { at: formatInstant(end.dueMs, this.offsetMinutes), atMs: end.dueMs, provisional: end.provisional };
  }

  /** When each of these warnings (of one version) fires over a stage's span, earliest first. */
  warningInstants(version: RuleVersion, warnings: readonly DeadlineWarning[], span: StageSpan): WarningInstant[] {
    const ctx = { calendar: this.calendar, offsetMinutes: this.offsetMinutes, officeHours: version.officeHours.periods };
    return warnings
      .map((w) => {
        const { atMs, provisional } = fractionInstant(span.startMs, span.dueMs, w.fraction, span, ctx);
        return { key: w.key, stage: w.stage, trigger: w.trigger, label: w.label, fraction: w.fraction, source: w.source, at: formatInstant(atMs, this.offsetMinutes), atMs, provisional };
      })
      .sort((a, b) => a.atMs - b.atMs || a.fraction - b.fraction);
  }

  private instant(value: string | number, name: string): number {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new HotlineError('BAD_INSTANT', `${name}: ${value} is not an instant`);
      return value;
    }
    const parsed = parseInstant(value);
    if (!parsed.ok) throw new HotlineError('BAD_INSTANT', `${name}: "${value}" is not valid: ${parsed.reason}`);
    return parsed.ms;
  }

  private checkVocabulary(stage: string, type: string, urgency: string): void {
    const stages = stagesOf(this.pack.city).map((s) => s.key);
    if (!stages.includes(stage)) {
      throw new HotlineError('UNKNOWN_STAGE', `unknown stage "${stage}" for ${this.cityId}; stages are ${stages.join(', ')}`);
    }
    const types = this.pack.city.ticketTypes.map((t) => t.key as string);
    if (!types.includes(type)) {
      throw new HotlineError('UNKNOWN_TYPE', `unknown ticket type "${type}" for ${this.cityId}; types are ${types.join(', ')}`);
    }
    const urgencies = this.pack.city.urgencyClasses.map((u) => u.key);
    if (!urgencies.includes(urgency)) {
      throw new HotlineError(
        'UNKNOWN_URGENCY',
        `unknown urgency "${urgency}" for ${this.cityId}; urgency classes are ${urgencies.join(', ')}`,
      );
    }
  }
}
