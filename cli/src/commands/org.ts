// `hotline org import <city> <file>`: a city's places, units and users from the JSON or CSV file an implementer
// fills in (server/demo/<city>.json shows the JSON form). All rows are stored, or none.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, InputRejectedError, type Issue, importOrganisation, loadConfig, readOrganisationFile, withDatabase } from '@hotline/server';
import type { CliIo } from '../run';

const USAGE = `usage:
  hotline org import <city> <file.json|places.csv|units.csv|users.csv>`;

function printIssues(label: string, issues: readonly Issue[], io: CliIo): void {
  io.err(`${label}: refused, nothing was stored (${issues.length} problem${issues.length === 1 ? '' : 's'}):`);
  for (const issue of issues) io.err(`  ${issue.where}: ${issue.message}`);
}

export async function orgCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import') {
    io.err(sub === undefined ? USAGE : `hotline org: unknown subcommand "${sub}"\n${USAGE}`);
    return 2;
  }
  const { positionals } = parseArgs({ args: rest, allowPositionals: true });
  const [city, file] = positionals;
  if (positionals.length !== 2 || city === undefined || file === undefined) {
    io.err(USAGE);
    return 2;
  }
  const parsed = readOrganisationFile(readFileSync(resolve(io.cwd, file), 'utf8'), file);
  if (!parsed.ok) {
    printIssues(file, parsed.issues, io);
    return 1;
  }
  try {
    const summary = await withDatabase(loadConfig(process.env).database, (db) => importOrganisation(db.knex, city, parsed.input, CLI));
    io.out(`${file} → ${city}: places ${summary.placesCreated} created, ${summary.placesUpdated} updated; units ${summary.unitsCreated} created, ${summary.unitsUpdated} updated; users ${summary.usersCreated} created, ${summary.usersUpdated} updated`);
    if (summary.generatedPasswords.length > 0) {
      io.out('initial passwords (shown once, stored only hashed; hand them over: each must be changed at the first sign-in):');
      for (const p of summary.generatedPasswords) io.out(`  ${p.username}  ${p.password}`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof InputRejectedError) || !e.issues) throw e;
    printIssues(file, e.issues, io);
    return 1;
  }
}
