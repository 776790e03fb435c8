// bpmnlint-plugin-hotline: our house rules for city processes, as a bpmnlint plugin
// (rules are referenced as `hotline/<rule>` in a config).
import noDanglingFlow from './rules/no-dangling-flow';
import outcomeHeader from './rules/outcome-header';
import timerDeadline from './rules/timer-deadline';
import userTaskForm from './rules/user-task-form';
import type { LintConfig, LintRuleFactory } from './types';

export const PLUGIN_PACKAGE = 'bpmnlint-plugin-hotline';

export const hotlineRules: Record<string, LintRuleFactory> = {
  'user-task-form': userTaskForm,
  'timer-deadline': timerDeadline,
  'no-dangling-flow': noDanglingFlow,
  'outcome-header': outcomeHeader,
};

export const hotlineConfigs: Record<string, LintConfig> = {
  recommended: {
    rules: { 'user-task-form': 'error', 'timer-deadline': 'error', 'no-dangling-flow': 'error', 'outcome-header': 'error' },
  },
};

export { formNameOf, FORM_KEY } from './rules/user-task-form';
export type { UserTaskFormOptions } from './rules/user-task-form';
export { stageOfTimeDate, DEADLINE_JOB_TYPE } from './rules/timer-deadline';
export type { TimerDeadlineOptions } from './rules/timer-deadline';
