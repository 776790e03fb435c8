// Every user task names its form as `hotline:<form>` (zeebe:formDefinition formKey), and the pack
// has that form: `forms/<form>.json`. Without a pack (options.forms absent) only the key is checked.
import { describeElement, extensionOf, is } from '../model';
import type { LintRule, ModdleElement } from '../types';

export interface UserTaskFormOptions {
  /** Form names the pack has (`forms/<name>.json`); absent: do not check existence. */
  forms?: readonly string[];
}

/** As @hotline/forms names forms: `forms/<form>.json`, <form> in camelCase. */
export const FORM_KEY = /^hotline:([a-z][A-Za-z0-9]*)$/;

/** `hotline:accept` → `accept`; null for any other key. */
export function formNameOf(formKey: string): string | null {
  return FORM_KEY.exec(formKey.trim())?.[1] ?? null;
}

export default function userTaskForm(options: UserTaskFormOptions = {}): LintRule {
  const forms = options.forms ? new Set(options.forms) : undefined;
  const check = (node: ModdleElement, reporter: { report(id: string, message: string, details?: Record<string, unknown>): void }) => {
    if (!is(node, 'bpmn:UserTask') || !node.id) return;
    const definition = extensionOf(node, 'zeebe:FormDefinition');
    const formKey = typeof definition?.formKey === 'string' ? definition.formKey.trim() : '';
    const what = describeElement(node);
    if (!formKey) {
      const linked = typeof definition?.formId === 'string' && definition.formId !== '';
      reporter.report(
        node.id,
        linked
          ? `用户任务${what}引用的是 Camunda 表单（formId），本平台的表单在城市包中：请改为自定义表单键 hotline:<表单名>`
          : `用户任务${what}没有表单：请在属性面板“表单”中选择“自定义表单键”，填写 hotline:<表单名>`,
        { code: 'FORM_MISSING' },
      );
      return;
    }
    const form = formNameOf(formKey);
    if (form === null) {
      reporter.report(node.id, `用户任务${what}的表单键“${formKey}”不是 hotline:<表单名> 的形式`, { code: 'FORM_KEY_MALFORMED', formKey });
      return;
    }
    if (forms && !forms.has(form)) {
      reporter.report(node.id, `用户任务${what}的表单 ${formKey} 在城市包中不存在：缺少 forms/${form}.json`, { code: 'FORM_NOT_IN_PACK', form });
    }
  };
  return { check };
}
