import type { Node, Nodes, Parent, Root, RootContent } from 'mdast';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { ContentError, type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { type LimitProblem, scanMarkdown } from '../limits.ts';
import { kept } from '../platform/kept.ts';
import type { Brief } from '../schema.ts';
import { BODY_MARK, type TemplatedBrief } from './apply-template.ts';
import { readCrossrefSyntax } from './crossref.ts';
import { BLOCK_MARK, BLOCKS, type BlockName } from './template-helpers.ts';
import { type Typography, typeset } from './typography.ts';

/** The brief as one Markdown tree, ready to be laid out. */
export interface MarkdownBrief extends TemplatedBrief {
  tree: Root;
  /** The brief's body on its own (its nodes are the tree's too), whether or not the template prints it. */
  body: Root;
  /** Footnotes the brief's body defines, which its Markdown fields may cite, whether or not the template prints the body. */
  notes: string[];
}

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * Parses Markdown with GFM; positions are shifted so that line 1 of `text`
 * is file line `firstLine`. GFM reads `[^id]` as a footnote reference only
 * when `[^id]:` is defined in the same text; `notes` names footnotes defined
 * elsewhere in the brief (its body), so fields and templates can cite them.
 * The text is typeset as it will print (see typography.ts), as the
 * template's settings say: every tree is, so checks, PDF and redline agree.
 */
export function parseMarkdown(
  text: string,
  firstLine = 1,
  notes: string[] = [],
  typography: Typography = { smart: true },
): Root {
  const cited = citable(text, notes);
  const parse = () => parseFresh(text, firstLine, cited, typography.smart);
  if (text.length > KEPT_TEXT) return parse();
  // Callers change the trees they get (positions, data): each gets its own copy.
  return structuredClone(parsed.get(JSON.stringify([text, firstLine, cited, typography.smart]), parse));
}

/**
 * Trees parsed before, by everything they are made from: a brief rebuilt
 * after an edit parses again only the text that changed. Long texts (a
 * report's body) are parsed anew; keeping them would cost more memory than
 * their parse costs time.
 */
const parsed = kept<Root>(64);
const KEPT_TEXT = 20_000;

function parseFresh(text: string, firstLine: number, notes: string[], smart: boolean): Root {
  const stubs = notes.map((id) => `\n\n[^${id}]: -`).join('');
  const tree = processor.parse(text + stubs) as Root;
  if (stubs) {
    const end = text.length;
    tree.children = tree.children.filter(
      (node) => node.type !== 'footnoteDefinition' || (node.position?.start.offset ?? 0) < end,
    );
  }
  if (firstLine !== 1) shiftLines(tree, firstLine - 1);
  dropComments(tree);
  readCrossrefSyntax(tree);
  typeset(tree, { smart });
  return tree;
}

/**
 * The notes among `notes` that `text` cites, compared as GFM compares labels.
 * A stub for every note of a long report, parsed with every field, cost more
 * than the fields themselves.
 */
function citable(text: string, notes: string[]): string[] {
  if (notes.length === 0 || !text.includes('[^')) return [];
  const cited = new Set([...text.matchAll(/\[\^((?:\\.|[^\\\]])+)\]/g)].map((m) => normalizeIdentifier(m[1])));
  return notes.filter((id) => cited.has(normalizeIdentifier(id)));
}

const COMMENT = /^<!--[\s\S]*?-->\s*$/;

/** HTML comments (`<!-- … -->`) are notes for reviewers: allowed anywhere, never printed. */
function dropComments(node: Nodes): void {
  if (!('children' in node)) return;
  const parent = node as Parent;
  parent.children = parent.children.filter((child) => !(child.type === 'html' && COMMENT.test(child.value)));
  for (const child of parent.children) dropComments(child as Nodes);
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
  checkBeforeParsing(templated);
  const { theme } = templated.template;
  const body = parseMarkdown(templated.parsed.body, templated.parsed.bodyLine, [], theme);
  markOrigin(body, 'brief');
  const notes = definedNotes(body);
  const tree = parseMarkdown(templated.markdown, 1, notes, theme);
  placeBlocks(tree);
  markOrigin(tree, 'template');
  tree.children = tree.children.flatMap((node): RootContent[] => (isBodyMark(node) ? body.children : [node]));
  return { ...templated, tree, body, notes };
}

