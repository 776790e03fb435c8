import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SHIPPED_PACKS_DIR, listPacks, loadShippedPack, newPackFrom, readPackFolder } from '@hotline/cities';
import { type CityPack, formatIssue, HotlineError, validatePack } from '@hotline/rules';

import type { CliIo } from '../run';

const USAGE = `usage:
  hotline city list [--json]
  hotline city validate <dir>
  hotline city show <id> --json
  hotline city new <id> --from <id> [--into <folder>] [--name <name>]`;

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
  const dir = resolve(io.cwd, positionals[0] as string);
  const label = positionals[0] as string;
  const result = validatePack(readPackFolder(dir), { label, expectedId: basename(dir) });
  if (!result.ok) {
    io.err(`${label}: invalid, ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}:`);
    for (const issue of result.issues) io.err(`  ${formatIssue(issue)}`);
    return 1;
  }
  io.out(`${label}: valid — ${summary(result.pack)}`);
  return 0;
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
