import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import type { ValidBrief } from './validate.ts';

/** Statuses that say an office has not yet given its clearance. */
const PENDING = new Set(['pending', 'draft']);

/**
 * A final decision (or action) memo goes to its reader cleared: a clearance
 * still pending is a warning at its status, an error under `--strict`.
 */
export function pendingClearances({ brief, parsed, placeOf }: ValidBrief): Diagnostic[] {
  if (brief.status !== 'final' || !(brief.memoType === 'decision' || brief.memoType === 'action')) return [];
  return brief.clearances.flatMap((clearance, i) => {
    if (!PENDING.has(clearance.status)) return [];
    const at = placeOf(['clearances', i, 'status']);
    return [
      problem(
        'CLEARANCE_PENDING',
        parsed.source.path,
        at.line,
        at.column,
        `The ${brief.memoType} memo is final, but ${clearance.office}'s clearance is ${clearance.status}.`,
        'Record the clearance (cleared, cleared with edits, informed, did not clear), or keep the memo a draft (status: draft).',
      ),
    ];
  });
}
