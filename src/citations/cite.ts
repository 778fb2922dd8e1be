import type { FootnoteDefinition, Nodes, Paragraph, PhrasingContent, Root, Text } from 'mdast';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import type { Brief } from '../schema.ts';
import { eachNode, markdownFieldPaths, originOf, parseMarkdown } from '../stages/markdown.ts';
import { didYouMean } from '../suggest.ts';
import type { Theme } from '../theme.ts';
import type { CslItem, Library } from './library.ts';
import { processorFor } from './processor.ts';
import { type Citation, findCitations } from './syntax.ts';

/** A place in the brief file. */
export interface Place {
  line: number;
  column: number;
}

/** A quotation attributed to sources: it must be found in their local copies. */
export interface Quotation {
  text: string;
  ids: string[];
  at: Place;
}

/** The place of `offset` within a text node, in the brief. */
function placeInText(node: Text, offset: number): Place {
  const start = node.position?.start ?? { line: 1, column: 1 };
  const before = node.value.slice(0, offset);
  const breaks = before.split('\n').length - 1;
  if (!breaks) return { line: start.line, column: start.column + offset };
  const indent = (node.data as { indent?: number } | undefined)?.indent ?? 0;
  return { line: start.line + breaks, column: offset - before.lastIndexOf('\n') + indent };
}

/** The quoted passages (“…” or "…") between two offsets of a text, and where each opens. */
function quotedBetween(value: string, from: number, to: number): { text: string; offset: number }[] {
  return [...value.slice(from, to).matchAll(/“([^“”]+)”|"([^"]+)"/g)].map((m) => ({
    text: m[1] ?? m[2],
    offset: from + m.index,
  }));
}

/**
 * The citations and quotations the brief's own Markdown holds (its body and
 * its Markdown fields), with their places: unknown keys are errors, a front-
 * matter source with an id that nothing cites is a warning.
 */
