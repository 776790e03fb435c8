// The one ajv set-up the forms use: JSON Schema 2020-12, strict, every error, and the formats the
// forms need implemented here (no network, no ajv-formats), so browser and server agree.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseInstant, parseLocalDate } from '@hotline/rules';

/** Formats a form may use, with what the value must look like. */
export const FORMATS = {
  date: { check: (s: string) => parseLocalDate(s) !== null, en: 'a real calendar date written YYYY-MM-DD', zh: '有效日期（YYYY-MM-DD）' },
  'date-time': {
    check: (s: string) => parseInstant(s).ok,
    en: 'a date and time with its offset, like 2026-01-05T09:30:00+08:00',
    zh: '带时区的日期时间（如 2026-01-05T09:30:00+08:00）',
  },
} as const;
export type FormatName = keyof typeof FORMATS;

export function createFormsAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    // A conditional branch may require a field declared beside it, not inside it.
    strictRequired: false,
    allErrors: true,
    verbose: true,
    // Compiled functions are cached by the caller, keyed by the schema's text.
    addUsedSchema: false,
  });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: format.check });
  return ajv;
}
