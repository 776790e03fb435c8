// Every timer fires on a deadline the rules computed: `timeDate="=<stage>Due"`, where <stage> is a
// stage of @hotline/rules, some rule of the pack gives that stage a period, and a service task of
// type `hotline.deadline` with header `stage=<stage>` lies on every path from the start to the timer
// (so the variable is set whichever way the ticket came). BPMN-SUBSET.md "Timers".
// A ticket's deadline watch reads `=watchNextAt` (its next rung: a warning or the deadline) or `=watchDue`
// instead: `hotline.watch` tasks copy `<stage>Due` (and its warnings) into them and publish them with the
// deadlineChanged message, so the checks apply to each watch task's `stage` header.
import { STAGES } from '@hotline/rules';
import { ROOT, executionGraph, timerDefinitionOf } from '../flow-graph';
import { describeElement, expressionText, is, jobTypeOf, taskHeaderOf } from '../model';
import type { LintReporter, LintRule, ModdleElement } from '../types';

export interface TimerDeadlineOptions {
  /** Stages some deadline rule of the pack gives a period (the worker can compute them); absent: any stage. */
  stages?: readonly string[];
}

export const DEADLINE_JOB_TYPE = 'hotline.deadline';
export const WATCH_JOB_TYPE = 'hotline.watch';
/** Stages a watch task may name besides real ones: stop watching, or the ticket is closed. */
const WATCH_STOPS = new Set(['none', 'closed']);
const DEADLINE_VARIABLE = /^=\s*([A-Za-z][A-Za-z0-9]*)Due\s*$/;

/** `=acceptDue` → `accept`; null when the expression is not a deadline variable. */
export function stageOfTimeDate(expression: string): string | null {
  return DEADLINE_VARIABLE.exec(expression)?.[1] ?? null;
}

const TIMER_EVENTS = ['bpmn:BoundaryEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:StartEvent'];

export default function timerDeadline(options: TimerDeadlineOptions = {}): LintRule {
  const produced = options.stages ? new Set(options.stages) : undefined;
  const known = new Set<string>(STAGES);

  const checkProcess = (process: ModdleElement, reporter: LintReporter) => {
    const { graph, nodes } = executionGraph(process);
    const deadlineTasks = [...nodes.values()].filter((n) => is(n, 'bpmn:ServiceTask') && jobTypeOf(n) === DEADLINE_JOB_TYPE);
    const watchTasks = [...nodes.values()].filter((n) => is(n, 'bpmn:ServiceTask') && jobTypeOf(n) === WATCH_JOB_TYPE);

    /** Whether `producers` lie on every path from the start to `target`; reports when not. */
    const requireUpstream = (event: ModdleElement, what: string, variable: string, producers: ModdleElement[], stage: string) => {
      const covered = producers.some((t) => !graph.reachable([ROOT], t.id).has(event.id!));
      if (covered) return;
      const upstream = producers.filter((t) => graph.reachable([t.id!]).has(event.id!));
      reporter.report(
        event.id!,
        upstream.length > 0
          ? `定时器${what}读取 ${variable}，但有一条从开始到此处的路径不经过计算它的服务任务（${upstream.map((t) => t.id).join('、')}）`
          : `定时器${what}读取 ${variable}，但计算它的服务任务（${producers.map((t) => t.id).join('、')}）不在它之前`,
        { code: 'TIMER_DEADLINE_NOT_COMPUTED', stage },
      );
    };

    for (const event of nodes.values()) {
      if (!TIMER_EVENTS.some((t) => is(event, t)) || !event.id) continue;
      const timer = timerDefinitionOf(event);
      if (!timer) continue;
      const what = describeElement(event);
      const date = expressionText(timer.timeDate);
      if (date === undefined || date === '') {
        const fixed = expressionText(timer.timeDuration) ?? expressionText(timer.timeCycle);
        reporter.report(
          event.id,
          `定时器${what}${fixed ? `按固定时长“${fixed}”计时` : '没有设定时间'}，没有读取规则计算的期限：请把定时器类型设为“日期”（timeDate），值为 =<阶段>Due，例如 =acceptDue`,
          { code: 'TIMER_NOT_DEADLINE' },
        );
        continue;
      }
      const watchVariable = /^=\s*(watchDue|watchNextAt)\s*$/.exec(date)?.[1];
      if (watchVariable !== undefined) {
        if (watchTasks.length === 0) {
          reporter.report(event.id, `定时器${what}读取 ${watchVariable}，但没有设置它的服务任务（类型 ${WATCH_JOB_TYPE}）`, { code: 'TIMER_DEADLINE_NOT_COMPUTED', stage: 'watch' });
          continue;
        }
        for (const watch of watchTasks) {
          const watched = taskHeaderOf(watch, 'stage');
          if (watched === undefined || WATCH_STOPS.has(watched)) continue;
          if (!known.has(watched) || (produced && !produced.has(watched))) {
            reporter.report(watch.id!, `盯时限任务${describeElement(watch)}盯的阶段“${watched}”没有规则计算的期限`, { code: 'TIMER_UNKNOWN_STAGE', stage: watched });
          } else if (!deadlineTasks.some((t) => taskHeaderOf(t, 'stage') === watched)) {
            reporter.report(watch.id!, `盯时限任务${describeElement(watch)}盯 ${watched}Due，但没有计算它的服务任务（类型 ${DEADLINE_JOB_TYPE}，任务头 stage = ${watched}）`, { code: 'TIMER_DEADLINE_NOT_COMPUTED', stage: watched });
          }
        }
        // No path check here: the watch branch receives watchDue through the deadlineChanged message
        // the watch tasks publish, not along the flow.
        continue;
      }
      const stage = stageOfTimeDate(date);
      if (stage === null) {
        reporter.report(event.id, `定时器${what}的日期“${date}”不是期限变量：应为 =<阶段>Due，例如 =acceptDue`, { code: 'TIMER_NOT_DEADLINE' });
        continue;
      }
      if (!known.has(stage)) {
        reporter.report(event.id, `定时器${what}读取 ${stage}Due，但“${stage}”不是时限阶段（可用：${STAGES.join('、')}）`, {
          code: 'TIMER_UNKNOWN_STAGE',
          stage,
        });
        continue;
      }
      if (produced && !produced.has(stage)) {
        reporter.report(event.id, `定时器${what}读取 ${stage}Due，但城市包的办理时限中没有给阶段“${stage}”规定期限的规则，无法计算`, {
          code: 'TIMER_STAGE_NOT_IN_RULES',
          stage,
        });
        continue;
      }
      // The point where the timer is armed: a boundary timer when its activity is entered.
      const host = is(event, 'bpmn:BoundaryEvent') && is(event.attachedToRef, 'bpmn:BaseElement') ? event.attachedToRef.id : undefined;
      const candidates = deadlineTasks.filter((t) => taskHeaderOf(t, 'stage') === stage && t.id !== host && t.id !== event.id);
      if (candidates.length === 0) {
        reporter.report(
          event.id,
          `定时器${what}读取 ${stage}Due，但之前没有计算它的服务任务（类型 ${DEADLINE_JOB_TYPE}，任务头 stage = ${stage}）`,
          { code: 'TIMER_DEADLINE_NOT_COMPUTED', stage },
        );
        continue;
      }
      requireUpstream(event, what, `${stage}Due`, candidates, stage);
    }
  };

  return {
    check: (node, reporter) => {
      if (is(node, 'bpmn:Process')) checkProcess(node, reporter);
    },
  };
}
