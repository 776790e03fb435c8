// Subject processes (流程对象, city.json `subjectProcesses`): pack processes whose instances are about
// something other than a ticket — a knowledge entry's review, a unit's appeal against an assessment figure.
// Each declaration names the subject kind (the key the subject's module registers), the process file, its
// label, and where it comes from. Shape here; the cross-file checks (the file is there and holds one
// executable process) in checkSubjectProcesses.
import type { Sourced } from './types';

export interface SubjectProcessDeclaration extends Partial<Sourced> {
  /** Subject kind, e.g. `knowledgeEntry`, `assessmentAppeal` (the module's SubjectKind.kind). */
  kind: string;
  label: string;
  /** `processes/<name>.bpmn` of the pack. */
  process: string;
  note?: string;
}

const sourceRef = { type: 'string', pattern: '^[a-z0-9-]+\\.txt §\\d+' } as const;

/** The JSON Schema of city.json's `subjectProcesses` (hooked into citySchema). */
export const subjectProcessesSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['kind', 'label', 'process', 'source'],
    additionalProperties: false,
    properties: {
      kind: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' },
      label: { type: 'string', minLength: 1 },
      process: { type: 'string', pattern: '^processes/[A-Za-z0-9][A-Za-z0-9._-]*\\.bpmn$' },
      source: sourceRef,
      assumption: { type: 'string', minLength: 1 },
      note: { type: 'string', minLength: 1 },
    },
  },
} as const;

/** The ticket's own process file: never a subject's. */
const TICKET_PROCESS = 'processes/ticket.bpmn';

type Report = (file: string, path: string, message: string, messageZh: string) => void;

/** The executable processes (`<bpmn:process id=… isExecutable="true">`) a BPMN text defines; null when it is not BPMN at all. */
export function executableProcessIds(xml: string): string[] | null {
  if (!/<(?:[\w-]+:)?definitions\b[^>]*>/.test(xml) || !/<\/(?:[\w-]+:)?definitions>\s*$/.test(xml.trim() + '\n')) return null;
  return [...xml.matchAll(/<(?:[\w-]+:)?process\b([^>]*)>/g)].flatMap((m) => {
    const attributes = m[1] ?? '';
    const id = /\bid\s*=\s*"([^"]+)"/.exec(attributes)?.[1];
    return id !== undefined && /\bisExecutable\s*=\s*"true"/.test(attributes) ? [id] : [];
  });
}

/** Each declared kind once, its file in the pack (not the ticket's), holding exactly one executable process. */
export function checkSubjectProcesses(declarations: readonly SubjectProcessDeclaration[], files: ReadonlyArray<{ path: string; text: string }>, report: Report): void {
  const seen = new Map<string, number>();
  declarations.forEach((d, i) => {
    const at = `/subjectProcesses/${i}`;
    if (seen.has(d.kind)) report('city.json', `${at}/kind`, `declares subject kind "${d.kind}" twice`, `流程对象“${d.kind}”声明了两次`);
    seen.set(d.kind, i);
    if (d.process === TICKET_PROCESS) {
      report('city.json', `${at}/process`, `${TICKET_PROCESS} is the ticket's process; a subject process needs a file of its own`, `${TICKET_PROCESS} 是工单流程，流程对象须使用单独的流程文件`);
      return;
    }
    const file = files.find((f) => f.path === d.process);
    if (!file) {
      report('city.json', `${at}/process`, `names ${d.process}, which the pack does not have`, `所指流程文件 ${d.process} 不在城市包中`);
      return;
    }
    const ids = executableProcessIds(file.text);
    if (ids === null) {
      report('city.json', `${at}/process`, `${d.process} is not a BPMN file (no <definitions> element)`, `${d.process} 不是可解析的 BPMN 文件（缺少 definitions 元素）`);
    } else if (ids.length !== 1) {
      report('city.json', `${at}/process`, `${d.process} defines ${ids.length} executable processes; a subject process file holds exactly one`, `${d.process} 定义了 ${ids.length} 个可执行流程，流程对象的文件须恰好包含一个`);
    }
  });
}

/** The pack's subject processes; none when city.json declares none. */
export function subjectProcessesOf(city: { subjectProcesses?: SubjectProcessDeclaration[] }): readonly SubjectProcessDeclaration[] {
  return city.subjectProcesses ?? [];
}
