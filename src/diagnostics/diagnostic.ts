import { CODES, type Code } from './codes.ts';

/** A problem in a user's content: data that stages return and the CLI prints. */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Permanent identifier from the catalogue (src/diagnostics/codes.ts), e.g. FRONT_MATTER_UNKNOWN_KEY. */
  code: Code;
  severity: Severity;
  /** What happened and why; no position and no "Error:" prefix. */
  message: string;
  hint?: string;
  /** Path of the file the problem is in, as given to the build. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/**
 * Thrown by a stage when a brief cannot go further. Carries every problem the
 * stage found, so the CLI reports them all at once.
 */
export class ContentError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
    this.name = 'ContentError';
  }
}

/** A problem, with the severity its code has in the catalogue. */
export function problem(
  code: Code,
  file: string,
  line: number,
  column: number,
  message: string,
  hint?: string,
): Diagnostic {
  return { code, severity: CODES[code].severity, message, hint, file, line, column };
}

/** Throws a ContentError for a single problem. */
export function fail(...args: Parameters<typeof problem>): never {
  throw new ContentError([problem(...args)]);
}
