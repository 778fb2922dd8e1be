import type { Nodes, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { BODY_MARK, type TemplatedBrief } from './template.ts';

/** The brief as one Markdown tree, ready to be laid out. */
export interface MarkdownBrief extends TemplatedBrief {
  tree: Root;
}

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * Parses Markdown with GFM; positions are shifted so that line 1 of `text`
 * is file line `firstLine`. GFM reads `[^id]` as a footnote reference only
 * when `[^id]:` is defined in the same text; `notes` names footnotes defined
 * elsewhere in the brief (its body), so fields and templates can cite them.
 */
export function parseMarkdown(text: string, firstLine = 1, notes: string[] = []): Root {
  const stubs = notes.map((id) => `\n\n[^${id}]: -`).join('');
  const tree = processor.parse(text + stubs) as Root;
  if (stubs) {
    const end = text.length;
    tree.children = tree.children.filter(
      (node) => node.type !== 'footnoteDefinition' || (node.position?.start.offset ?? 0) < end,
    );
  }
  if (firstLine !== 1) shiftLines(tree, firstLine - 1);
  return tree;
}

/** Identifiers of the footnotes a tree defines. */
export function definedNotes(tree: Root): string[] {
  return tree.children.flatMap((node) => (node.type === 'footnoteDefinition' ? [node.label ?? node.identifier] : []));
}

/**
 * Parses the templated Markdown and puts the brief's body, parsed on its own,
 * where the template said `{{{body}}}`: the body's nodes keep positions in
 * the brief file, so problems found later point there.
 */
export function assembleMarkdown(templated: TemplatedBrief): MarkdownBrief {
  const body = parseMarkdown(templated.parsed.body, templated.parsed.bodyLine);
  markOrigin(body, 'brief');
  const tree = parseMarkdown(templated.markdown, 1, definedNotes(body));
  markOrigin(tree, 'template');
  tree.children = tree.children.flatMap((node): RootContent[] => (isBodyMark(node) ? body.children : [node]));
  return { ...templated, tree };
}

function isBodyMark(node: RootContent): boolean {
  return (
    node.type === 'paragraph' &&
    node.children.length === 1 &&
    node.children[0].type === 'text' &&
    node.children[0].value.trim() === BODY_MARK
  );
}

export type Origin = 'brief' | 'template';

/** Which file a node's position refers to: the brief or the templated output. */
export function originOf(node: Nodes): Origin {
  return (node.data as { origin?: Origin } | undefined)?.origin ?? 'template';
}

function markOrigin(node: Nodes, origin: Origin): void {
  node.data = { ...node.data, origin } as typeof node.data;
  if ('children' in node) for (const child of node.children) markOrigin(child, origin);
}

function shiftLines(node: Nodes, by: number): void {
  if (node.position) {
    node.position.start.line += by;
    node.position.end.line += by;
  }
  if ('children' in node) for (const child of node.children) shiftLines(child, by);
}
