// The slice of bpmnlint's and moddle's shapes this package relies on, typed once.

/** A parsed BPMN element (moddle). Properties are read through the helpers in ./model.ts. */
export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  $parent?: ModdleElement;
  $instanceOf(type: string): boolean;
  get(name: string): unknown;
  [property: string]: unknown;
}

export interface LintReporter {
  report(id: string, message: string, details?: Record<string, unknown>): void;
}

export type LintCheck =
  | ((node: ModdleElement, reporter: LintReporter) => void)
  | { enter?: (node: ModdleElement, reporter: LintReporter) => void; leave?: (node: ModdleElement, reporter: LintReporter) => void };

export interface LintRule {
  check: LintCheck;
  meta?: { documentation?: { url?: string } };
}

/** bpmnlint calls a rule's factory with the options given in the config: `['error', options]`. */
export type LintRuleFactory = (options?: any) => LintRule; // eslint-disable-line @typescript-eslint/no-explicit-any

export type LintCategory = 'off' | 'warn' | 'error' | 'info';
export type LintRuleSetting = LintCategory | 0 | 1 | 2 | 3 | [LintCategory | 0 | 1 | 2 | 3, unknown?];

export interface LintConfig {
  extends?: string | string[];
  rules?: Record<string, LintRuleSetting>;
}

export interface LintResolver {
  resolveRule(pkg: string, ruleName: string): LintRuleFactory | null;
  resolveConfig(pkg: string, configName: string): LintConfig | null;
}

/** What bpmnlint's Linter and bpmn-js-bpmnlint's `linting.bpmnlint` option take. */
export interface LinterConfig {
  config: LintConfig;
  resolver: LintResolver;
}

/** One report as bpmnlint returns it, keyed by rule name. */
export interface LintReport {
  id?: string;
  message: string;
  category: LintCategory | 'rule-error';
  path?: string[];
  [detail: string]: unknown;
}
