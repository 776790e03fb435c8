// Type declarations for the bpmnlint packages that ship none (or none this package can reach
// through their `exports` maps). Only what the lint uses is declared.

declare module 'bpmnlint' {
  import type { LintReport, LinterConfig, LintRuleFactory } from '../lint/plugin/types';

  export class Linter {
    constructor(options: LinterConfig & { transformRule?: (rule: ReturnType<LintRuleFactory>, o: { pkg: string; ruleName: string }) => ReturnType<LintRuleFactory> });
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
  }
}

declare module 'bpmnlint/rules/start-event-required.js' {
  import type { LintRuleFactory } from '../lint/plugin/types';
  const rule: LintRuleFactory;
  export default rule;
}

declare module 'bpmnlint-plugin-camunda-compat' {
  import type { LintConfig } from '../lint/plugin/types';
  const plugin: { configs: Record<string, LintConfig>; rules: Record<string, string> };
  export default plugin;
}

declare module 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/*' {
  import type { LintRuleFactory } from '../lint/plugin/types';
  const rule: LintRuleFactory;
  export default rule;
}
