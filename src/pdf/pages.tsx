import { View } from '@react-pdf/renderer';

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
  /** `previous` by key without its probe number: the first page each was found on. */
  first: ReadonlyMap<string, number>;
}

export function newPageNumbers(previous: ReadonlyMap<string, number> = new Map()): PageNumbers {
  // Indexed once per pass: every page asks which notes landed on it, and a long report has thousands of probes.
  const first = new Map<string, number>();
  for (const [probeKey, page] of previous) {
    const key = probeKey.slice(0, probeKey.lastIndexOf('#'));
    if (page < (first.get(key) ?? Number.POSITIVE_INFINITY)) first.set(key, page);
  }
  return { previous, current: new Map(), probes: 0, first };
}

/** The page where something was first found in the previous pass (a note cited twice is set where first cited). */
export function pageOf(pages: PageNumbers, key: string): number | undefined {
  return pages.first.get(key);
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

/** The memo's first page: its masthead opens it, so no running header goes above it. */
export const FRAME_KEY = 'frame';
export const headingKey = (id: string) => `heading:${id}`;

/** True when another pass would be told what this one was, and so lay out the same. */
export function settled(pages: PageNumbers): boolean {
  if (pages.previous.size !== pages.current.size) return false;
  for (const [key, page] of pages.current) if (pages.previous.get(key) !== page) return false;
  return true;
}
