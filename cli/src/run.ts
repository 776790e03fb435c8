// The `hotline` command line: one entry that dispatches to a command module and turns errors into
// a message on stderr and a non-zero exit code. Commands write through `io` so tests run them in-process.
import { HotlineError } from '@hotline/rules';
import { cityCommand } from './commands/city';
import { dbCommand } from './commands/db';
import { deadlineCommand } from './commands/deadline';
import { orgCommand } from './commands/org';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    cwd: process.cwd(),
  };
}

export type Command = (args: string[], io: CliIo) => Promise<number> | number;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  city: { run: cityCommand, summary: 'city packs: list, validate <dir>, show <id> --json, new <id> --from <id>, import <dir>, export <id> --version <n> --to <dir>, publish, matters import|export <dir> <file>' },
  db: { run: dbCommand, summary: 'the database schema: migrate, rollback [--all], status' },
  deadline: { run: deadlineCommand, summary: 'when a stage ends: --city --stage --type [--urgency] --from <instant> [--at <instant>]' },
  org: { run: orgCommand, summary: "a city's units and users: import <city> <file.json|file.csv>" },
};

function usage(): string {
  return ['usage: hotline <command> [options]', '', ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`)].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`hotline: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof HotlineError && e.level !== 'unexpected') {
      io.err(`hotline ${name}: ${e.message}`);
      return 1;
    }
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`hotline ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
