// Every timer fires on a deadline the rules computed (`timeDate="=<name>Due"`), and a task's `due`
// header (the due instant the portal shows: `due=<name>Due`) names one too. `<name>Due` is set by a
// service task of type `hotline.deadline`: `<stage>Due` after its `stage` header, or `<as>Due` when it
// has an `as` header (`stage=designatedHandle as=handle` sets handleDue). So <name> is a stage the pack
// knows or the `as` of a deadline task of the process; some rule of the pack gives a period to a stage
// that sets it; and the tasks setting it lie across every path from the start to the reader (the
// variable is set whichever way the ticket came). BPMN-SUBSET.md "Timers".
// A ticket's deadline watch reads `=watchNextAt` (its next rung: a warning or the deadline) or `=watchDue` instead: `hotline.watch` tasks copy `<stage>Due` into it and
// publish it with the deadlineChanged message, so the checks apply to each watch task's `stage` header.
import { STAGES } from '@hotline/rules';
import { ROOT, executionGraph, timerDefinitionOf } from '../flow-graph';
import { describeElement, expressionText, is, jobTypeOf, taskHeaderOf } from '../model';
import type { LintReporter, LintRule, ModdleElement } from '../types';

export interface TimerDeadlineOptions {
  /** Stages some deadline rule of the pack gives a period (the worker can compute them); absent: any stage. */
  stages?: readonly string[];
  /** Stage keys the pack knows (STAGES of @hotline/rules and the pack's own); absent: STAGES. */
  knownStages?: readonly string[];
}

export const DEADLINE_JOB_TYPE = 'hotline.deadline';
export const WATCH_JOB_TYPE = 'hotline.watch';
/** Stages a watch task may name besides real ones: stop watching, or the ticket is closed. */
const WATCH_STOPS = new Set(['none', 'closed']);
/** A deadline variable (`handleDue`), as a task header names it and (after `=`) a timer reads it. */
const DEADLINE_VARIABLE = /^([A-Za-z][A-Za-z0-9]*)Due$/;
const DEADLINE_EXPRESSION = /^=\s*([A-Za-z][A-Za-z0-9]*)Due\s*$/;

/** `=acceptDue` → `accept`; null when the expression is not a deadline variable. */
export function stageOfTimeDate(expression: string): string | null {
  return DEADLINE_EXPRESSION.exec(expression)?.[1] ?? null;
}

/** The name of the deadline a `hotline.deadline` task sets (`<name>Due`): its `as` header, else its `stage`. */
export function deadlineNameOf(task: ModdleElement): string | undefined {
  return taskHeaderOf(task, 'as') ?? taskHeaderOf(task, 'stage');
}

const TIMER_EVENTS = ['bpmn:BoundaryEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:StartEvent'];
/**
 * Deadlines a platform message brings instead of a deadline task: the 督办单's `supervisionOrderDue`,
 * set by the supervisionOrder message the 督办 board publishes (rules/VOCABULARY.md).
 */
const MESSAGE_DEADLINES = new Set(['supervisionOrder']);
/**
 * Deadlines a subject process is started with: the knowledge base computes `knowledgeUpdateDue` (the
 * pack's update period from the flag) when it starts the `knowledgeUpdate` process (rules/VOCABULARY.md).
 */
const START_DEADLINES = new Set(['knowledgeUpdate']);
const broughtIn = (name: string): boolean => MESSAGE_DEADLINES.has(name) || START_DEADLINES.has(name);

