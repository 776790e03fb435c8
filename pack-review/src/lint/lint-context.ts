// Which forms and deadline stages a pack offers, for the house lint rules. Pure.
import { STAGES, type PackFile } from '@hotline/rules';
import type { LintContext } from './lint-config';

const FORM_FILE = /^forms\/([^/]+)\.json$/;
const VERSION_FILE = /^versions\/[^/]+\.json$/;

export function formNamesOf(files: readonly PackFile[]): string[] {
  return files.flatMap((f) => FORM_FILE.exec(f.path)?.[1] ?? []).sort();
}

/**
 * Stages that some deadline rule of some rule version gives a period (a `notAllowed` rule produces
 * no deadline). Undefined when no version file can be read: the stage check is then skipped.
 */
export function producedStagesOf(files: readonly PackFile[]): string[] | undefined {
  const stages = new Set<string>();
  let readable = 0;
  for (const file of files) {
    if (!VERSION_FILE.test(file.path)) continue;
    let version: unknown;
    try {
      version = JSON.parse(file.text);
    } catch {
      continue;
    }
    const deadlines = (version as { deadlines?: unknown }).deadlines;
    if (!Array.isArray(deadlines)) continue;
    readable++;
    for (const rule of deadlines as Array<Record<string, unknown>>) {
      if (rule && typeof rule.stage === 'string' && rule.period !== undefined) stages.add(rule.stage);
    }
  }
  return readable === 0 ? undefined : [...stages].sort();
}

/**
 * The stage keys a pack knows: the core STAGES of @hotline/rules, then those its city.json declares
 * (`stages: [{ key, label, source }]`). The one place the lint learns the stage vocabulary. A city.json
 * that does not parse declares none (pack validation says what is wrong with it).
 */
export function knownStagesOf(files: readonly PackFile[]): string[] {
  const city = files.find((f) => f.path === 'city.json');
  let declared: unknown;
  try {
    declared = city === undefined ? undefined : (JSON.parse(city.text) as { stages?: unknown }).stages;
  } catch {
    declared = undefined;
  }
  const keys = Array.isArray(declared) ? declared.flatMap((s: { key?: unknown } | null) => (typeof s?.key === 'string' ? [s.key] : [])) : [];
  return [...new Set([...STAGES, ...keys])];
}

export function lintContextOf(files: readonly PackFile[]): LintContext {
  const stages = producedStagesOf(files);
  return { forms: formNamesOf(files), knownStages: knownStagesOf(files), ...(stages ? { stages } : {}) };
}
