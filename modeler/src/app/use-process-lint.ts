// Lints every process of the draft shortly after each change (bpmnlint is asynchronous, and the
// XML reader is loaded on demand with the lint rules).
import { useEffect, useRef, useState } from 'react';
import type { PackFile } from '@hotline/rules';
import type { LintIssue } from '@hotline/pack-review';

export interface ProcessLint {
  byFile: Record<string, LintIssue[]>;
  /** A change is not linted yet: publishing waits for it. */
  pending: boolean;
  errors: number;
}

export function useProcessLint(files: readonly PackFile[], delayMs = 250): ProcessLint {
  const [byFile, setByFile] = useState<Record<string, LintIssue[]>>({});
  const [pending, setPending] = useState(true);
  const run = useRef(0);

  useEffect(() => {
    const ticket = ++run.current;
    setPending(true);
    const timer = setTimeout(() => {
      void import('../lazy-pack-review')
        .then(({ lintPackProcesses, createBpmnReader }) => lintPackProcesses(files, createBpmnReader()))
        .then((result) => {
          if (ticket !== run.current) return;
          setByFile(result);
          setPending(false);
        })
        .catch((e: unknown) => {
          if (ticket !== run.current) return;
          setByFile({ processes: [{ rule: 'bpmn-xml', severity: 'error', elementId: null, message: `流程检查失败：${e instanceof Error ? e.message : String(e)}` }] });
          setPending(false);
        });
    }, delayMs);
    return () => clearTimeout(timer);
  }, [files, delayMs]);

  const errors = Object.values(byFile).reduce((n, list) => n + list.filter((i) => i.severity === 'error').length, 0);
  return { byFile, pending, errors };
}
