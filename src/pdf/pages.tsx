import { View } from '@react-pdf/renderer';
import type { Nodes } from 'mdast';

/**
 * Page numbers learned while laying out. react-pdf only knows a block's page
 * during layout, so what depends on it (a table of contents, footnotes at
 * the foot of the citing page) is drawn from the previous pass's numbers and
 * the document is laid out again until they stop changing.
 */
export interface PageNumbers {
  /** What the previous pass found: key → page. Empty on the first pass. */
  previous: ReadonlyMap<string, number>;
  /** Filled by probes during this pass. */
  current: Map<string, number>;
}

export function newPageNumbers(previous: ReadonlyMap<string, number> = new Map()): PageNumbers {
  return { previous, current: new Map() };
}

/** A zero-height block that records the page it lands on under each key. */
export function probe(pages: PageNumbers, keys: string[]) {
  if (keys.length === 0) return null;
  return (
    <View
      style={{ height: 0 }}
      render={({ pageNumber }) => {
        for (const key of keys) if (!pages.current.has(key)) pages.current.set(key, pageNumber);
        return null;
      }}
    />
  );
}

export const noteKey = (identifier: string) => `note:${identifier}`;
export const headingKey = (id: string) => `heading:${id}`;

/** Identifiers of the footnotes cited inside a node, in order. */
export function citedNotes(node: Nodes): string[] {
  if (node.type === 'footnoteReference') return [node.identifier];
  return 'children' in node ? node.children.flatMap((child) => citedNotes(child)) : [];
}

/** True when the two passes put every key on the same page. */
export function settled(pages: PageNumbers): boolean {
  if (pages.previous.size !== pages.current.size) return false;
  for (const [key, page] of pages.current) if (pages.previous.get(key) !== page) return false;
  return true;
}
