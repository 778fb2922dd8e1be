import { View } from '@react-pdf/renderer';
import type { Nodes } from 'mdast';

/**
 * Page numbers learned while laying out. react-pdf only knows a block's page
 * during layout, so what depends on it (a table of contents, footnotes at
 * the foot of the citing page) is drawn from the previous pass's numbers and
 * the document is laid out again until they stop changing.
 */
export interface PageNumbers {
  /** What the previous pass found: `key#probe` → page. Empty on the first pass. */
  previous: ReadonlyMap<string, number>;
  /** Filled by probes during this pass. */
  current: Map<string, number>;
  /** Probes are numbered in document order, the same in every pass. */
  probes: number;
}

export function newPageNumbers(previous: ReadonlyMap<string, number> = new Map()): PageNumbers {
  return { previous, current: new Map(), probes: 0 };
}

/** The page where something was first found in the previous pass (a note cited twice is set where first cited). */
export function pageOf(pages: PageNumbers, key: string): number | undefined {
  let first: number | undefined;
  for (const [probeKey, page] of pages.previous) {
    if (probeKey.startsWith(`${key}#`) && (first === undefined || page < first)) first = page;
  }
  return first;
}

/**
 * What the next pass is told. A footnote only ever moves to a later page:
 * otherwise a note that pushes its own reference over the page break would
 * swap pages on every pass. It may so end up on the page after its
 * reference, as a note that does not fit does in print.
 */
export function nextInput(pages: PageNumbers): Map<string, number> {
  const next = new Map(pages.current);
  for (const [key, page] of pages.previous) {
    if (key.startsWith('note:')) next.set(key, Math.max(page, next.get(key) ?? 0));
  }
  return next;
}

/** A zero-height block that records the page it lands on under each key. */
export function probe(pages: PageNumbers, names: string[]) {
  if (names.length === 0) return null;
  pages.probes += 1;
  const keys = names.map((name) => `${name}#${pages.probes}`);
  return (
    <View
      style={{ height: 0 }}
      render={({ pageNumber }) => {
        // A probe may be laid out on a page, then moved on with what follows it: the last page it reports is where it stands.
        for (const key of keys) pages.current.set(key, pageNumber);
        return null;
      }}
    />
  );
}

export const noteKey = (identifier: string) => `note:${identifier}`;
/** The memo's first page: its masthead opens it, so no running header goes above it. */
export const FRAME_KEY = 'frame';
export const headingKey = (id: string) => `heading:${id}`;

/** Identifiers of the footnotes cited inside a node, in order. */
export function citedNotes(node: Nodes): string[] {
  if (node.type === 'footnoteReference') return [node.identifier];
  return 'children' in node ? node.children.flatMap((child) => citedNotes(child)) : [];
}

/** True when another pass would be told what this one was, and so lay out the same. */
export function settled(pages: PageNumbers): boolean {
  const next = nextInput(pages);
  if (pages.previous.size !== next.size) return false;
  for (const [key, page] of next) if (pages.previous.get(key) !== page) return false;
  return true;
}
