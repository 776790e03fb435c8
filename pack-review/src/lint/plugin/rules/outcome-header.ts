// A subject process's outcome step (engine-adapters/BPMN-SUBSET.md, "Subject processes"): a service task
// of type `hotline.outcome` says what the process decided in its `outcome` header (published, upheld …);
// without it the server's worker cannot tell the subject's module anything.
import { describeElement, is, jobTypeOf, taskHeaderOf } from '../model';
import type { LintRule, ModdleElement } from '../types';

export const OUTCOME_JOB_TYPE = 'hotline.outcome';

export default function outcomeHeader(): LintRule {
  const check = (node: ModdleElement, reporter: { report(id: string, message: string, details?: Record<string, unknown>): void }) => {
    if (!is(node, 'bpmn:ServiceTask') || !node.id || jobTypeOf(node)?.trim() !== OUTCOME_JOB_TYPE) return;
    const outcome = taskHeaderOf(node, 'outcome')?.trim() ?? '';
    if (!/^[a-z][A-Za-z0-9]*$/.test(outcome)) {
      reporter.report(
        node.id,
        outcome === ''
          ? `结果任务${describeElement(node)}没有结果：请在“任务头”中添加 outcome，例如 published`
          : `结果任务${describeElement(node)}的结果“${outcome}”不是小写字母开头的英文代码`,
        { code: 'OUTCOME_MISSING' },
      );
    }
  };
  return { check };
}