/** Front-matter fields that hold Markdown (the summary first), by their path in the front matter. */
export function markdownFieldPaths(brief: Brief): (string | number)[][] {
  return [
    ['summary'],
    ...brief.keyPoints.flatMap((point, i) =>
      (['meaning', 'assessment'] as const).filter((k) => point[k]).map((k) => ['keyPoints', i, k]),
    ),
    ...brief.recommendations.flatMap((r, i) => (r.rationale ? [['recommendations', i, 'rationale']] : [])),
    ...brief.options.flatMap((o, i) => (o.description ? [['options', i, 'description']] : [])),
  ];
}

/**
 * The blocks the template placed with `{{{block "name"}}}` (a paragraph of
 * its own) become block nodes, drawn from the brief by the document. Only the
 * template's Markdown is read: a brief's text cannot place one.
 */
function placeBlocks(node: Nodes): void {
  if (!('children' in node)) return;
  const parent = node as Parent;
  parent.children = parent.children.map((child) => {
    const name = blockName(child);
    return name ? ({ type: 'briefBlock', name, position: child.position } as RootContent) : child;
  });
  for (const child of parent.children) placeBlocks(child as Nodes);
}

function blockName(node: RootContent): BlockName | undefined {
  if (node.type !== 'paragraph' || node.children.length !== 1 || node.children[0].type !== 'text') return undefined;
  const [mark, name] = node.children[0].value.trim().split(' ');
  return mark === BLOCK_MARK && (BLOCKS as readonly string[]).includes(name) ? (name as BlockName) : undefined;
}

declare module 'mdast' {
  /** A block drawn from the brief's data where the template placed it (decision lines, the approval block). */
  interface BriefBlock extends Node {
    type: 'briefBlock';
    name: BlockName | 'divider' | 'cover' | 'bottom-line';
    /** A divider's tab letter and title (dividers are made by the attachments step, not by templates). */
    tab?: { letter: string; title: string };
    /** A book's cover: its title and the lines under it. */
    cover?: { title: string; lines: string[] };
    /** The bottom line where `order` places it: its text, filled in when the memo is drawn. */
    summary?: Root;
  }
  interface RootContentMap {
    briefBlock: BriefBlock;
  }
  interface BlockContentMap {
    briefBlock: BriefBlock;
  }
}

/**
 * The Markdown a brief supplies (its body and its Markdown fields) is
 * checked against LIMITS before any of it is parsed: some shapes make the
 * parser's work grow much faster than the text (see scanMarkdown). The
 * template's own text is code from the repository and is not limited.
 */
function checkBeforeParsing(templated: TemplatedBrief): void {
  const { parsed, brief, placeOf } = templated;
  const file = parsed.source.path;
  const found: Diagnostic[] = [];
  const add = (limit: LimitProblem, line: number, column: number) =>
    found.push(problem(limit.code, file, line, column, limit.message, limit.hint));
  const inBody = scanMarkdown(parsed.body);
  if (inBody) add(inBody, inBody.line + parsed.bodyLine - 1, inBody.column);
  for (const fieldPath of markdownFieldPaths(brief)) {
    const value = fieldPath.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], brief);
    if (typeof value !== 'string') continue;
    const limit = scanMarkdown(value, ` (in ${dotted(fieldPath)})`);
    if (!limit) continue;
    const at = placeOf(fieldPath);
    add(limit, at.line, at.column);
  }
  if (found.length) throw new ContentError(found);
}

function dotted(fieldPath: (string | number)[]): string {
  return fieldPath.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
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
  eachNode(node, (n) => {
    n.data = { ...n.data, origin } as typeof n.data;
  });
}

function shiftLines(node: Nodes, by: number): void {
  eachNode(node, (n) => {
    if (n.position) {
      n.position.start.line += by;
      n.position.end.line += by;
    }
  });
}

/** Every node of a tree, parents before children, without recursion (trees may be deep). */
export function eachNode(root: Nodes, visit: (node: Nodes, parent: Nodes | undefined, depth: number) => void): void {
  const stack: [Nodes, Nodes | undefined, number][] = [[root, undefined, 0]];
  while (stack.length) {
    const [node, parent, depth] = stack.pop() as [Nodes, Nodes | undefined, number];
    visit(node, parent, depth);
    if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i], node, depth + 1]);
    }
  }
}
