// Lints every process file of a pack against that pack (its forms, its deadline stages).
import type { PackFile } from '@hotline/rules';
import { lintContextOf } from './lint-context';
import { lintProcessXml, type LintIssue, type XmlReader } from './lint-process';

export const PROCESS_FILE = /^processes\/[^/]+\.bpmn$/;

export async function lintPackProcesses(files: readonly PackFile[], reader: XmlReader): Promise<Record<string, LintIssue[]>> {
  const context = lintContextOf(files);
  const out: Record<string, LintIssue[]> = {};
  for (const file of files) {
    if (PROCESS_FILE.test(file.path)) out[file.path] = await lintProcessXml(file.text, context, reader);
  }
  return out;
}
