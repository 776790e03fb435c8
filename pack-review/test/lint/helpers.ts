import { readFileSync } from 'node:fs';
import { Linter } from 'bpmnlint';
import { resolver, type LintContext } from '../../src/lint/lint-config';
import { flattenLintResults, lintProcessXml, type LintIssue } from '../../src/lint/lint-process';
import { createBpmnReader } from '../../src/lint/moddle';
import type { LintRuleSetting } from '../../src/lint/plugin/types';

export const VALID = readFileSync(new URL('../fixtures/valid-ticket.bpmn', import.meta.url), 'utf8');
export const PACK: LintContext = { forms: ['accept', 'handle', 'review'], stages: ['accept', 'handle', 'returnVisit'] };

/** `xml` with `from` replaced by `to`; fails loudly when the fixture no longer contains `from`. */
export function edit(xml: string, from: string, to: string): string {
  if (!xml.includes(from)) throw new Error(`fixture does not contain: ${from}`);
  return xml.replace(from, to);
}

/** Runs one house rule alone, so a test sees exactly what that rule reports. */
export async function lintWithRule(xml: string, rule: string, options?: unknown): Promise<LintIssue[]> {
  const { rootElement } = await createBpmnReader().fromXML(xml, 'bpmn:Definitions');
  const setting: LintRuleSetting = options === undefined ? 'error' : ['error', options];
  const linter = new Linter({ config: { rules: { [`hotline/${rule}`]: setting } }, resolver });
  return flattenLintResults(await linter.lint(rootElement));
}

/** The full configuration: Camunda 8.5 compatibility and the house rules against `context`. */
export function lintAll(xml: string, context: LintContext = PACK): Promise<LintIssue[]> {
  return lintProcessXml(xml, context, createBpmnReader());
}

export const brief = (issues: readonly LintIssue[]) => issues.map((i) => `${i.elementId} ${i.code ?? i.rule}`);
