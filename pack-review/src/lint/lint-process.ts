// Linting a process outside the diagram (every process file of a pack, in the browser or on the
// server) and turning bpmnlint's results into one flat, sorted list.
import { Linter } from 'bpmnlint';
import { createLinterConfig, type LintContext } from './lint-config';
import { localizeLintMessage } from './messages-zh';
import type { LintReport, ModdleElement } from './plugin/types';

export type LintSeverity = 'error' | 'warn' | 'info';

export interface LintIssue {
  /** Rule name as configured: `hotline/user-task-form`, `camunda-compat/timer`, `start-event-required`. */
  rule: string;
  severity: LintSeverity;
  /** The element the issue is about (shown on the diagram), or null for the file as a whole. */
  elementId: string | null;
  /** In Chinese where known (our rules always; the compat rules' common patterns). */
  message: string;
  /** A machine-readable code for our own rules (`FORM_NOT_IN_PACK`, ...). */
  code?: string;
}

/** What bpmn-moddle offers; the browser passes bpmn-js's own instance, Node one from ./moddle.ts. */
export interface XmlReader {
  fromXML(xml: string, typeName?: string): Promise<{ rootElement: ModdleElement; warnings: Array<{ message: string }> }>;
}

const ORDER: Record<LintSeverity, number> = { error: 0, warn: 1, info: 2 };

export function flattenLintResults(results: Record<string, LintReport[]>): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const report of reports) {
      const severity: LintSeverity = report.category === 'warn' || report.category === 'info' ? report.category : 'error';
      issues.push({
        rule,
        severity,
        elementId: typeof report.id === 'string' ? report.id : null,
        message: report.category === 'rule-error' ? `检查规则 ${rule} 运行出错：${report.message}` : localizeLintMessage(report.message),
        ...(typeof report.code === 'string' ? { code: report.code } : {}),
      });
    }
  }
  return issues.sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.elementId ?? '').localeCompare(b.elementId ?? '') || a.rule.localeCompare(b.rule),
  );
}

export async function lintDefinitions(definitions: ModdleElement, context: LintContext = {}): Promise<LintIssue[]> {
  const linter = new Linter(createLinterConfig(context));
  return flattenLintResults(await linter.lint(definitions));
}

/** Parses and lints one `.bpmn` file; a file that does not parse is one issue, not an exception. */
export async function lintProcessXml(xml: string, context: LintContext, reader: XmlReader): Promise<LintIssue[]> {
  let definitions: ModdleElement;
  try {
    ({ rootElement: definitions } = await reader.fromXML(xml, 'bpmn:Definitions'));
  } catch (e) {
    return [{ rule: 'bpmn-xml', severity: 'error', elementId: null, message: `无法读取 BPMN 文件：${e instanceof Error ? e.message : String(e)}` }];
  }
  return lintDefinitions(definitions, context);
}
