import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SHIPPED_PACKS_DIR, listPacks, loadShippedPack, newPackFrom, readPackFolder } from '@hotline/cities';
import { type CityPack, HotlineError } from '@hotline/rules';
import { CLI, exportPackFolder, importPackFolder, loadConfig, publishVersion, withDatabase } from '@hotline/server';

import type { CliIo } from '../run';
import { mattersCommand } from './matters';
import { checkPackFiles } from './pack-check';

const USAGE = `usage:
  hotline city list [--json]
  hotline city validate <dir>
  hotline city show <id> --json
  hotline city new <id> --from <id> [--into <folder>] [--name <name>]
  hotline city import <dir> [--publish <YYYY-MM-DD>]
  hotline city export <id> --version <n> --to <dir>
  hotline city publish <id> --version <n> --effective <YYYY-MM-DD>
  hotline city matters import <dir> <file.xlsx|file.csv> [--source <text>] [--assumption <text>]
  hotline city matters export <dir> <file.xlsx>`;

export async function cityCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      return list(rest, io);
    case 'validate':
      return validate(rest, io);
    case 'show':
      return show(rest, io);
    case 'new':
      return create(rest, io);
    case 'import':
      return importFolder(rest, io);
    case 'export':
      return exportVersion(rest, io);
    case 'publish':
      return publish(rest, io);
    case 'matters':
      return mattersCommand(rest, io);
    default:
      io.err(sub === undefined ? USAGE : `hotline city: unknown subcommand "${sub}"\n${USAGE}`);
      return 2;
  }
}

function summary(pack: CityPack): string {
  const versions = pack.versions.map((v) => `${v.id} (${v.effectiveFrom} → ${v.effectiveTo ?? '…'}${v.draft ? ', draft' : ''})`);
  const years = [...new Set(pack.calendar.map((c) => c.year))].join(', ');
  return `${pack.city.id.padEnd(10)} ${pack.city.name}  rules: ${versions.join('; ')}  calendar: ${years}`;
}

function list(args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const packs = listPacks().map((id) => loadShippedPack(id));
  if (values.json) {
    io.out(JSON.stringify(packs.map((p) => ({ id: p.city.id, name: p.city.name, versions: p.versions.map((v) => v.id) })), null, 2));
  } else {
    for (const p of packs) io.out(summary(p));
  }
  return 0;
}

function validate(args: string[], io: CliIo): number {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (positionals.length !== 1) {
    io.err('usage: hotline city validate <dir>');
    return 2;
  }
  const pack = checkFolder(positionals[0] as string, io);
  if (pack === null) return 1;
  io.out(`${positionals[0]}: valid — ${summary(pack)}`);
  return 0;
}

/** The pack in a folder if it is valid; else its problems on stderr and null. */
function checkFolder(label: string, io: CliIo): CityPack | null {
  const dir = resolve(io.cwd, label);
  return checkPackFiles(readPackFolder(dir), label, basename(dir), io);
}

/** Pack versions live in the database (DATABASE_URL, or the embedded PostgreSQL under .data/). */
function inDatabase<T>(work: Parameters<typeof withDatabase<T>>[1]): Promise<T> {
  return withDatabase(loadConfig(process.env).database, work);
}

async function importFolder(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { publish: { type: 'string' } } });
  const label = positionals[0];
  if (positionals.length !== 1 || label === undefined) {
    io.err('usage: hotline city import <dir> [--publish <YYYY-MM-DD>]');
    return 2;
  }
  if (checkFolder(label, io) === null) return 1;
  return inDatabase(async (db) => {
    const { version, created } = await importPackFolder(db.knex, resolve(io.cwd, label), { label, actor: CLI });
    io.out(
      created
        ? `${label} → ${version.cityId} pack version ${version.number} (validated)`
        : `${label} is identical to ${version.cityId} pack version ${version.number} (${version.status}): nothing new stored`,
    );
    if (values.publish !== undefined) {
      const published = await publishVersion(db.knex, version.cityId, version.number, values.publish, CLI);
      io.out(`published ${published.cityId} pack version ${published.number}, effective ${published.effectiveFrom}`);
    }
    return 0;
  });
}

function versionOption(value: string | undefined, usage: string, io: CliIo): number | null {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < 1) {
    io.err(usage);
    return null;
  }
  return number;
}

async function exportVersion(args: string[], io: CliIo): Promise<number> {
  const usage = 'usage: hotline city export <id> --version <n> --to <dir>';
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { version: { type: 'string' }, to: { type: 'string' } } });
  const [id] = positionals;
  const number = versionOption(values.version, usage, io);
  if (positionals.length !== 1 || id === undefined || number === null || values.to === undefined) {
    if (number !== null) io.err(usage);
    return 2;
  }
  const target = resolve(io.cwd, values.to);
  return inDatabase(async (db) => {
    const files = await exportPackFolder(db.knex, id, number, target);
    io.out(`${id} pack version ${number} → ${target} (${files.length} files)`);
    return 0;
  });
}

async function publish(args: string[], io: CliIo): Promise<number> {
  const usage = 'usage: hotline city publish <id> --version <n> --effective <YYYY-MM-DD>';
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { version: { type: 'string' }, effective: { type: 'string' } } });
  const [id] = positionals;
  const number = versionOption(values.version, usage, io);
  if (positionals.length !== 1 || id === undefined || number === null || values.effective === undefined) {
    if (number !== null) io.err(usage);
    return 2;
  }
  const effective = values.effective;
  return inDatabase(async (db) => {
    const published = await publishVersion(db.knex, id, number, effective, CLI);
    io.out(`published ${published.cityId} pack version ${published.number}, effective ${published.effectiveFrom}`);
    return 0;
  });
}

function show(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) {
    io.err('usage: hotline city show <id> --json');
    return 2;
  }
  const pack = loadShippedPack(positionals[0] as string);
  io.out(values.json ? JSON.stringify(pack, null, 2) : summary(pack));
  return 0;
}

function create(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { from: { type: 'string' }, into: { type: 'string' }, name: { type: 'string' } },
  });
  const id = positionals[0];
  if (positionals.length !== 1 || id === undefined || values.from === undefined) {
    io.err('usage: hotline city new <id> --from <id> [--into <folder>] [--name <name>]');
    return 2;
  }
  if (!listPacks().includes(values.from)) {
    throw new HotlineError('UNKNOWN_CITY', `unknown city "${values.from}"; known cities are ${listPacks().join(', ')}`);
  }
  const parent = values.into ? resolve(io.cwd, values.into) : SHIPPED_PACKS_DIR;
  const targetDir = join(parent, id);
  newPackFrom({ id, fromDir: join(SHIPPED_PACKS_DIR, values.from), targetDir, ...(values.name ? { name: values.name } : {}) });
  io.out(`created ${targetDir} from ${values.from}: every rule version is marked as an assumption until you replace it with ${id}'s regulations`);
  io.out(`next: edit ${join(targetDir, 'city.json')} and ${join(targetDir, 'versions')}/, then run: npx hotline city validate ${targetDir}`);
  return 0;
}
