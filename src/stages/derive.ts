import GithubSlugger from 'github-slugger';
import type { Heading, Nodes, Root } from 'mdast';
import type { Scalar } from 'yaml';
import type { Quotation } from '../citations/cite.ts';
import { crossrefData, numberTargets, type Target } from './crossref.ts';
import { eachNode, type MarkdownBrief, markdownFieldPaths, originOf, parseMarkdown } from './markdown.ts';
import { typedText } from './typography.ts';

/** A brief with the facts the derive step computed once. */
export interface DerivedBrief extends MarkdownBrief {
  /**
   * Each Markdown field of the front matter (summary, meaning, assessment,
   * rationale) parsed on its own, its positions in the brief: what the
   * checks report problems in fields at.
   */
  fields: Root[];
  /** The summary as the bottom line prints it, from its value as YAML reads it (folding included). */
  summary: Root;
  /** Quotations attributed to sources with a local copy, and where they stand (the cite step finds them). */
  quotations: Quotation[];
  /** Figures, tables and sections by id, for `@fig:id` references; an id given twice is in `duplicates`. */
  targets: Map<string, Target>;
  duplicates: Target[];
}

/**
 * Facts about the brief that later steps read rather than compute again: its
 * Markdown fields with their positions in the brief (see markdownFields), and
 * each heading's anchor id, in document order, as GitHub makes them (so a
 * `#heading` link that works in GitHub's rendering of a brief works in its
 * PDF), headings inside quotations and lists included, unless the heading
 * gives its own (`{#sec:id}`); and the numbers of figures, tables and
 * sections that `@fig:id` references print. The check stage
 * checks links against them; the PDF's headings, outline and contents use them.
 */
export function derive(brief: MarkdownBrief): DerivedBrief {
  const slugger = new GithubSlugger();
  eachNode(brief.tree, (node) => {
    if (node.type !== 'heading') return;
    // An id the brief gives (`## Costs {#sec:costs}`) is kept as written.
    const given = crossrefData(node).attributes?.id;
    // A given id is reserved, so that a later heading of the same text gets `-1`.
    if (given !== undefined) slugger.slug(given);
    const id = given ?? slugger.slug(typedText(node));
    node.data = { ...node.data, id } as Heading['data'];
  });
  const summary = parseMarkdown(brief.brief.summary, 1, brief.notes, brief.template.theme);
  return { ...brief, fields: markdownFields(brief), summary, quotations: [], ...targetsOf(brief) };
}

/**
 * What the printed tree numbers. A template that does not print the body
 * (the brief card) may still print a field that names the body's figures,
 * tables and sections: they are numbered as the body numbers them, and
 * printed without a link.
 */
function targetsOf(brief: MarkdownBrief): Pick<DerivedBrief, 'targets' | 'duplicates'> {
  const printed = numberTargets(brief.tree);
  const { body, bodyLine } = brief.parsed;
  if (brief.tree.children.some((node) => originOf(node) === 'brief') || !body.trim()) return printed;
  for (const [id, target] of numberTargets(parseMarkdown(body, bodyLine)).targets) {
    if (!printed.targets.has(id)) printed.targets.set(id, { ...target, unprinted: true });
  }
  return printed;
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

/**
 * Each Markdown field parsed from its source text in the brief, so positions
 * are exact: a block scalar (`>-`, `|`) from its raw lines, dedented (YAML
 * folding would join them); a quoted value from after its quote.
 */
function markdownFields(brief: MarkdownBrief): Root[] {
  const { doc, lineCounter, source } = brief.parsed;
  const lines = source.text.split('\n');
  const { notes } = brief;
  const { theme } = brief.template;
  return markdownFieldPaths(brief.brief).map((fieldPath) => {
    const node = doc.getIn(fieldPath, true) as Scalar;
    const start = lineCounter.linePos(node.range?.[0] ?? 0);
    if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') {
      // The scalar's range ends where the next key starts: at the start of a line, that line is not the scalar's.
      const end = lineCounter.linePos(node.range?.[1] ?? 0);
      const last = end.col === 1 ? end.line - 1 : end.line;
      const raw = lines.slice(start.line, last);
      const indent = Math.min(...raw.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
      const tree = parseMarkdown(raw.map((l) => l.slice(indent)).join('\n'), start.line + 1, notes, theme);
      markBrief(tree, indent);
      eachNode(tree, (n) => {
        // Later lines of a block scalar are indented too: where a text's inner lines start.
        n.data = { ...n.data, indent } as typeof n.data;
      });
      return tree;
    }
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const tree = parseMarkdown(String(node.value ?? ''), start.line, notes, theme);
    markBrief(tree, start.col - 1 + (quoted ? 1 : 0));
    return tree;
  });
}

/** Marks a field's nodes as the brief's and moves their columns to where the value starts. */
function markBrief(node: Nodes, indent: number): void {
  node.data = { ...node.data, origin: 'brief' } as typeof node.data;
  if (node.position) node.position.start.column += indent;
  for (const place of crossrefData(node).attributeProblems ?? []) place.column += indent;
  if ('children' in node) for (const child of node.children) markBrief(child, indent);
}