export default function timerDeadline(options: TimerDeadlineOptions = {}): LintRule {
  const produced = options.stages ? new Set(options.stages) : undefined;
  const known = new Set<string>(options.knownStages ?? STAGES);

  const checkProcess = (process: ModdleElement, reporter: LintReporter) => {
    const { graph, nodes } = executionGraph(process);
    const deadlineTasks = [...nodes.values()].filter((n) => is(n, 'bpmn:ServiceTask') && jobTypeOf(n) === DEADLINE_JOB_TYPE);
    const watchTasks = [...nodes.values()].filter((n) => is(n, 'bpmn:ServiceTask') && jobTypeOf(n) === WATCH_JOB_TYPE);
    const settersOf = (name: string) => deadlineTasks.filter((t) => deadlineNameOf(t) === name);
    const computing = (name: string) => `类型 ${DEADLINE_JOB_TYPE}，任务头 stage = ${name} 或 as = ${name}`;

    /**
     * Reports (on `at`, saying `reads`: "定时器…读取 handleDue") a deadline no stage of the pack and no
     * deadline task names, or (when `ruled`) one no rule gives a period; true when it can be computed.
     */
    const computable = (at: string, reads: string, name: string, ruled: boolean): boolean => {
      const setters = settersOf(name);
      if (setters.length === 0 && !known.has(name)) {
        reporter.report(at, `${reads}，但“${name}”不是时限阶段（可用：${[...known].join('、')}），也没有服务任务以任务头 as = ${name} 计算它`, {
          code: 'TIMER_UNKNOWN_STAGE',
          stage: name,
        });
        return false;
      }
      const stages = setters.length > 0 ? [...new Set(setters.flatMap((t) => taskHeaderOf(t, 'stage') ?? []))] : [name];
      if (ruled && produced && !stages.some((s) => produced.has(s))) {
        reporter.report(at, `${reads}，但城市包的办理时限中没有给阶段“${stages.join('”“')}”规定期限的规则，无法计算`, {
          code: 'TIMER_STAGE_NOT_IN_RULES',
          stage: name,
        });
        return false;
      }
      return true;
    };

    /**
     * Checks that `<name>Due` is set before `reader` on every path from the start (`armedAt`: after its
     * activity). A timer needs an instant (`ruled`: some rule gives the stage a period); a task's due
     * date may be empty, as when the city's rules set no period for that stage.
     */
    const checkRead = (reader: ModdleElement, reads: string, name: string, ruled: boolean, armedAt?: string) => {
      if (!computable(reader.id!, reads, name, ruled)) return;
      const setters = settersOf(name).filter((t) => t.id !== armedAt && t.id !== reader.id);
      if (setters.length === 0) {
        reporter.report(reader.id!, `${reads}，但之前没有计算它的服务任务（${computing(name)}）`, { code: 'TIMER_DEADLINE_NOT_COMPUTED', stage: name });
        return;
      }
      // Set whichever way the ticket came: with the setters removed, the reader cannot be reached.
      if (!graph.reachable([ROOT], new Set(setters.map((t) => t.id!))).has(reader.id!)) return;
      const upstream = setters.filter((t) => graph.reachable([t.id!]).has(reader.id!));
      reporter.report(
        reader.id!,
        upstream.length > 0
          ? `${reads}，但有一条从开始到此处的路径不经过计算它的服务任务（${upstream.map((t) => t.id).join('、')}）`
          : `${reads}，但计算它的服务任务（${setters.map((t) => t.id).join('、')}）不在它之前`,
        { code: 'TIMER_DEADLINE_NOT_COMPUTED', stage: name },
      );
    };

    const checkWatch = (watch: ModdleElement) => {
      const watched = taskHeaderOf(watch, 'stage');
      if (watched === undefined || WATCH_STOPS.has(watched)) return;
      const reads = `盯时限任务${describeElement(watch)}盯 ${watched}Due`;
      // A stage no rule gives a period is watched as none: the watch waits for the next stage (watchDue
      // null), so a step offered only where a version rules its stage (稍后答复) may be in every city.
      if (!computable(watch.id!, reads, watched, false)) return;
      // No path check: the watch branch receives watchDue through the deadlineChanged message the
      // watch tasks publish, not along the flow.
      if (settersOf(watched).length === 0) {
        reporter.report(watch.id!, `${reads}，但没有计算它的服务任务（${computing(watched)}）`, { code: 'TIMER_DEADLINE_NOT_COMPUTED', stage: watched });
      }
    };

    let readsWatchDue = false;
    const checkTimer = (event: ModdleElement, timer: ModdleElement) => {
      const what = describeElement(event);
      const date = expressionText(timer.timeDate);
      if (date === undefined || date === '') {
        const fixed = expressionText(timer.timeDuration) ?? expressionText(timer.timeCycle);
        reporter.report(
          event.id!,
          `定时器${what}${fixed ? `按固定时长“${fixed}”计时` : '没有设定时间'}，没有读取规则计算的期限：请把定时器类型设为“日期”（timeDate），值为 =<阶段>Due，例如 =acceptDue`,
          { code: 'TIMER_NOT_DEADLINE' },
        );
        return;
      }
      // The watch's timer reads its next rung (a warning 预警 or the deadline) or, in older processes, the deadline.
      const watchVariable = /^=\s*(watchDue|watchNextAt)\s*$/.exec(date)?.[1];
      if (watchVariable !== undefined) {
        readsWatchDue = true;
        if (watchTasks.length === 0) {
          reporter.report(event.id!, `定时器${what}读取 ${watchVariable}，但没有设置它的服务任务（类型 ${WATCH_JOB_TYPE}）`, { code: 'TIMER_DEADLINE_NOT_COMPUTED', stage: 'watch' });
        }
        return;
      }
      const name = stageOfTimeDate(date);
      if (name === null) {
        reporter.report(event.id!, `定时器${what}的日期“${date}”不是期限变量：应为 =<阶段>Due，例如 =acceptDue`, { code: 'TIMER_NOT_DEADLINE' });
        return;
      }
      if (broughtIn(name)) return;
      // The point where the timer is armed: a boundary timer when its activity is entered.
      const host = is(event, 'bpmn:BoundaryEvent') && is(event.attachedToRef, 'bpmn:BaseElement') ? event.attachedToRef.id : undefined;
      checkRead(event, `定时器${what}读取 ${name}Due`, name, true, host);
    };

    const checkDueHeader = (task: ModdleElement, due: string) => {
      const what = describeElement(task);
      const name = DEADLINE_VARIABLE.exec(due.trim())?.[1];
      if (name === undefined) {
        reporter.report(task.id!, `任务${what}的任务头 due“${due}”不是期限变量：应为 <阶段>Due，例如 acceptDue`, { code: 'TIMER_NOT_DEADLINE' });
        return;
      }
      if (!broughtIn(name)) checkRead(task, `任务${what}的到期时间（任务头 due）读取 ${name}Due`, name, false);
    };

    // The worker refuses a stage the pack does not know: say so on the task, not only where it is read.
    for (const task of deadlineTasks) {
      const stage = taskHeaderOf(task, 'stage');
      if (task.id && (stage === undefined || !known.has(stage))) {
        reporter.report(
          task.id,
          `时限任务${describeElement(task)}${stage === undefined ? '没有任务头 stage' : `的阶段“${stage}”不是时限阶段`}（可用：${[...known].join('、')}）`,
          { code: 'TIMER_UNKNOWN_STAGE', ...(stage === undefined ? {} : { stage }) },
        );
      }
    }

    for (const node of nodes.values()) {
      if (!node.id) continue;
      const timer = TIMER_EVENTS.some((t) => is(node, t)) ? timerDefinitionOf(node) : undefined;
      if (timer) checkTimer(node, timer);
      const due = taskHeaderOf(node, 'due');
      if (due !== undefined) checkDueHeader(node, due);
    }
    if (readsWatchDue) watchTasks.forEach(checkWatch);
  };

  return {
    check: (node, reporter) => {
      if (is(node, 'bpmn:Process')) checkProcess(node, reporter);
    },
  };
}
