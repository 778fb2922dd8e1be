import { View } from '@react-pdf/renderer';
import type { Nodes } from 'mdast';
import type { ComponentProps, ComponentType } from 'react';

/**
 * Which footnotes go at the foot of which page, settled page by page while
 * react-pdf paginates, in one layout pass (the `settlePage` hook that
 * patches/@react-pdf+layout adds): the page is laid out with the notes it is
 * expected to hold, told which references landed on it, and laid out again
 * until the two agree. A note goes on the page where it is first cited. When
 * setting it there pushes its own reference over the break, it goes at the
 * top of the next page's notes instead, as a note that does not fit does in
 * print.
 */
export interface PageNotes {
  /** The notes drawn at the foot of a page, in number order: settled, or those it is being tried with. */
  on(page: number): string[];
  /** Told what landed on a page; true when its notes changed, so the page must be laid out again. */
  settle(page: number, content: readonly LaidOut[]): boolean;
}

/** What the layout engine hands back for a page: nodes with their props and children. */
export interface LaidOut {
  props?: { citedNotes?: string[] };
  children?: LaidOut[];
}

/** Identifiers of the footnotes cited inside a node, in order. */
export function citedNotes(node: Nodes): string[] {
  if (node.type === 'footnoteReference') return [node.identifier];
  return 'children' in node ? node.children.flatMap((child) => citedNotes(child)) : [];
}

/**
 * A zero-height mark after a block that cites notes: the page it lands on is
 * the page its notes are cited on. react-pdf keeps the prop on the laid-out node.
 */
export function noteMark(ids: string[]) {
  return ids.length > 0 ? <MarkView citedNotes={ids} style={{ height: 0 }} /> : null;
}

const MarkView = View as ComponentType<ComponentProps<typeof View> & { citedNotes: string[] }>;

export function pageNotes(numberOf: (id: string) => number): PageNotes {
  /** Per page: notes carried over from the page before, and notes cited on it. */
  const settled = new Map<number, { carried: string[]; cited: string[] }>();
  /** Notes already set on an earlier page of this round: a note cited twice is set where first cited. */
  const set = new Set<string>();
  let carried: string[] = [];
  let lastPage = 0;
  let trying: { page: number; cited: string[]; deferred: Set<string>; count: number } | undefined;

  const begin = (page: number) => {
    if (trying?.page === page) return trying;
    // react-pdf paginates twice when pages show their total: a new round starts from page 1.
    if (page <= lastPage) {
      set.clear();
      carried = [];
    }
    // Each page starts from no notes, in every round: what it settles on depends on the pages before it alone.
    trying = { page, cited: [], deferred: new Set(), count: 0 };
    return trying;
  };
  const byNumber = (ids: string[]) => [...ids].sort((a, b) => numberOf(a) - numberOf(b));

  return {
    on(page) {
      const done = settled.get(page);
      if (trying?.page !== page && done && page <= lastPage) return [...done.carried, ...done.cited];
      return [...carried, ...begin(page).cited];
    },
    settle(page, content) {
      const attempt = begin(page);
      attempt.count += 1;
      const landed = byNumber([...new Set(citedIn(content))].filter((id) => !set.has(id) && !carried.includes(id)));
      // A note whose reference no longer lands here pushed it over the break: it waits for the next page.
      const pushed = attempt.cited.filter((id) => !landed.includes(id));
      const more = landed.filter((id) => !attempt.cited.includes(id) && !attempt.deferred.has(id));
      if (pushed.length === 0 && (more.length === 0 || attempt.count >= TRIES)) {
        // The page was laid out with these notes and all their references landed: settled.
        // Any other reference that landed has its note at the top of the next page's.
        settled.set(page, { carried, cited: attempt.cited });
        for (const id of [...carried, ...attempt.cited]) set.add(id);
        carried = landed.filter((id) => !attempt.cited.includes(id));
        lastPage = page;
        trying = undefined;
        return false;
      }
      for (const id of pushed) attempt.deferred.add(id);
      // After TRIES the notes only shrink: less in the notes leaves at least the same references on the page.
      attempt.cited =
        attempt.count < TRIES
          ? landed.filter((id) => !attempt.deferred.has(id))
          : attempt.cited.filter((id) => landed.includes(id));
      return true;
    },
  };
}

/** Tries of a page that may add notes; then it settles in at most two more (the layout engine allows eight). */
const TRIES = 4;

function citedIn(nodes: readonly LaidOut[]): string[] {
  return nodes.flatMap((node) => [...(node.props?.citedNotes ?? []), ...citedIn(node.children ?? [])]);
}
