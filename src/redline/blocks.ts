import { diffArrays } from 'diff';
import type { List, ListItem, Nodes, Parent, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { diffPhrasing, markAll } from './inline.ts';
import type { Change } from './nodes.ts';

export interface Counts {
  inserted: number;
  deleted: number;
}

type Block = RootContent;

/**
 * The new tree with what changed since the old one marked: blocks are
 * matched first (paragraphs, list items, table rows, headings), then words
 * within a matched block, so an added table row or a moved paragraph reads as
 * such rather than as a wall of word changes.
 */
export function diffTrees(before: Root, after: Root): { tree: Root; counts: Counts } {
  const counts: Counts = { inserted: 0, deleted: 0 };
  const notes = (tree: Root) => tree.children.filter((n) => n.type === 'footnoteDefinition' || n.type === 'definition');
  const content = (tree: Root) =>
    tree.children.filter((n) => n.type !== 'footnoteDefinition' && n.type !== 'definition');
  const children = diffBlocks(content(before), content(after), counts);
  const tree: Root = { type: 'root', children: [...children, ...notes(after)] };
  dropDeadReferences(
    tree,
    new Set(notes(after).flatMap((n) => (n.type === 'footnoteDefinition' ? [n.identifier] : []))),
  );
  return { tree, counts };
}

const signature = (node: Nodes) => `${node.type}:${'depth' in node ? node.depth : ''}:${mdToString(node)}`;

/**
 * Lines up two lists by signature: items in both, and each run of removals
 * zipped with the run of additions beside it (so the n-th removed paragraph
 * is compared with the n-th added one).
 */
function align<T>(before: T[], after: T[], key: (item: T) => string): ({ same: T } | { old?: T; now?: T })[] {
  const steps: ({ same: T } | { old?: T; now?: T })[] = [];
  let [i, j] = [0, 0];
  let removed: T[] = [];
  let added: T[] = [];
  const zip = () => {
    for (let n = 0; n < Math.max(removed.length, added.length); n++) steps.push({ old: removed[n], now: added[n] });
    removed = [];
    added = [];
  };
  for (const part of diffArrays(before.map(key), after.map(key))) {
    if (part.removed) {
      removed.push(...before.slice(i, i + part.count));
      i += part.count;
    } else if (part.added) {
      added.push(...after.slice(j, j + part.count));
      j += part.count;
    } else {
      zip();
      for (const item of after.slice(j, j + part.count)) steps.push({ same: item });
      i += part.count;
      j += part.count;
    }
  }
  zip();
  return steps;
}

function diffBlocks<T extends Block>(before: T[], after: T[], counts: Counts): Block[] {
  const steps = align(before, after, signature);
  const removedSigs = new Set(steps.flatMap((s) => ('old' in s && s.old ? [signature(s.old)] : [])));
  const addedSigs = new Set(steps.flatMap((s) => ('now' in s && s.now ? [signature(s.now)] : [])));
  return steps.flatMap((step): Block[] => {
    if ('same' in step) return [step.same];
    const { old, now } = step;
    if (old && now && pairable(old, now)) return [changed(old, now, counts)];
    // A block that only moved is shown where it is now, with a bar, and not struck where it was.
    const out: Block[] = [];
    if (old && !addedSigs.has(signature(old))) out.push(whole(old, 'deleted', counts));
    if (now) out.push(removedSigs.has(signature(now)) ? bar(now, 'moved') : whole(now, 'inserted', counts));
    return out;
  });
}

function pairable(a: Block, b: Block): boolean {
  if (a.type !== b.type) return false;
  // A retitled heading reads better as changed words; a different heading as a new section.
  if (a.type === 'heading' && b.type === 'heading') return similarity(mdToString(a), mdToString(b)) > 0.5;
  if (a.type === 'paragraph') return similarity(mdToString(a), mdToString(b)) >= 0.3;
  return ['list', 'table', 'blockquote'].includes(a.type);
}

/** Share of words in common, by a word-level diff. */
function similarity(a: string, b: string): number {
  const [wa, wb] = [a.split(/\s+/).filter(Boolean), b.split(/\s+/).filter(Boolean)];
  const common = diffArrays(wa, wb)
    .filter((p) => !p.added && !p.removed)
    .reduce((n, p) => n + p.count, 0);
  return (2 * common) / Math.max(1, wa.length + wb.length);
}

function changed(old: Block, now: Block, counts: Counts): Block {
  // A list or a quotation is matched item by item and block by block: the bars go beside what changed in it.
  if (old.type === 'list' && now.type === 'list') return { ...now, children: diffItems(old, now, counts) };
  if (old.type === 'table' && now.type === 'table')
    return bar({ ...now, children: diffRows(old, now, counts) }, 'changed');
  if (old.type === 'blockquote' && now.type === 'blockquote') {
    return { ...now, children: diffBlocks(old.children, now.children, counts) as typeof now.children };
  }
  if ((old.type === 'paragraph' || old.type === 'heading') && now.type === old.type) {
    const result = diffPhrasing(old.children, (now as typeof old).children);
    counts.inserted += result.inserted;
    counts.deleted += result.deleted;
    return bar({ ...now, children: result.children } as Block, 'changed');
  }
  return whole(now, 'inserted', counts);
}

function diffItems(old: List, now: List, counts: Counts): ListItem[] {
  return align(old.children, now.children, signature).map((step) => {
    if ('same' in step) return step.same;
    const { old: a, now: b } = step;
    if (a && b) return { ...b, children: diffBlocks(a.children, b.children, counts) as ListItem['children'] };
    const item = (a ?? b) as ListItem;
    const kind = a ? 'deleted' : 'inserted';
    return { ...item, children: item.children.map((c) => whole(c, kind, counts)) as ListItem['children'] };
  });
}

function diffRows(old: Table, now: Table, counts: Counts): TableRow[] {
  const [head, ...rows] = now.children;
  const [oldHead, ...oldRows] = old.children;
  const steps = align(oldRows, rows, signature).map((step) => {
    if ('same' in step) return step.same;
    const { old: a, now: b } = step;
    if (a && b) return rowChange(a, b, counts);
    return a ? markRow(a, 'deleted', counts) : markRow(b as TableRow, 'inserted', counts);
  });
  return [signature(oldHead) === signature(head) ? head : rowChange(oldHead, head, counts), ...steps];
}

function rowChange(old: TableRow, now: TableRow, counts: Counts): TableRow {
  return {
    ...now,
    children: now.children.map((cell, c) => {
      const result = diffPhrasing(old.children[c]?.children ?? [], cell.children);
      counts.inserted += result.inserted;
      counts.deleted += result.deleted;
      return { ...cell, children: result.children };
    }),
  };
}

function markRow(row: TableRow, kind: 'inserted' | 'deleted', counts: Counts): TableRow {
  return {
    ...row,
    children: row.children.map((cell) => ({ ...cell, children: markPhrasing(cell.children, kind, counts) })),
  };
}

function markPhrasing(children: PhrasingContent[], kind: 'inserted' | 'deleted', counts: Counts): PhrasingContent[] {
  counts[kind] += mdToString({ type: 'paragraph', children }).split(/\s+/).filter(Boolean).length;
  return markAll(children, kind);
}

/** A block added or removed whole: every word marked, and a bar beside it. */
function whole(block: Block, kind: 'inserted' | 'deleted', counts: Counts): Block {
  const mark = (node: Nodes): Nodes => {
    if (node.type === 'image') return { type: 'text', value: `[image: ${node.alt || node.url}]` };
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      const children = (node.children as PhrasingContent[]).map((c) =>
        c.type === 'image' ? (mark(c) as PhrasingContent) : c,
      );
      return { ...node, children: markPhrasing(children, kind, counts) } as Nodes;
    }
    if (node.type === 'code')
      return { type: 'paragraph', children: markPhrasing([{ type: 'inlineCode', value: node.value }], kind, counts) };
    if ('children' in node) return { ...node, children: (node.children as Nodes[]).map(mark) } as Nodes;
    return node;
  };
  return bar(mark(block) as Block, kind);
}

function bar(block: Block, kind: Change['kind']): Block {
  const change: Change = { type: 'redline', kind, block: true, children: [block] };
  return change;
}

/** A deleted passage may cite a note the new text no longer has: the reference goes with it. */
function dropDeadReferences(node: Nodes, defined: Set<string>): void {
  if (!('children' in node)) return;
  const parent = node as Parent;
  parent.children = parent.children.filter((c) => c.type !== 'footnoteReference' || defined.has(c.identifier));
  for (const child of parent.children) dropDeadReferences(child as Nodes, defined);
}
