// Validation of a whole pack folder, given as its files' text so that the browser, the CLI and
// the server share one implementation. Nothing here reads a disk.
import { checkSubjectProcesses, subjectProcessesOf } from './subject-processes';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { parseLocalDate } from '../calendar/local-date';
import type { PackIssue } from '../errors';
import { PackValidationError } from '../errors';
import {
  checkCalendarLayers,
  checkCalendarYear,
  checkCity,
  checkVersion,
  checkVersionOverlaps,
} from './check';
import { checkAssessment } from './assessment-check';
import { checkMatters, checkRedirectMatters, MATTERS_FILE, matterCodes } from './matters-check';
import { ajvToMessages, parseJson } from './messages';
import { calendarYearSchema, citySchema, mattersSchema, ruleVersionSchema } from './schema';
import type { CalendarYear, CityInfo, CityPack, MatterTaxonomyFile, RuleVersion } from './types';
import { checkAnalysis } from './analysis';

export interface PackFile {
  /** Path inside the pack folder, with forward slashes: `city.json`, `versions/2025.json`. */
  path: string;
  text: string;
}

export interface ValidateOptions {
  /** Shown before each file name in messages, e.g. `cities/tianjin`. */
  label?: string;
  /** The folder's name: city.json's id must match it. */
  expectedId?: string;
  /**
   * The files of a published version, which the server checked when it was published: the JSON Schema
   * step is skipped (ajv compiles code with `new Function`, which the portal's Content-Security-Policy
   * forbids); the checks written in code still run.
   */
  published?: boolean;
}

export type PackValidation = { ok: true; pack: CityPack } | { ok: false; issues: PackIssue[] };

const SCHEMAS = { city: citySchema, version: ruleVersionSchema, calendar: calendarYearSchema, matters: mattersSchema };
type SchemaKind = keyof typeof SCHEMAS;
let validators: Record<SchemaKind, ValidateFunction> | null = null;

/** Compiled on first use, not when the module loads: a page that only reads published packs never compiles code. */
function validatorOf(kind: SchemaKind): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addFormat('date', (s: string) => parseLocalDate(s) !== null);
    validators = {
      city: ajv.compile(SCHEMAS.city),
      version: ajv.compile(SCHEMAS.version),
      calendar: ajv.compile(SCHEMAS.calendar),
      matters: ajv.compile(SCHEMAS.matters),
    };
  }
  return validators[kind];
}

const VERSION_FILE = /^versions\/[^/]+\.json$/;
const CALENDAR_FILE = /^calendar\/[^/]+\.json$/;

/** Which schema a file falls under; null for files the rules do not own (processes, forms). */
function kindOf(path: string): SchemaKind | null {
  if (path === 'city.json') return 'city';
  if (path === MATTERS_FILE) return 'matters';
  if (VERSION_FILE.test(path)) return 'version';
  if (CALENDAR_FILE.test(path)) return 'calendar';
  return null;
}

export function validatePack(files: readonly PackFile[], options: ValidateOptions = {}): PackValidation {
  const issues: PackIssue[] = [];
  const prefix = options.label ? `${options.label.replace(/\/$/, '')}/` : '';
  const report = (file: string, path: string, message: string, messageZh: string) =>
    issues.push({ file: prefix + file, path, message, messageZh });

  let city: CityInfo | undefined;
  const versions: Array<{ file: string; version: RuleVersion }> = [];
  const calendar: Array<{ file: string; year: CalendarYear }> = [];
  let matters: MatterTaxonomyFile | undefined;

  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const kind = kindOf(file.path);
    if (kind === null) continue;
    const parsed = parseJson(file.text);
    if (!parsed.ok) {
      report(file.path, '', parsed.message, parsed.messageZh);
      continue;
    }
    const validate = options.published ? null : validatorOf(kind);
    if (validate && !validate(parsed.value)) {
      for (const m of ajvToMessages(validate.errors ?? [], parsed.value)) report(file.path, m.path, m.message, m.messageZh);
      continue;
    }
    if (kind === 'city') city = parsed.value as CityInfo;
    if (kind === 'version') versions.push({ file: file.path, version: parsed.value as RuleVersion });
    if (kind === 'calendar') calendar.push({ file: file.path, year: parsed.value as CalendarYear });
    if (kind === 'matters') matters = parsed.value as MatterTaxonomyFile;
  }

  if (!files.some((f) => f.path === 'city.json')) report('city.json', '', 'is missing: every pack needs a city.json', '缺少此文件：每个城市包都需要 city.json');
  if (!files.some((f) => VERSION_FILE.test(f.path))) {
    report('versions', '', 'has no rule version: add versions/<id>.json', '没有规则版本：请添加 versions/<版本>.json');
  }
  if (city !== undefined && issues.length === 0) {
    checkCity(city, report, options.expectedId);
    checkSubjectProcesses(subjectProcessesOf(city), files, report);
    for (const v of versions) checkVersion(v.file, v.version, city, report);
    for (const v of versions) checkAssessment(v.file, v.version, city, report);
    checkVersionOverlaps(versions, report);
    for (const c of calendar) checkCalendarYear(c.file, c.year, city, report);
    checkCalendarLayers(city, calendar.map((c) => c.year), report);
    if (matters) checkMatters(matters, report);
    const codes = matterCodes(matters);
    for (const v of versions) checkRedirectMatters(v.file, v.version, codes, matters !== undefined, report);
    checkAnalysis(city, new Set(versions.flatMap((v) => v.version.rating.levels.map((l) => l.key))), codes, matters !== undefined, report);
  }
  if (issues.length > 0 || city === undefined) return { ok: false, issues };
  return {
    ok: true,
    pack: {
      city,
      versions: versions.map((v) => v.version).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)),
      calendar: calendar.map((c) => c.year).sort((a, b) => a.year - b.year || a.layer.localeCompare(b.layer)),
      ...(matters ? { matters } : {}),
    },
  };
}

/** Like validatePack, but throws a PackValidationError listing every issue. */
export function parsePack(files: readonly PackFile[], options: ValidateOptions = {}): CityPack {
  const result = validatePack(files, options);
  if (!result.ok) throw new PackValidationError(result.issues);
  return result.pack;
}
