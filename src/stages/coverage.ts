import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import type { Root } from 'mdast';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { covers, fallbackChain, fallbackFamilies } from '../pdf/fonts.ts';
import type { Theme } from '../theme.ts';
import { isFormatCharacter } from './format-characters.ts';
import { eachNode, originOf } from './markdown.ts';

/**
 * A character no embedded font covers would print as garbage from the PDF's
 * built-in Helvetica, so every character the brief will print is checked: the
 * brief's own text, each reported at its line and column, and the characters
 * its character references stand for (`&HilbertSpace;`, `&#992;`,
 * `&#xcab;`), reported at the reference. `trees` are the brief's Markdown as
 * parsed (its body and its Markdown fields), positions in the brief.
 * Invisible format characters pass: they are set as spaces or dropped (see
 * format-characters.ts). Returns the fallback families the printed text
 * needs, and the problems.
 */
export function checkCoverage(
  text: string,
  trees: Root[],
  file: string,
  fonts: Theme['fonts'],
): { fallbacks: string[]; diagnostics: Diagnostic[] } {
  const lines = text.split('\n');
  const references = trees.flatMap((tree) => referencesIn(tree, lines));
  const printed = text + references.map((r) => r.value).join('');
  const fallbacks = fallbackFamilies(printed, [fonts.body, fonts.heading, fonts.mono]);
  const families = fallbackChain(fonts.body, fallbacks);
  const known = new Map<string, boolean>();
  const printable = (char: string) => {
    let ok = known.get(char);
    if (ok === undefined) {
      ok =
        isFormatCharacter(char) ||
        (!UNPRINTABLE.test(char) && (char <= '~' || char === '\u00a0' || covers(families, char)));
      known.set(char, ok);
    }
    return ok;
  };
  const diagnostics: Diagnostic[] = [];
  const report = (char: string, line: number, column: number, by = '') => {
    const code = codePointName(char);
    const shown = CONTROL.test(char) ? 'control character' : `character "${char}"`;
    diagnostics.push(
      problem(
        'CHARACTER_UNCOVERED',
        file,
        line,
        column,
        `The ${shown} (${code})${by} is in no embedded font, so it cannot be printed.`,
        'Replace it, or use a template whose fonts cover it.',
      ),
    );
  };
  lines.forEach((line, i) => {
    let column = 1;
    for (const char of line) {
      if (!printable(char)) report(char, i + 1, column);
      column += char.length;
    }
  });
  for (const reference of references) {
    for (const char of reference.value) {
      if (!printable(char)) report(char, reference.line, reference.column, ` written as ${reference.source}`);
    }
  }
  return { fallbacks, diagnostics };
}

/** "U+210B": how a character is named in problems. */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Control characters other than tab and line feed: a brief's text has no use for them. */
const CONTROL = /(?![\t\n])\p{Cc}/u;

/** Those, and the replacement character: it stands for text lost before it reached the brief (or a reference to a control character). */
const UNPRINTABLE = /(?![\t\n])\p{Cc}|\ufffd/u;

/** `&name;`, `&#123;` or `&#x1F;`, as CommonMark reads character references. */
const REFERENCE = /&(?:#([xX][0-9a-fA-F]{1,6}|[0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

interface Reference {
  /** What the parser decoded it to. */
  value: string;
  /** As written. */
  source: string;
  line: number;
  column: number;
}

/**
 * Character references the parser decoded into the tree's text. Each text
 * node's lines are searched for references, and a reference counts when
 * what it decodes to is in the node's text: inside code, or escaped (`\&`),
 * a reference is printed as written and is not decoded.
 */
function referencesIn(tree: Root, lines: string[]): Reference[] {
  const found: Reference[] = [];
  eachNode(tree, (node) => {
    if (node.type !== 'text' || originOf(node) !== 'brief' || !node.position) return;
    const { start, end } = node.position;
    for (let line = start.line; line <= end.line; line++) {
      const text = lines[line - 1] ?? '';
      const from = line === start.line ? start.column - 1 : 0;
      for (const match of text.slice(from).matchAll(REFERENCE)) {
        const value = decode(match);
        if (value && node.value.includes(value))
          found.push({ value, source: match[0], line, column: from + (match.index ?? 0) + 1 });
      }
    }
  });
  return found;
}

function decode(match: RegExpMatchArray): string | false {
  const [, numeric, name] = match;
  if (name) return decodeNamedCharacterReference(name);
  const hex = numeric.startsWith('x') || numeric.startsWith('X');
  return decodeNumericCharacterReference(hex ? numeric.slice(1) : numeric, hex ? 16 : 10);
}
