// Chinese for the lint list and overlays: a title per rule, and the compat plugin's English messages
// said in Chinese where their pattern is known (the original is kept otherwise).

export const RULE_TITLES: Record<string, string> = {
  'hotline/user-task-form': '用户任务表单',
  'hotline/timer-deadline': '定时器期限',
  'hotline/no-dangling-flow': '悬空的流程',
  'hotline/outcome-header': '流程结果',
  'start-event-required': '开始事件',
  'camunda-compat/implementation': '任务实现',
  'camunda-compat/called-element': '调用活动',
  'camunda-compat/duplicate-task-headers': '重复的任务头',
  'camunda-compat/element-type': '元素类型（Zeebe 8.5）',
  'camunda-compat/error-reference': '错误引用',
  'camunda-compat/event-based-gateway-target': '事件网关的后续事件',
  'camunda-compat/executable-process': '可执行流程',
  'camunda-compat/loop-characteristics': '多实例',
  'camunda-compat/message-reference': '消息引用',
  'camunda-compat/io-mapping': '输入输出映射',
  'camunda-compat/no-binding-type': '绑定类型',
  'camunda-compat/no-business-id': '业务标识',
  'camunda-compat/no-cancel-execution-listener': '执行监听器',
  'camunda-compat/no-execution-listener-headers': '执行监听器',
  'camunda-compat/no-execution-listeners': '执行监听器',
  'camunda-compat/no-expression': '表达式',
  'camunda-compat/no-job-priority-definition': '作业优先级',
  'camunda-compat/no-loop': '无等待的循环',
  'camunda-compat/no-multiple-none-start-events': '多个空开始事件',
  'camunda-compat/no-priority-definition': '任务优先级',
  'camunda-compat/no-task-listeners': '任务监听器',
  'camunda-compat/no-version-tag': '版本标签',
  'camunda-compat/sequence-flow-condition': '顺序流条件',
  'camunda-compat/start-event-form': '开始事件表单',
  'camunda-compat/subscription': '消息订阅',
  'camunda-compat/timer': '定时器格式',
  'camunda-compat/user-task-definition': '用户任务定义',
  'camunda-compat/user-task-form': '用户任务表单（Zeebe）',
  'camunda-compat/variable-name': '变量名',
  'camunda-compat/feel': 'FEEL 表达式',
  'camunda-compat/feel-compatibility': 'FEEL 兼容性',
  'camunda-compat/connector-properties': '连接器属性',
  'camunda-compat/inclusive-gateway': '包容网关',
  'camunda-compat/escalation-boundary-event-attached-to-ref': '升级边界事件',
  'camunda-compat/escalation-reference': '升级引用',
  'camunda-compat/link-event': '链接事件',
  'camunda-compat/task-schedule': '任务计划',
  'camunda-compat/secrets': '密钥',
  'camunda-compat/signal-reference': '信号引用',
  'camunda-compat/wait-for-completion': '等待完成',
  'bpmn-xml': 'BPMN 文件',
};

export function ruleTitle(rule: string): string {
  return RULE_TITLES[rule] ?? rule;
}

const TYPE_NAMES: Record<string, string> = {
  'bpmn:UserTask': '用户任务',
  'bpmn:ServiceTask': '服务任务',
  'bpmn:Task': '任务',
  'bpmn:StartEvent': '开始事件',
  'bpmn:EndEvent': '结束事件',
  'bpmn:BoundaryEvent': '边界事件',
  'bpmn:IntermediateCatchEvent': '中间捕获事件',
  'bpmn:IntermediateThrowEvent': '中间抛出事件',
  'bpmn:ExclusiveGateway': '排他网关',
  'bpmn:ParallelGateway': '并行网关',
  'bpmn:InclusiveGateway': '包容网关',
  'bpmn:EventBasedGateway': '事件网关',
  'bpmn:SubProcess': '子流程',
  'bpmn:SequenceFlow': '顺序流',
  'bpmn:Process': '流程',
  'bpmn:Message': '消息',
  'bpmn:TimerEventDefinition': '定时器定义',
  'bpmn:MessageEventDefinition': '消息定义',
};
const typeName = (t: string) => (TYPE_NAMES[t] ? `${TYPE_NAMES[t]}（${t}）` : t);

const PATTERNS: Array<[RegExp, (...m: string[]) => string]> = [
  [/^Element of type <([^>]+)> must have property (.+)$/, (t, p) => `${typeName(t!)}必须有属性 ${p!.replace(/ or /g, ' 或 ').replace(/ and /g, ' 和 ')}`],
  [/^Element of type <([^>]+)> must have one extension element of type (.+)$/, (t, p) => `${typeName(t!)}必须有一个扩展元素 ${p!.replace(/ or /g, ' 或 ')}`],
  [/^Element of type <([^>]+)> not allowed$/, (t) => `Zeebe 8.5 不支持${typeName(t!)}`],
  [/^Element of type <([^>]+)> only allowed by Camunda (\S+) or newer$/, (t, v) => `${typeName(t!)}需要 Camunda ${v} 或更新版本（本平台为 8.5）`],
  [/^Element of type <([^>]+)> with event definition of type <([^>]+)> not allowed$/, (t, d) => `Zeebe 8.5 不支持带${typeName(d!)}的${typeName(t!)}`],
  [/^Element of type <([^>]+)> with no event definition not allowed$/, (t) => `Zeebe 8.5 不支持没有事件定义的${typeName(t!)}`],
  [/^Property <([^>]+)> is not a valid FEEL expression$/, (p) => `属性 <${p}> 不是合法的 FEEL 表达式`],
  [/^Property <([^>]+)> must have expression value$/, (p) => `属性 <${p}> 必须是表达式（以 = 开头）`],
  [/^Property <([^>]+)> must have value of <([^>]+)>$/, (p, v) => `属性 <${p}> 的值必须是 <${v}>`],
  [/^Loop detected: (.+)$/, (l) => `检测到没有等待点的循环：${l}`],
  [/^Properties of type <([^>]+)> have property <([^>]+)> with duplicate value of <([^>]+)>$/, (t, p, v) => `${typeName(t!)}的属性 <${p}> 有重复值 <${v}>`],
  [/^(Process|Sub process) is missing start event$/, (w) => `${w === 'Process' ? '流程' : '子流程'}缺少开始事件`],
];

/** The message in Chinese when its pattern is known; otherwise unchanged. Our own rules already speak Chinese. */
export function localizeLintMessage(message: string): string {
  for (const [pattern, say] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return say(...m.slice(1));
  }
  return message;
}