export function scanCitations(
  body: Root,
  fields: Root[],
  brief: Brief,
  library: Library,
  file: string,
  placeOf: (p: (string | number)[]) => Place,
): { quotations: Quotation[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const quotations: Quotation[] = [];
  const cited = new Set<string>();
  const keys = [...library.items.keys()].filter((k) => !k.startsWith('#'));
  const unknown = (id: string, at: Place, what: string) =>
    diagnostics.push(
      problem(
        'CITATION_UNKNOWN',
        file,
        at.line,
        at.column,
        `${what} "${id}" is not a source of this brief.`,
        didYouMean(id, keys) ??
          (keys.length
            ? `Sources: ${keys.slice(0, 12).join(', ')}.`
            : 'Add it to sources (with this id) or to the bibliography file.'),
      ),
    );
  for (const tree of [...fields, body]) {
    eachNode(tree, (node) => {
      if (node.type !== 'text' || originOf(node) !== 'brief') return;
      let from = 0;
      for (const citation of findCitations(node.value)) {
        for (const item of citation.items) {
          cited.add(item.id);
          if (!library.items.has(item.id)) unknown(item.id, placeInText(node, item.at), 'The citation');
        }
        // A citation covers the quotations before it, back to the previous citation of the run of text.
        const ids = citation.items.map((i) => i.id).filter((id) => library.texts.has(id));
        for (const quoted of ids.length ? quotedBetween(node.value, from, citation.start) : []) {
          quotations.push({ text: quoted.text, ids, at: placeInText(node, quoted.offset) });
        }
        from = citation.end;
      }
    });
  }
  for (const [i, point] of brief.keyPoints.entries()) {
    if (!point.source) continue;
    cited.add(point.source);
    if (!library.items.has(point.source)) unknown(point.source, placeOf(['keyPoints', i, 'source']), 'The source');
    else if (point.quote && library.texts.has(point.source)) {
      quotations.push({ text: point.quote, ids: [point.source], at: placeOf(['keyPoints', i, 'quote']) });
    }
  }
  for (const [id, index] of library.own) {
    if (cited.has(id) || id.startsWith('#')) continue;
    const at = placeOf(['sources', index]);
    diagnostics.push(
      problem(
        'SOURCE_UNCITED',
        file,
        at.line,
        at.column,
        `The source "${id}" is never cited.`,
        `Cite it where it is used, e.g. [@${id}], or remove it.`,
      ),
    );
  }
  return { quotations, diagnostics };
}

/** A citation found in a tree, and the text node it stands in. */
interface Found {
  node: Text;
  parent: Nodes;
  citations: Citation[];
  /** Inside a footnote: a notes style sets the citation in the note, not in a note of its own. */
  inNote: boolean;
}

/**
 * Citations become what the template's style makes of them: a note (a
 * footnote reference, numbered with the brief's own footnotes) or text in
 * the sentence (author–date). The summary is cited first when the template
 * draws the bottom line, as it is printed first. A citation inside a
 * footnote is set in that note. Citations of unknown keys stay as written
 * (they are reported by scanCitations).
 */
export function resolveCitations(trees: Root[], library: Library, theme: Theme, language: string): void {
  const found: Found[] = [];
  for (const tree of trees) {
    const inNotes = new Set<Nodes>();
    for (const child of tree.children) if (child.type === 'footnoteDefinition') eachNode(child, (n) => inNotes.add(n));
    eachNode(tree, (node, parent) => {
      if (node.type !== 'text' || !parent) return;
      const citations = findCitations(node.value).filter((c) => c.items.every((i) => library.items.has(i.id)));
      if (citations.length) found.push({ node, parent, citations, inNote: inNotes.has(node) });
    });
  }
  if (found.length === 0) return;
  const processor = processorFor(library.items, theme.citations.style, language);
  const texts = processor.cite(found.flatMap((f) => f.citations));
  let n = 0;
  const notes: FootnoteDefinition[] = [];
  for (const { node, parent, citations, inNote } of found) {
    const replacement: PhrasingContent[] = [];
    let from = 0;
    for (const citation of citations) {
      // A note starts with a capital, as a sentence does ("See …").
      const text = processor.notes
        ? texts[n++].replace(/^([*_]*)(\p{Ll})/u, (_, m, c) => m + c.toUpperCase())
        : texts[n++];
      let before = node.value.slice(from, citation.start);
      if (processor.notes && !inNote) {
        // A note's number follows the word, with no space before it.
        before = before.replace(/[ \t]+$/, '');
        if (before) replacement.push({ type: 'text', value: before, data: node.data });
        const identifier = `citation-${n}`;
        replacement.push({ type: 'footnoteReference', identifier, label: identifier });
        notes.push({ type: 'footnoteDefinition', identifier, label: identifier, children: formatted(text) });
      } else {
        if (before) replacement.push({ type: 'text', value: before, data: node.data });
        // In the sentence, the sentence's own punctuation ends it: no second full stop.
        const ends = /^[.,;:!?]/.test(node.value.slice(citation.end));
        replacement.push(...(formatted(ends ? text.replace(/\.([*_]*)$/, '$1') : text)[0]?.children ?? []));
      }
      from = citation.end;
    }
    const after = node.value.slice(from);
    if (after) replacement.push({ type: 'text', value: after, data: node.data });
    const siblings = (parent as { children: Nodes[] }).children;
    siblings.splice(siblings.indexOf(node), 1, ...replacement);
  }
  // Notes live with the tree that is laid out after the summary: the brief's own.
  trees[trees.length - 1].children.push(...notes);
}

/** Formatted Markdown as nodes, marked as the template's (they have no place in the brief). */
function formatted(text: string): Paragraph[] {
  return parseMarkdown(text).children.filter((c): c is Paragraph => c.type === 'paragraph');
}

/**
 * The reference list a template prints (`references`): every source of the
 * front matter, and each entry of the bibliography file the brief cites,
 * formatted by the template's style, each followed by the source's `note`.
 */
export function referenceList(
  brief: Brief,
  library: Library,
  theme: Theme,
  citedText: string[],
): { id: string; text: string }[] {
  const cited = new Set(citedText.flatMap((t) => findCitations(t).flatMap((c) => c.items.map((i) => i.id))));
  const own = [...library.own.keys()];
  const ids = [...own, ...[...library.items.keys()].filter((id) => !library.own.has(id) && cited.has(id))];
  if (ids.length === 0) return [];
  const processor = processorFor(library.items, theme.citations.style, brief.language);
  return processor.bibliography(ids).map(({ id, text }) => {
    const note = brief.sources[library.own.get(id) ?? -1]?.note;
    return { id, text: note ? `${text} ${note}` : text };
  });
}

/** The Markdown a brief writes itself: its body and its Markdown fields, as text. */
export function ownMarkdown(brief: Brief, body: string): string[] {
  return [
    body,
    ...markdownFieldPaths(brief).map((p) =>
      String(p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], brief) ?? ''),
    ),
  ];
}

export type { CslItem };
