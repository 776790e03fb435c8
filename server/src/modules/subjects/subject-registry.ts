// Where modules register their subject kinds (SubjectKind, ./subject-kind.ts) at server start: the
// knowledge base its `knowledgeEntry`, the assessment its `assessmentAppeal`. The workflow's outcome
// worker and the task pages look a kind up here; a kind nobody registered has no summary, and an
// outcome for it waits (the job fails and is retried) until a server that knows it takes it.
import type { SubjectKind } from './subject-kind';

export class SubjectKinds {
  private readonly kinds = new Map<string, SubjectKind>();

  /** Registers a kind; registering another object under the same key is a wiring mistake. */
  register(kind: SubjectKind): void {
    const known = this.kinds.get(kind.kind);
    if (known && known !== kind) throw new Error(`subject kind "${kind.kind}" is registered twice`);
    this.kinds.set(kind.kind, kind);
  }

  get(kind: string): SubjectKind | undefined {
    return this.kinds.get(kind);
  }

  keys(): string[] {
    return [...this.kinds.keys()];
  }
}
