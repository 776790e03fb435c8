// The process lint configuration: Camunda's compatibility rules for the Zeebe version we pin
// (8.5, engine-adapters/BPMN-SUBSET.md) plus our house rules, with the pack they are checked against.
import camundaCompat from 'bpmnlint-plugin-camunda-compat';
import { bpmnlintCoreRules, camundaCompatRules } from './camunda-compat-rules';
import { PLUGIN_PACKAGE, hotlineConfigs, hotlineRules } from './plugin';
import type { LintConfig, LinterConfig, LintResolver, LintRuleFactory } from './plugin/types';

export const ZEEBE_VERSION = '8.5';
export const COMPAT_CONFIG = 'plugin:camunda-compat/camunda-cloud-8-5';

/** What the house rules check a diagram against: the pack being edited. Absent fields are not checked. */
export interface LintContext {
  /** Form names of the pack (`forms/<name>.json`). */
  forms?: readonly string[];
  /** Stages some deadline rule of the pack gives a period. */
  stages?: readonly string[];
  /** Stage keys the pack knows (knownStagesOf: STAGES of @hotline/rules and the pack's own); absent: STAGES. */
  knownStages?: readonly string[];
}

const rulePackages: Record<string, Record<string, LintRuleFactory>> = {
  'bpmnlint-plugin-camunda-compat': camundaCompatRules,
  bpmnlint: bpmnlintCoreRules,
  [PLUGIN_PACKAGE]: hotlineRules,
};
const configPackages: Record<string, Record<string, LintConfig>> = {
  'bpmnlint-plugin-camunda-compat': camundaCompat.configs,
  [PLUGIN_PACKAGE]: hotlineConfigs,
};

/** Resolves rules and configs from the statically imported packages (no `require` in a browser). */
export const resolver: LintResolver = {
  resolveRule: (pkg, ruleName) => rulePackages[pkg]?.[ruleName] ?? null,
  resolveConfig: (pkg, configName) => configPackages[pkg]?.[configName] ?? null,
};

export function createLintConfig(context: LintContext = {}): LintConfig {
  return {
    extends: COMPAT_CONFIG,
    rules: {
      // A user task without a form: hotline/user-task-form says so as an error, with the pack's forms.
      'camunda-compat/user-task-definition': 'off',
      'hotline/user-task-form': ['error', { forms: context.forms }],
      'hotline/timer-deadline': ['error', { stages: context.stages, knownStages: context.knownStages }],
      'hotline/no-dangling-flow': 'error',
      'hotline/outcome-header': 'error',
    },
  };
}

/** `{ config, resolver }` for bpmnlint's Linter and for bpmn-js-bpmnlint's `linting.bpmnlint`. */
export function createLinterConfig(context: LintContext = {}): LinterConfig {
  return { config: createLintConfig(context), resolver };
}
