// One error base for the platform's pure rules: a stable code tests and callers can match,
// and who is at fault ('user' for bad input, 'unexpected' for a bug), after n8n's taxonomy.

export type ErrorLevel = 'user' | 'operational' | 'unexpected';

export class HotlineError extends Error {
  readonly code: string;
  readonly level: ErrorLevel;

  constructor(code: string, message: string, level: ErrorLevel = 'user', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HotlineError';
    this.code = code;
    this.level = level;
  }
}

/** One thing wrong in a pack: which file, where inside it (JSON pointer), and what. */
export interface PackIssue {
  file: string;
  path: string;
  /** In English: the CLI and logs print it. */
  message: string;
  /**
   * The same in Chinese, for policy staff (the modeler, the server's answers); without the place,
   * which the modeler names as its own row and field. Absent where a check words English only.
   */
  messageZh?: string;
}

export function formatIssue(issue: PackIssue): string {
  return `${issue.file} at ${issue.path || '/'}: ${issue.message}`;
}

export class PackValidationError extends HotlineError {
  readonly issues: PackIssue[];

  constructor(issues: PackIssue[]) {
    super(
      'PACK_INVALID',
      `the city pack is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join('\n'),
    );
    this.name = 'PackValidationError';
    this.issues = issues;
  }
}
