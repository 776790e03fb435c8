// `hotline deadline` reproduces the worked examples of RULES.md and refuses bad input by name.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hotline } from './run-cli';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function deadline(...args: string[]) {
  const result = await hotline(['deadline', ...args]);
  return { ...result, json: result.code === 0 ? (JSON.parse(result.stdout) as Record<string, unknown>) : undefined };
}

describe('RULES.md worked examples', () => {
  it('dispatched Friday 2026-11-20 16:00, 1 working day to accept → Monday 24:00', async () => {
    const r = await deadline('--city', 'tianjin', '--stage', 'accept', '--type', 'complaint', '--urgency', 'general', '--from', '2026-11-20T16:00:00+08:00');
    expect(r.json).toMatchObject({ due: '2026-11-24T00:00:00+08:00', provisional: false, ruleVersion: '2025' });
    expect(r.json?.source).toMatch(/^tianjin-implementing-rules-2025\.txt §9/);
  });

  it('a deadline of 2026-10-15 24:00 extended by 7 working days ends 2026-10-26 24:00', async () => {
    const r = await deadline('--city', 'tianjin', '--stage', 'extension', '--type', 'complaint', '--from', '2026-10-16T00:00:00+08:00', '--at', '2026-10-02T09:00:00+08:00');
    expect(r.json).toMatchObject({ due: '2026-10-27T00:00:00+08:00', provisional: false, countFrom: 'periodEnd' });
    expect(r.json?.source).toMatch(/§12/);
  });

  it('a Tianjin ticket registered on 2025-12-31 runs under the 2015 rules, one of 2026-01-01 under the 2025 rules', async () => {
    const old = await deadline('--city', 'tianjin', '--stage', 'handle', '--type', 'help', '--from', '2025-12-31T10:00:00+08:00');
    const now = await deadline('--city', 'tianjin', '--stage', 'handle', '--type', 'help', '--from', '2026-01-01T10:00:00+08:00');
    expect(old.json).toMatchObject({ ruleVersion: '2015', period: { amount: 2, unit: 'workingDay' } });
    expect(old.json?.source).toMatch(/^tianjin-implementing-rules-2015\.txt §19/);
    expect(now.json).toMatchObject({ ruleVersion: '2025', period: { amount: 7, unit: 'workingDay' } });
    // 2025-12-31 + 2 working days: New Year 2026-01-01..03 off, Sunday 2026-01-04 is a make-up working day.
    expect(old.json?.due).toBe('2026-01-06T00:00:00+08:00');
  });

  it('--at picks the rule version apart from the instant the period counts from', async () => {
    const r = await deadline('--city', 'tianjin', '--stage', 'handle', '--type', 'help', '--from', '2026-01-05T10:00:00+08:00', '--at', '2025-12-31T23:00:00+08:00');
    expect(r.json).toMatchObject({ ruleVersion: '2015', due: '2026-01-08T00:00:00+08:00' });
  });

  it('a period running into 2027, whose schedule is not loaded, is provisional', async () => {
    const r = await deadline('--city', 'turpan', '--stage', 'handle', '--type', 'complaint', '--from', '2026-12-20T10:00:00+08:00');
    expect(r.json).toMatchObject({ provisional: true });
  });

  it('a legal-period override replaces the pack period and names the statute', async () => {
    const r = await deadline('--city', 'hangzhou', '--stage', 'handle', '--type', 'complaint', '--from', '2026-11-20T10:00:00+08:00', '--legal-period', '20wd', '--legal-source', '《政府信息公开条例》第三十三条');
    expect(r.json).toMatchObject({ period: { amount: 20, unit: 'workingDay' }, legalOverride: '《政府信息公开条例》第三十三条' });
  });
});

describe('refusals exit non-zero and say why', () => {
  const base = ['--city', 'tianjin', '--stage', 'accept', '--type', 'complaint', '--from', '2026-11-20T16:00:00+08:00'];
  const withArg = (name: string, value: string) => {
    const args = [...base];
    const i = args.indexOf(name);
    if (i >= 0) args[i + 1] = value;
    else args.push(name, value);
    return args;
  };

  it.each([
    ['a stage the rules forbid (Tianjin consultations cannot be extended)', withArg('--stage', 'extension').map((a) => (a === 'complaint' ? 'consult' : a)), /extension is not allowed for a consult ticket .*不得延期/],
    ['an unknown city', withArg('--city', 'atlantis'), /unknown city "atlantis"; known cities are hangzhou, tianjin, turpan/],
    ['an unknown stage', withArg('--stage', 'review'), /unknown stage "review"/],
    ['an unknown type', withArg('--type', 'praises'), /unknown ticket type "praises"/],
    ['an unknown urgency', withArg('--urgency', 'veryUrgent'), /unknown urgency "veryUrgent" for tianjin/],
    ['a malformed instant', withArg('--from', '2026-11-20'), /from: "2026-11-20" is not valid/],
    ['an impossible date', withArg('--from', '2026-02-29T10:00:00+08:00'), /2026-02-29 is not a calendar date/],
    ['a malformed --at', withArg('--at', 'now'), /at: "now" is not valid/],
    ['a date before any rule version', withArg('--from', '1999-01-04T10:00:00+08:00'), /no rule version in force on 1999-01-04/],
    ['a legal period without its statute', withArg('--legal-period', '5wd'), /--legal-period and --legal-source go together/],
    ['a malformed legal period', [...withArg('--legal-period', '5 weeks'), '--legal-source', 'x'], /"5 weeks" is not a period/],
  ])('%s', async (_name, args, message) => {
    const r = await hotline(['deadline', ...args]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('a missing option is named', async () => {
    const r = await hotline(['deadline', '--city', 'tianjin', '--type', 'complaint']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing --stage, --from/);
  });
});

// each spawns npx and node with tsx: seconds on a loaded machine
describe('npx hotline from the repository root', { timeout: 60_000 }, () => {
  it('prints one JSON object with due and provisional', () => {
    const out = execFileSync('npx', ['--no-install', 'hotline', 'deadline', '--city', 'tianjin', '--stage', 'accept', '--type', 'complaint', '--from', '2026-11-20T16:00:00+08:00'], { cwd: REPO, encoding: 'utf8' });
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(json.due).toBe('2026-11-24T00:00:00+08:00');
    expect(json.provisional).toBe(false);
  });

  it('exits non-zero with the reason on stderr', () => {
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync('npx', ['--no-install', 'hotline', 'deadline', '--city', 'nowhere', '--stage', 'accept', '--type', 'complaint', '--from', '2026-11-20T16:00:00+08:00'], { cwd: REPO, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      failure = e as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toMatch(/unknown city "nowhere"/);
  });
});
