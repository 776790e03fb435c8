// `hotline city matters import|export`: a pack's matter taxonomy (matters.json) from and to the
// spreadsheet a hotline centre keeps, in the shape of the provincial standards' tables.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mattersFromTable, mattersJson, mattersXlsx, readMatterTable, readPackFolder } from '@hotline/cities';
import { HotlineError, MATTERS_FILE, MatterTaxonomy, type MatterTaxonomyFile, withImportedMatters } from '@hotline/rules';
import type { CliIo } from '../run';
import { checkPackFiles } from './pack-check';

const USAGE = `usage:
  hotline city matters import <dir> <file.xlsx|file.csv> [--source <text>] [--assumption <text>]
  hotline city matters export <dir> <file.xlsx>`;

export async function mattersCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { source: { type: 'string' }, assumption: { type: 'string' } },
  });
  const [sub, folder, file] = positionals;
  if (positionals.length !== 3 || folder === undefined || file === undefined || (sub !== 'import' && sub !== 'export')) {
    io.err(USAGE);
    return 2;
  }
  const dir = resolve(io.cwd, folder);
  const path = resolve(io.cwd, file);
  if (sub === 'export') return exportMatters(dir, folder, path, file, io);
  return importMatters(dir, folder, path, file, { source: values.source, assumption: values.assumption }, io);
}

async function importMatters(
  dir: string,
  label: string,
  path: string,
  fileLabel: string,
  about: { source: string | undefined; assumption: string | undefined },
  io: CliIo,
): Promise<number> {
  if (!existsSync(path)) throw new HotlineError('FILE_MISSING', `${fileLabel} does not exist`);
  const table = mattersFromTable(await readMatterTable(path));
  if (!table.ok) {
    io.err(`${fileLabel}: ${table.issues.length} 处错误，未导入：`);
    for (const issue of table.issues) io.err(`  第 ${issue.row} 行 ${issue.column}：${issue.message}`);
    return 1;
  }
  const existing = join(dir, MATTERS_FILE);
  const previous = existsSync(existing) ? (JSON.parse(readFileSync(existing, 'utf8')) as Partial<MatterTaxonomyFile>) : {};
  const next = withImportedMatters(previous, table.matters, { source: about.source ?? `imported from ${basename(path)}`, assumption: about.assumption });
  const text = mattersJson(next);
  // The whole pack with the new file must be valid before anything is written.
  const files = [...readPackFolder(dir).filter((f) => f.path !== MATTERS_FILE), { path: MATTERS_FILE, text }];
  const pack = checkPackFiles(files, label, basename(dir), io);
  if (pack === null) return 1;
  writeFileSync(existing, text);
  const taxonomy = MatterTaxonomy.of(pack);
  io.out(`${fileLabel} → ${join(label, MATTERS_FILE)}: ${taxonomy.size} classes, ${taxonomy.leaves().length} matters`);
  return 0;
}

async function exportMatters(dir: string, label: string, path: string, fileLabel: string, io: CliIo): Promise<number> {
  if (extname(path).toLowerCase() !== '.xlsx') {
    io.err(`${fileLabel}: the taxonomy is exported as an .xlsx file`);
    return 2;
  }
  const pack = checkPackFiles(readPackFolder(dir), label, basename(dir), io);
  if (pack === null) return 1;
  if (!pack.matters) throw new HotlineError('NO_MATTERS', `${label} has no ${MATTERS_FILE}`);
  writeFileSync(path, await mattersXlsx(pack.matters));
  io.out(`${join(label, MATTERS_FILE)} → ${fileLabel}: ${MatterTaxonomy.of(pack).size} classes`);
  return 0;
}
