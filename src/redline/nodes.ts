import type { Parent } from 'mdast';

/**
 * The redline's own mdast nodes. `redline` wraps words (phrasing) or whole
 * blocks that were inserted, deleted, changed or moved since the compared
 * version; the PDF handlers underline and colour insertions, strike
 * deletions, and draw a change bar in the margin beside changed blocks.
 */
export interface Change extends Parent {
  type: 'redline';
  kind: 'inserted' | 'deleted' | 'changed' | 'moved';
  /** Wraps a whole block (drawn with a change bar) rather than words. */
  block?: boolean;
}

declare module 'mdast' {
  interface RootContentMap {
    redline: Change;
  }
  interface PhrasingContentMap {
    redline: Change;
  }
  interface BlockContentMap {
    redline: Change;
  }
}
