// Everything a pack version must pass before it is published from a draft: the pack itself
// (validatePack of @hotline/rules, the same problems `hotline city validate` prints), its forms
// (validatePackForms of @hotline/forms) and its processes (the lint of @hotline/pack-review, Camunda 8.5
// compatibility and the house rules, so a timer with no deadline variable never reaches an engine).
// The engine's own check (the embedded engine's BPMN subset, Zeebe's parser) comes last, at deploy.
import { validatePackForms } from '@hotline/forms';
import { createBpmnReader, lintPackProcesses } from '@hotline/pack-review';
import type { PackFile, PackIssue } from '@hotline/rules';
import { validatePack } from '@hotline/rules';
import type { Issue } from '../../http/errors';

export const PROCESS_FILE = /^processes\/[^/]+\.bpmn$/;
/** The process a ticket starts (the workflow module's choice): this file, or a pack's only process. */
export const TICKET_PROCESS_FILE = 'processes/ticket.bpmn';

/** `versions/2025.json at /deadlines/3` (as formatIssue prints, without a label), or the file alone. */
export const whereOfPackIssue = (issue: PackIssue): string => (issue.path ? `${issue.file} at ${issue.path}` : issue.file);
/** A pack issue as the API answers it: where, the English, and the Chinese the modeler shows. */
const packIssue = (issue: PackIssue): Issue => ({ where: whereOfPackIssue(issue), message: issue.message, ...(issue.messageZh ? { messageZh: issue.messageZh } : {}) });
/** `processes/ticket.bpmn#timerAccept`: a process element; the modeler opens the diagram on it. */
export const whereOfElement = (file: string, elementId: string | null): string => (elementId ? `${file}#${elementId}` : file);

/** A file path must stay inside the pack folder when exported: relative, no `..`, forward slashes. */
export function unsafePath(path: string): boolean {
  return path === '' || path.includes('\\') || path.includes('\0') || path.split('/').some((part) => part === '' || part === '.' || part === '..');
}

export interface PackCheck {
  ok: boolean;
  issues: Issue[];
}

/** The whole pack as it would be published for `cityId`; issues name the file and the JSON path or element. */
// The forms are checked once the pack itself is valid (they resolve against it); the processes always,
// so one refusal lists the rules' and the processes' problems together.
export async function checkPackForPublish(files: readonly PackFile[], cityId: string): Promise<PackCheck> {
  const issues: Issue[] = files
    .filter((f) => unsafePath(f.path))
    .map((f) => ({ where: f.path || '(empty path)', message: 'is not a relative path inside the pack folder (use a/b.json, no "..")', messageZh: '不是城市包文件夹内的相对路径（应写成 a/b.json，不能有“..”）' }));
  const pack = validatePack(files, { expectedId: cityId });
  if (!pack.ok) {
    issues.push(...pack.issues.map(packIssue));
  } else {
    // forms need the parsed pack; the processes' form keys are checked by the lint's
    // hotline/user-task-form below, with element ids
    for (const i of validatePackForms(files, pack.pack)) {
      if (!PROCESS_FILE.test(i.file)) issues.push(packIssue(i));
    }
  }

  const processes = files.filter((f) => PROCESS_FILE.test(f.path));
  if (processes.length === 0) {
    issues.push({ where: TICKET_PROCESS_FILE, message: 'is missing: a pack needs the ticket process that every ticket runs', messageZh: '缺少工单流程：每张工单都按它办理' });
  } else if (processes.length > 1 && !processes.some((f) => f.path === TICKET_PROCESS_FILE)) {
    issues.push({
      where: TICKET_PROCESS_FILE,
      message: `is missing: with several processes (${processes.map((f) => f.path).join(', ')}), the one tickets start must be ${TICKET_PROCESS_FILE}`,
      messageZh: `缺少此文件：有多个流程（${processes.map((f) => f.path).join('、')}）时，工单启动的流程必须是 ${TICKET_PROCESS_FILE}`,
    });
  }
  const lint = await lintPackProcesses(files, createBpmnReader());
  for (const [file, found] of Object.entries(lint)) {
    for (const i of found) {
      if (i.severity !== 'error') continue;
      issues.push({ where: whereOfElement(file, i.elementId), message: `${i.message}（${i.rule}${i.code ? ` ${i.code}` : ''}）` });
    }
  }
  return { ok: issues.length === 0, issues };
}
