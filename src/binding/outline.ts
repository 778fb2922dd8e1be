import { type PDFContext, PDFDict, PDFName, PDFNumber, type PDFObject, type PDFRef } from 'pdf-lib';

/** A bookmark: its dictionary (title, destination or action, style) and the bookmarks under it. */
export interface Bookmark {
  dict: PDFDict;
  /** Shown with its children unfolded. */
  open: boolean;
  children: Bookmark[];
}

const OWN_KEYS = ['Title', 'Dest', 'A', 'C', 'F'];

/**
 * A part's outline, read from its source document: each item's own entries
 * copied with `copy` (so destinations land on the copied pages), its place in
 * the tree (Parent, First, Next…) left to `writeOutline`.
 */
export function readOutline(
  outlines: PDFDict | undefined,
  copy: (object: PDFObject) => PDFObject,
  context: PDFContext,
): Bookmark[] {
  const seen = new Set<PDFDict>();
  const items = (first: PDFObject | undefined): Bookmark[] => {
    const found: Bookmark[] = [];
    let item = first;
    while (item instanceof PDFDict && !seen.has(item)) {
      seen.add(item);
      const dict = context.obj({});
      for (const key of OWN_KEYS) {
        const value = item.get(PDFName.of(key));
        if (value !== undefined) dict.set(PDFName.of(key), copy(value));
      }
      const count = item.lookup(PDFName.of('Count'));
      found.push({
        dict,
        open: !(count instanceof PDFNumber) || count.asNumber() > 0,
        children: items(item.lookup(PDFName.of('First'))),
      });
      item = item.lookup(PDFName.of('Next'));
    }
    return found;
  };
  return items(outlines?.lookup(PDFName.of('First')));
}

/**
 * Registers `bookmarks` under `parent` (sets its First and Last), linked as
 * siblings, each with its Count; returns how many items show while `parent` is open.
 */
export function writeOutline(context: PDFContext, bookmarks: Bookmark[], parent: PDFRef): number {
  const refs = bookmarks.map((bookmark) => context.register(bookmark.dict));
  let visible = 0;
  bookmarks.forEach(({ dict, open, children }, i) => {
    dict.set(PDFName.of('Parent'), parent);
    if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]);
    if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]);
    visible += 1;
    if (!children.length) return;
    const below = writeOutline(context, children, refs[i]);
    dict.set(PDFName.of('Count'), PDFNumber.of(open ? below : -children.length));
    if (open) visible += below;
  });
  if (bookmarks.length) {
    const holder = context.lookup(parent, PDFDict);
    holder.set(PDFName.of('First'), refs[0]);
    holder.set(PDFName.of('Last'), refs[refs.length - 1]);
  }
  return visible;
}
