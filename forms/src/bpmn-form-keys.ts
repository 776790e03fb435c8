// Which forms a pack's processes ask for: every BPMN user task names one with
// `<zeebe:formDefinition formKey="hotline:<form>" />` (engine-adapters/BPMN-SUBSET.md). A text scan,
// no XML parser: enough to find the task, its form key and the line, in the browser as well.

export interface UserTaskForm {
  taskId: string;
  /** 1-based line of the task's start tag. */
  line: number;
  /** The formKey attribute as written, or null when the task has none. */
  formKey: string | null;
  /** `<form>` of `hotline:<form>`, or null when the key is missing or of another shape. */
  form: string | null;
}

const USER_TASK = /<((?:[\w-]+:)?)userTask\b([^>]*?)(\/?)>/g;
const FORM_KEY = /\bformKey\s*=\s*"([^"]*)"/;
const ID = /\bid\s*=\s*"([^"]*)"/;
export const HOTLINE_FORM_KEY = /^hotline:([a-z][A-Za-z0-9]*)$/;

export function userTaskForms(xml: string): UserTaskForm[] {
  const out: UserTaskForm[] = [];
  for (const m of xml.matchAll(USER_TASK)) {
    const [tag, prefix = '', attrs = '', selfClosing] = m;
    const start = m.index;
    let body = '';
    if (selfClosing !== '/') {
      const close = xml.indexOf(`</${prefix}userTask>`, start + tag.length);
      body = xml.slice(start + tag.length, close === -1 ? undefined : close);
    }
    const formKey = FORM_KEY.exec(body)?.[1] ?? null;
    out.push({
      taskId: ID.exec(attrs)?.[1] ?? '(no id)',
      line: xml.slice(0, start).split('\n').length,
      formKey,
      form: formKey === null ? null : (HOTLINE_FORM_KEY.exec(formKey)?.[1] ?? null),
    });
  }
  return out;
}
