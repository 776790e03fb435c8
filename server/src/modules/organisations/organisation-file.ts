// The file an implementer fills in to set up a city's organisation: JSON with `places`, `units` and
// `users`, or a spreadsheet saved as CSV (one file each: the header tells units from users, the name
// `places.csv` tells the places, whose header is the units' without `place`).
// Every problem names its row and field, so the file can be fixed in one pass.
import { parse as parseCsv } from 'csv-parse/sync';
import type { Issue } from '../../http/errors';
import { FORBIDDEN_TEXT_ZH, hasForbiddenText } from '../../http/text-input';
import type { Role } from '../auth/actor';

export const UNIT_KINDS = ['centre', 'district', 'street', 'community', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** The city's divisions (区划): district / county → street / township → community / village. */
export const PLACE_KINDS = ['district', 'street', 'community'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface PlaceInput {
  /** Where the row came from, for messages: `places.csv row 3`, `places[2]`. */
  where: string;
  code: string;
  name: string;
  kind: PlaceKind;
  parent: string | null;
}

export interface UnitInput {
  /** Where the row came from, for messages: `units.csv row 3`, `units[2]`. */
  where: string;
  code: string;
  name: string;
  kind: UnitKind;
  parent: string | null;
  /** The division a street office or community governs (a place code). */
  place: string | null;
  /** The unit's contact person (联系人) for reminders: the username of one of its staff. */
  contact?: string | null;
}

export interface UserInput {
  where: string;
  username: string;
  name: string;
  unit: string;
  roles: Role[];
  /** An initial password; absent, one is generated and reported once. */
  password: string | null;
  /** A mobile number for SMS reminders (personal data: read only by the SMS channel, shown in no list). */
  phone?: string | null;
}

export interface OrganisationInput {
  places: PlaceInput[];
  units: UnitInput[];
  users: UserInput[];
}

export type ParsedOrganisation = { ok: true; input: OrganisationInput } | { ok: false; issues: Issue[] };

const PLACE_COLUMNS = ['code', 'name', 'kind', 'parent'] as const;
const UNIT_COLUMNS = ['code', 'name', 'kind', 'parent', 'place', 'contact'] as const;
const USER_COLUMNS = ['username', 'name', 'unit', 'roles', 'password', 'phone'] as const;
type Row = Record<string, unknown>;

/** Reads one row's fields; each problem is added to `issues` with the row and field. */
class RowReader {
  constructor(
    private readonly row: Row,
    readonly where: string,
    private readonly issues: Issue[],
  ) {}

  problem(field: string, message: string): void {
    this.issues.push({ where: `${this.where}, ${field}`, message });
  }

  text(field: string, options: { required: boolean }): string | null {
    const value = this.row[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (options.required) this.problem(field, 'is required');
      return null;
    }
    if (typeof value !== 'string') {
      this.problem(field, `must be text, not ${JSON.stringify(value)}`);
      return null;
    }
    if (hasForbiddenText(value)) {
      this.problem(field, `contains a NUL character or an unpaired surrogate (${FORBIDDEN_TEXT_ZH})`);
      return null;
    }
    return value.trim();
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T | null {
    const value = this.text(field, { required: true });
    if (value === null) return null;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problem(field, `"${value}" is not one of ${allowed.join(', ')}`);
      return null;
    }
    return value as T;
  }

  /** Role names; whether the city's pack has them is checked on import, against the city. */
  roles(field: string): Role[] | null {
    const value = this.row[field];
    const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[;|\s]+/).filter(Boolean) : [];
    if (list.length === 0) {
      this.problem(field, `is required: one or more roles of the city's pack, or policy / admin (separate several with ";")`);
      return null;
    }
    const notNames = list.filter((r) => typeof r !== 'string');
    if (notNames.length > 0) {
      this.problem(field, `must be role names, not ${notNames.map((r) => JSON.stringify(r)).join(', ')}`);
      return null;
    }
    return [...new Set(list as Role[])];
  }
}

function readPlace(reader: RowReader): PlaceInput | null {
  const code = reader.text('code', { required: true });
  const name = reader.text('name', { required: true });
  const kind = reader.oneOf('kind', PLACE_KINDS);
  const parent = reader.text('parent', { required: false });
  if (code === null || name === null || kind === null) return null;
  return { where: reader.where, code, name, kind, parent };
}

function readUnit(reader: RowReader): UnitInput | null {
  const code = reader.text('code', { required: true });
  const name = reader.text('name', { required: true });
  const kind = reader.oneOf('kind', UNIT_KINDS);
  const parent = reader.text('parent', { required: false });
  const place = reader.text('place', { required: false });
  const contact = reader.text('contact', { required: false });
  if (code === null || name === null || kind === null) return null;
  return { where: reader.where, code, name, kind, parent, place, contact: contact?.toLowerCase() ?? null };
}

function readUser(reader: RowReader): UserInput | null {
  const username = reader.text('username', { required: true });
  const name = reader.text('name', { required: true });
  const unit = reader.text('unit', { required: true });
  const roles = reader.roles('roles');
  const password = reader.text('password', { required: false });
  const phone = reader.text('phone', { required: false });
  if (phone !== null && !/^\+?[0-9]{5,20}$/.test(phone)) reader.problem('phone', `"${phone}" is not a phone number: digits only, e.g. 13800000000`);
  if (username === null || name === null || unit === null || roles === null) return null;
  return { where: reader.where, username: username.toLowerCase(), name, unit, roles, password, phone };
}

function unknownFields(row: Row, known: readonly string[], where: string, issues: Issue[]): void {
  for (const key of Object.keys(row)) {
    if (!known.includes(key)) issues.push({ where: `${where}, ${key}`, message: `is not a known field (known: ${known.join(', ')})` });
  }
}

/** The JSON form: `{ "places": [...], "units": [...], "users": [...] }`, also the body of the API's import. */
export function readOrganisationJson(value: unknown, label: string): ParsedOrganisation {
  const issues: Issue[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, issues: [{ where: label, message: 'must be an object with "places", "units" and/or "users" lists' }] };
  }
  const doc = value as Record<string, unknown>;
  unknownFields(doc, ['places', 'units', 'users'], label, issues);
  const list = <T>(key: 'places' | 'units' | 'users', fields: readonly string[], read: (r: RowReader) => T | null): T[] => {
    const rows = doc[key] ?? [];
    if (!Array.isArray(rows)) {
      issues.push({ where: `${label} ${key}`, message: 'must be a list' });
      return [];
    }
    return rows.flatMap((row: unknown, i) => {
      const where = `${label} ${key}[${i}]`;
      if (row === null || typeof row !== 'object' || Array.isArray(row)) {
        issues.push({ where, message: 'must be an object' });
        return [];
      }
      unknownFields(row as Row, fields, where, issues);
      const item = read(new RowReader(row as Row, where, issues));
      return item === null ? [] : [item];
    });
  };
  const input = { places: list('places', PLACE_COLUMNS, readPlace), units: list('units', UNIT_COLUMNS, readUnit), users: list('users', USER_COLUMNS, readUser) };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, input };
}

