import GithubSlugger from 'github-slugger';
import type { Heading, Nodes, Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { eachNode } from './markdown.ts';

/**
 * Facts about the tree that later steps read rather than compute again:
 * each heading's anchor id, in document order, as GitHub makes them (so a
 * `#heading` link that works in GitHub's rendering of a brief works in its
 * PDF), headings inside quotations and lists included. The check stage
 * checks links against them; the PDF's headings, outline and contents use them.
 */
export function deriveHeadingIds<T extends { tree: Root }>(brief: T): T {
  const slugger = new GithubSlugger();
  eachNode(brief.tree, (node) => {
    if (node.type === 'heading') node.data = { ...node.data, id: slugger.slug(mdToString(node)) } as Heading['data'];
  });
  return brief;
}

/** A heading's derived anchor id. */
export function headingId(node: Nodes): string | undefined {
  return (node.data as { id?: string } | undefined)?.id;
}

/**
 * Ids for headings the tree does not hold (a redline's summary of changes,
 * the endnotes' heading): unique among the tree's own.
 */
export function anchorsBeside(tree: Root): (text: string) => string {
  const slugger = new GithubSlugger();
  eachNode(tree, (node) => {
    const id = headingId(node);
    if (id) slugger.slug(id);
  });
  return (text) => slugger.slug(text);
}
