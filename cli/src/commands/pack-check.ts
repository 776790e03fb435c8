// A pack's files checked as `hotline city validate` does: the rules' validation, then the forms.
import { validatePackForms } from '@hotline/forms';
import { type CityPack, formatIssue, type PackFile, type PackIssue, validatePack } from '@hotline/rules';
import type { CliIo } from '../run';

function printIssues(label: string, issues: readonly PackIssue[], io: CliIo): void {
  io.err(`${label}: invalid, ${issues.length} problem${issues.length === 1 ? '' : 's'}:`);
  for (const issue of issues) io.err(`  ${formatIssue(issue)}`);
}

/** The pack if its files are valid; else its problems on stderr and null. */
export function checkPackFiles(files: readonly PackFile[], label: string, expectedId: string, io: CliIo): CityPack | null {
  const result = validatePack(files, { label, expectedId });
  if (!result.ok) {
    printIssues(label, result.issues, io);
    return null;
  }
  // The pack's forms (forms/*.json) and the forms its processes name, against the valid pack.
  const formIssues = validatePackForms(files, result.pack, { label });
  if (formIssues.length > 0) {
    printIssues(label, formIssues, io);
    return null;
  }
  return result.pack;
}