/**
 * The CSV form: a header row `code,name,kind,parent,place[,contact]` (units), `username,name,unit,roles,password[,phone]`
 * (users), or `code,name,kind,parent` in a file named `…places.csv` (places).
 */
export function readOrganisationCsv(text: string, label: string): ParsedOrganisation {
  let rows: string[][];
  try {
    rows = parseCsv(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (e) {
    return { ok: false, issues: [{ where: label, message: `is not readable CSV: ${(e as Error).message}` }] };
  }
  const [header, ...data] = rows;
  const columns = header?.map((h) => h.trim()) ?? [];
  const kind = /places\.csv$/i.test(label) ? 'places' : columns.includes('kind') ? 'units' : columns.includes('username') ? 'users' : null;
  if (kind === null) {
    return {
      ok: false,
      issues: [
        {
          where: `${label} row 1`,
          message: `the header must be "${UNIT_COLUMNS.join(',')}" (units) or "${USER_COLUMNS.join(',')}" (users); places go in a file named places.csv ("${PLACE_COLUMNS.join(',')}")`,
        },
      ],
    };
  }
  const issues: Issue[] = [];
  const known = { places: PLACE_COLUMNS, units: UNIT_COLUMNS, users: USER_COLUMNS }[kind];
  columns.forEach((c) => {
    if (!(known as readonly string[]).includes(c)) issues.push({ where: `${label} row 1`, message: `column "${c}" is not one of ${known.join(', ')}` });
  });
  const input: OrganisationInput = { places: [], units: [], users: [] };
  data.forEach((cells, i) => {
    const where = `${label} row ${i + 2}`;
    if (cells.length > columns.length) issues.push({ where, message: `has ${cells.length} cells but the header has ${columns.length} columns` });
    const row = Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? '']));
    const reader = new RowReader(row, where, issues);
    if (kind === 'places') {
      const place = readPlace(reader);
      if (place) input.places.push(place);
    } else if (kind === 'units') {
      const unit = readUnit(reader);
      if (unit) input.units.push(unit);
    } else {
      const user = readUser(reader);
      if (user) input.users.push(user);
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, input };
}

/** By the file name's extension: `.json` or `.csv`. */
export function readOrganisationFile(text: string, label: string): ParsedOrganisation {
  if (/\.csv$/i.test(label)) return readOrganisationCsv(text, label);
  if (/\.json$/i.test(label)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { ok: false, issues: [{ where: label, message: `is not valid JSON: ${(e as Error).message}` }] };
    }
    return readOrganisationJson(value, label);
  }
  return { ok: false, issues: [{ where: label, message: 'must be a .json or .csv file' }] };
}
