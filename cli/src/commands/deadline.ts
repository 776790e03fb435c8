import { parseArgs } from 'node:util';
import { loadShippedPack } from '@hotline/cities';
import { CityRules, HotlineError, parsePeriod } from '@hotline/rules';
import type { CliIo } from '../run';

const USAGE = `usage: hotline deadline --city <id> --stage <stage> --type <type> [--urgency <class>]
                        --from <ISO-8601 instant> [--at <ISO-8601 instant>]
                        [--legal-period <n>(m|h|d|wd) --legal-source <statute>]
  --from   the instant the period counts from (registration, receipt, or the current due time for an extension)
  --at     the instant that picks the rule version, i.e. the ticket's registration (default: --from)`;

export function deadlineCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: {
      city: { type: 'string' },
      stage: { type: 'string' },
      type: { type: 'string' },
      urgency: { type: 'string' },
      from: { type: 'string' },
      at: { type: 'string' },
      'legal-period': { type: 'string' },
      'legal-source': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const missing = (['city', 'stage', 'type', 'from'] as const).filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    io.err(`hotline deadline: missing ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}`);
    return 2;
  }
  if ((values['legal-period'] === undefined) !== (values['legal-source'] === undefined)) {
    throw new HotlineError('BAD_LEGAL_PERIOD', '--legal-period and --legal-source go together: a statutory period must name its statute');
  }
  const rules = new CityRules(loadShippedPack(values.city as string));
  const deadline = rules.deadline({
    stage: values.stage as string,
    type: values.type as string,
    from: values.from as string,
    ...(values.urgency !== undefined ? { urgency: values.urgency } : {}),
    ...(values.at !== undefined ? { at: values.at } : {}),
    ...(values['legal-period'] !== undefined
      ? { legalPeriod: { ...parsePeriod(values['legal-period']), source: values['legal-source'] as string } }
      : {}),
  });
  const { dueMs: _dueMs, ...printable } = deadline;
  io.out(JSON.stringify(printable));
  return 0;
}
