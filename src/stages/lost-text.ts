import type { Nodes, Root } from 'mdast';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { eachNode, originOf } from './markdown.ts';

/**
 * What would print wrongly or vanish with the build still succeeding: a
 * footnote cited but never defined (it prints as `[^id]` and the note is
 * lost), a note defined but never cited, a code fence never closed (it
 * swallows the rest of the brief), a level-1 heading in the body (it would
 * be set larger than every section: set as a level-2 heading instead), and a
 * table row with more cells than its header (the extra cells would print out
 * of column). Only the brief's own Markdown is looked at: its body and its
 * Markdown fields; `lines` are the brief's text.
 */
export function lostText(body: Root, fields: Root[], lines: string[], file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const at = (node: Nodes) => node.position?.start ?? { line: 1, column: 1 };
  const defined = new Map<string, Nodes>();
  const cited = new Set<string>();
  for (const tree of [...fields, body]) {
    eachNode(tree, (node) => {
      if (originOf(node) !== 'brief') return;
      if (node.type === 'footnoteDefinition') defined.set(node.identifier, node);
      if (node.type === 'footnoteReference') cited.add(node.identifier);
      if (node.type === 'text') found.push(...undefinedNotes(node.value, at(node), file));
      if (node.type === 'code' && node.position && unclosed(node.position, lines)) {
        const { line, column } = at(node);
        found.push(
          problem(
            'CODE_FENCE_UNCLOSED',
            file,
            line,
            column,
            'This code fence is never closed, so everything after it prints as code (footnote definitions included).',
            'Close it with a line of the same fence (``` or ~~~).',
          ),
        );
      }
      // The body's own headings: a field's text is set through the template, which places its headings.
      if (node.type === 'heading' && node.depth === 1 && tree === body) {
        const { line, column } = at(node);
        node.depth = 2;
        found.push(
          problem(
            'HEADING_LEVEL_ONE',
            file,
            line,
            column,
            'A level-1 heading in the body would be set larger than every section; it is set as a level-2 heading.',
            'The title is the memo’s level-1 heading: start sections with ##.',
          ),
        );
      }
      if (node.type === 'table') {
        const columns = node.children[0]?.children.length ?? 0;
        for (const row of node.children.slice(1)) {
          const extra = row.children[columns];
          if (!extra) continue;
          const { line, column } = at(extra);
          found.push(
            problem(
              'TABLE_ROW_TOO_WIDE',
              file,
              line,
              column,
              `This row has ${row.children.length} cells; the header has ${columns}, so the rest would print out of column.`,
              'Give every row as many cells as the header, or add header cells.',
            ),
          );
        }
      }
    });
  }
  for (const [identifier, node] of defined) {
    if (cited.has(identifier)) continue;
    const { line, column } = at(node);
    found.push(
      problem(
        'FOOTNOTE_UNUSED',
        file,
        line,
        column,
        `The footnote [^${identifier}] is defined but never cited, so it is not printed.`,
        `Cite it with [^${identifier}] where it belongs, or remove it.`,
      ),
    );
  }
  return found;
}

/** `[^id]` left as text: GFM makes a reference only of a footnote that is defined. */
function undefinedNotes(text: string, start: { line: number; column: number }, file: string): Diagnostic[] {
  return [...text.matchAll(/\[\^([^\]\s]+)\]/g)].map((match) => {
    const before = text.slice(0, match.index);
    const breaks = before.split('\n').length - 1;
    const line = start.line + breaks;
    const column = breaks ? match.index - before.lastIndexOf('\n') : start.column + match.index;
    return problem(
      'FOOTNOTE_UNDEFINED',
      file,
      line,
      column,
      `The footnote [^${match[1]}] is cited but never defined, so it would print as written and its note would be lost.`,
      `Define it on a line of its own: [^${match[1]}]: The note.`,
    );
  });
}

/** A fenced code block that runs to the end: its last line is not a closing fence like its opening one. */
function unclosed(position: NonNullable<Nodes['position']>, lines: string[]): boolean {
  const opening = /^\s*(`{3,}|~{3,})/.exec(lines[position.start.line - 1] ?? '')?.[1];
  if (!opening) return false; // an indented code block has no fence to close
  const last = (lines[position.end.line - 1] ?? '').trim();
  const closing = new RegExp(`^${opening[0] === '`' ? '`' : '~'}{${opening.length},}$`);
  return position.end.line === position.start.line || !closing.test(last);
}
