// What the resolver knows about the moment a form is served: the pack (and which of its rule
// versions applies), the units from the server's database, and the ticket the task belongs to.
import { CityRules, type CityPack, HotlineError, type Period, type RuleVersion, stagesOf } from '@hotline/rules';
import type { FormCondition } from './form-file';

export interface UnitOption {
  /** The unit's id in the server's database. */
  key: string;
  /** Its name as staff see it. */
  label: string;
  /** The unit above it in the organisation (区 › 街道 › 社区), by key; none for a top unit. */
  parent?: string | null;
}

export interface PlaceOption {
  /** The place's code (区划代码 or the city's own). */
  key: string;
  /** Its path from the district down, as staff read it: "和平区 › 劝业场街道". */
  label: string;
}

/** A place as the organisation stores it (GET /api/cities/:city/places). */
export interface PlaceRecord {
  code: string;
  name: string;
  parent: string | null;
}

/** The places as choices, each labelled by its path from the district down ("和平区 › 劝业场街道"). */
export function placeOptions(places: readonly PlaceRecord[]): PlaceOption[] {
  const byCode = new Map(places.map((p) => [p.code, p]));
  const pathOf = (code: string | null, seen: Set<string>): string[] => {
    const place = code === null || seen.has(code) ? undefined : byCode.get(code);
    return place ? [...pathOf(place.parent, seen.add(code!)), place.name] : [];
  };
  return places.map((p) => ({ key: p.code, label: pathOf(p.code, new Set()).join(' › ') }));
}

export interface FormContext {
  /** The validated city pack (`validatePack(...).pack`). */
  pack: CityPack;
  /** The rule version by id; wins over `at`. */
  versionId?: string;
  /** The instant that picks the rule version: the ticket's registration. */
  at?: string | number;
  /** Handling units, for `x-options: "units"`. */
  units?: readonly UnitOption[];
  /** The city's places (区划), for `x-options: "places"`. */
  places?: readonly PlaceOption[];
  /** The ticket the task belongs to; without it, ticket-dependent fields stay optional. */
  ticket?: { type?: string; urgency?: string };
  /** Extensions already approved for the ticket (for the extension policy's caps). */
  extensionsSoFar?: { count: number; total?: Period };
  /** Reworks already done for the ticket. */
  reworksSoFar?: number;
  /** The unit asked to return the ticket after its ordinary return window (`returnRequestedAtOnTime` false). */
  returnLate?: boolean;
}

/** Everything the resolver reads, worked out once per call. */
export interface Scope {
  context: FormContext;
  rules: CityRules;
  version: RuleVersion;
}

const rulesCache = new WeakMap<CityPack, CityRules>();

function rulesOf(pack: CityPack): CityRules {
  let rules = rulesCache.get(pack);
  if (!rules) {
    rules = new CityRules(pack);
    rulesCache.set(pack, rules);
  }
  return rules;
}

export function scopeOf(context: FormContext): Scope {
  const { pack } = context;
  const rules = rulesOf(pack);
  let version: RuleVersion | undefined;
  if (context.versionId !== undefined) {
    version = pack.versions.find((v) => v.id === context.versionId);
    if (!version) {
      throw new HotlineError(
        'UNKNOWN_RULE_VERSION',
        `${pack.city.id} has no rule version "${context.versionId}"; versions are ${pack.versions.map((v) => v.id).join(', ')}`,
      );
    }
  } else if (context.at !== undefined) {
    version = rules.versionAt(context.at);
  } else {
    version = [...pack.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1);
    if (!version) throw new HotlineError('NO_RULE_VERSION', `${pack.city.id} has no rule version`);
  }
  const { type, urgency } = context.ticket ?? {};
  const types = pack.city.ticketTypes.map((t) => t.key as string);
  if (type !== undefined && !types.includes(type)) {
    throw new HotlineError('UNKNOWN_TYPE', `unknown ticket type "${type}" for ${pack.city.id}; types are ${types.join(', ')}`);
  }
  const urgencies = pack.city.urgencyClasses.map((u) => u.key);
  if (urgency !== undefined && !urgencies.includes(urgency)) {
    throw new HotlineError('UNKNOWN_URGENCY', `unknown urgency "${urgency}" for ${pack.city.id}; urgency classes are ${urgencies.join(', ')}`);
  }
  return { context, rules, version };
}

/** A condition is true, false, or unknown (the context does not say). */
export type Truth = true | false | 'unknown';

/** The value at `path` (dots) of the version's policies, or undefined. */
export function policyValue(version: RuleVersion, path: string): unknown {
  let node: unknown = version.policies;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function evaluate(condition: FormCondition, scope: Scope): Truth {
  const { version, rules } = scope;
  const { type, urgency } = scope.context.ticket ?? {};
  const results: Truth[] = [];
  if (condition.ticketTypes !== undefined) {
    results.push(type === undefined ? 'unknown' : condition.ticketTypes.includes(type));
  }
  if (condition.urgencies !== undefined) {
    results.push(urgency === undefined ? 'unknown' : condition.urgencies.includes(urgency));
  }
  if (condition.ratedTicket !== undefined) {
    const rated: Truth = type === undefined ? 'unknown' : !(version.rating.notRatedTypes as string[]).includes(type);
    results.push(rated === 'unknown' ? rated : rated === condition.ratedTicket);
  }
  if (condition.reworkAvailable !== undefined) {
    let available: Truth = 'unknown';
    const done = scope.context.reworksSoFar;
    if (done !== undefined && done >= version.policies.rework.maxCount) available = false;
    else if (type !== undefined) {
      const allowed = rules.resolve(version, { stage: 'rework', type, ...(urgency !== undefined ? { urgency } : {}) }).allowed;
      if (!allowed) available = false;
      else if (done !== undefined && urgency !== undefined) available = true;
    }
    results.push(available === 'unknown' ? available : available === condition.reworkAvailable);
  }
  if (condition.policy !== undefined) {
    const value = policyValue(version, condition.policy);
    if (typeof value !== 'boolean') {
      throw new HotlineError(
        'FORM_BAD_ANNOTATION',
        `policy "${condition.policy}" is not a yes/no setting of rule version ${version.id} (found ${JSON.stringify(value)})`,
      );
    }
    results.push(value);
  }
  if (condition.returnLate !== undefined) {
    const late = scope.context.returnLate;
    results.push(late === undefined ? 'unknown' : late === condition.returnLate);
  }
  if (condition.stageAllowed !== undefined) results.push(stageAllowed(condition.stageAllowed, scope));
  if (results.includes(false)) return false;
  if (results.includes('unknown')) return 'unknown';
  return true;
}

/** The stage has a period for this ticket under its rule version: false where no rule of the version names it. */
function stageAllowed(stage: string, scope: Scope): Truth {
  const { version, rules } = scope;
  if (!stagesOf(scope.context.pack.city).some((s) => s.key === stage)) return false;
  if (!version.deadlines.some((r) => r.stage === stage && 'period' in r)) return false;
  const { type, urgency } = scope.context.ticket ?? {};
  if (type === undefined) return 'unknown';
  return rules.resolve(version, { stage, type, ...(urgency !== undefined ? { urgency } : {}) }).allowed;
}
