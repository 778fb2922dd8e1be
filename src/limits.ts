import { type CST, Parser } from 'yaml';
import type { Code } from './diagnostics/codes.ts';

/**
 * Bounds on the work one brief can cause. A brief is data from anyone who can
 * open a pull request: every limit here turns input that would make a parser
 * or the layout engine run for minutes (or overflow its stack) into a located
 * diagnostic within milliseconds. Each limit is far beyond what a real brief
 * needs; SECURITY.md lists them with their codes.
 */
export const LIMITS = {
  /** FILE_TOO_LARGE: bytes in a brief, checked from the file's size before it is read. */
  briefBytes: 2 * 1024 * 1024,
  /** FRONT_MATTER_TOO_DEEP: lists and maps inside each other in the front matter. */
  frontMatterDepth: 32,
  /** FRONT_MATTER_TOO_LARGE: entries in one front-matter list or map. */
  frontMatterEntries: 1000,
  /** FRONT_MATTER_TOO_LARGE: aliases (`*name`) in the front matter; each expands to a copy of its anchor. */
  frontMatterAliases: 50,
  /** MARKDOWN_TOO_DEEP: lists and block quotes inside each other, counted from the text before parsing. */
  nesting: 24,
  /** MARKDOWN_TOO_DEEP: any nesting of Markdown nodes (emphasis in links in lists…) after parsing. */
  treeDepth: 64,
  /** MARKDOWN_TOO_COMPLEX: emphasis markers (runs of `*`, `_`, `~`) in one paragraph. */
  emphasisPerParagraph: 2000,
  /** MARKDOWN_TOO_COMPLEX: brackets (`[`, `]`) in one paragraph. */
  bracketsPerParagraph: 10_000,
  /** TABLE_TOO_LARGE: rows (the header row included) and columns of a table. */
  tableRows: 1000,
  tableColumns: 30,
  /** WORD_TOO_LONG: characters without a space in text; a web address may be longer. */
  wordLength: 400,
  urlLength: 2048,
  /** IMAGE_TOO_LARGE: bytes of an image file, and pixels of a PNG (which is decoded to be embedded). */
  imageBytes: 20 * 1024 * 1024,
  imagePixels: 50_000_000,
  /** IMAGE_TOO_LARGE: elements inside each other in an SVG image (its fonts are resolved element by element). */
  svgDepth: 256,
} as const;

/**
 * Parsing Markdown costs time that grows faster than the text for some
 * shapes: micromark checks every open container on each line and resolves
 * emphasis and brackets within a paragraph pairwise. Whole-brief budgets for
 * the pairwise work, in "operations": a paragraph with n emphasis markers
 * costs n², and the sums over the brief stay below these (a few seconds).
 */
const EMPHASIS_BUDGET = 25_000_000;
const BRACKET_BUDGET = 1_000_000_000;

/** A limit crossed, at a place in the text that was scanned (1-based, relative to that text). */
export interface LimitProblem {
  code: Code;
  line: number;
  column: number;
  message: string;
  hint: string;
}

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
const FOOTNOTE_DEFINITION = /^\[\^[^\]\s]+\]:/;

/**
 * The most containers (list items, block quotes, footnote definitions) a
 * line can be inside, from its prefix alone: one per `>` or list marker, and
 * one per two columns of indentation (a nested list item is indented at
 * least two columns past its parent's). This never counts fewer levels than
 * CommonMark finds, so checking it before parsing bounds the parser's work.
 * Counting stops a level past the limit.
 */
export function lineNestingBound(line: string): { depth: number; columns: number[] } {
  let i = 0;
  let column = 0;
  let depth = 0;
  let indent = 0;
  /** Column (0-based) at which each level begins, for placing a problem. */
  const columns: number[] = [];
  let afterMarker = false;
  for (;;) {
    const runStart = i;
    let width = 0;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) {
      const step = line[i] === '\t' ? 4 - (column % 4) : 1;
      width += step;
      column += step;
      i++;
    }
    // Up to four spaces after a marker belong to it (they set the item's content column).
    const extra = afterMarker ? Math.max(0, width - 4) : width;
    // Each level gained here is placed where its two columns of indentation end.
    for (let level = Math.floor(indent / 2) + 1; level <= Math.floor((indent + extra) / 2); level++) {
      columns.push(Math.max(runStart, i - (indent + extra - 2 * level) - 1));
    }
    indent += extra;
    const rest = line.slice(i, i + 12);
    let marker = 0;
    if (line[i] === '>') marker = 1;
    else if (LIST_MARKER.test(rest)) marker = (LIST_MARKER.exec(rest) as RegExpExecArray)[0].length;
    else if (line[i] === '[' && FOOTNOTE_DEFINITION.test(line.slice(i, i + 1000))) {
      marker = (FOOTNOTE_DEFINITION.exec(line.slice(i, i + 1000)) as RegExpExecArray)[0].length;
    }
    if (!marker || columns.length > LIMITS.nesting) break;
    columns.push(i);
    depth++;
    i += marker;
    column += marker;
    afterMarker = line[i - 1] !== '>';
  }
  return { depth: depth + Math.floor(indent / 2), columns };
}

/** A paragraph (or the brief as a whole) with more markers than the parser can pair in reasonable time. */
function tooComplex(
  line: number,
  count: number,
  limit: number,
  what: string,
  hint: string,
  where: string,
): LimitProblem {
  return {
    code: 'MARKDOWN_TOO_COMPLEX',
    line,
    column: 1,
    message:
      count > limit
        ? `This paragraph has ${count} ${what}; at most ${limit} are read${where}.`
        : `The brief has too many ${what} in long paragraphs to be read in reasonable time${where}.`,
    hint,
  };
}

/**
 * Checks Markdown text before it is parsed: nesting (from each line's
 * prefix) and the pairwise work of emphasis and brackets per paragraph.
 * Returns the first problem found, placed in `text` (line 1 is its first
 * line); `where` ends each message (e.g. " (in summary)").
 */
export function scanMarkdown(text: string, where = ''): LimitProblem | undefined {
  const lines = text.split('\n');
  let emphasisCost = 0;
  let bracketCost = 0;
  let unitStart = -1;
  let emphasis = 0;
  let brackets = 0;
  let table = false;
  const closeUnit = (): LimitProblem | undefined => {
    if (unitStart < 0) return undefined;
    emphasisCost += emphasis * emphasis;
    bracketCost += brackets * brackets;
    const line = unitStart + 1;
    const reset = () => {
      unitStart = -1;
      emphasis = 0;
      brackets = 0;
    };
    const problem =
      emphasis > LIMITS.emphasisPerParagraph || emphasisCost > EMPHASIS_BUDGET
        ? tooComplex(
            line,
            emphasis,
            LIMITS.emphasisPerParagraph,
            'emphasis markers (*, _ or ~)',
            'Split the paragraph, or escape literal characters as \\* and \\_.',
            where,
          )
        : brackets > LIMITS.bracketsPerParagraph || bracketCost > BRACKET_BUDGET
          ? tooComplex(
              line,
              brackets,
              LIMITS.bracketsPerParagraph,
              'brackets',
              'Split the paragraph, or escape literal brackets as \\[ and \\].',
              where,
            )
          : undefined;
    reset();
    return problem;
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const { depth, columns } = lineNestingBound(line);
    if (depth > LIMITS.nesting) {
      return {
        code: 'MARKDOWN_TOO_DEEP',
        line: n + 1,
        column: (columns[LIMITS.nesting] ?? 0) + 1,
        message: `Lists and block quotes are nested more than ${LIMITS.nesting} levels deep here${where}.`,
        hint: `Flatten the structure (two columns of indentation count as a level, up to ${LIMITS.nesting}).`,
      };
    }
    if (line.trim() === '') {
      const found = closeUnit();
      if (found) return found;
      table = false;
      continue;
    }
    if (unitStart < 0) {
      unitStart = n;
      // A table's cells are parsed one by one: each row is its own unit.
      table = /\|/.test(line) && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(lines[n + 1] ?? '');
    } else if (table) {
      const found = closeUnit();
      if (found) return found;
      unitStart = n;
    }
    emphasis += countEmphasisRuns(line);
    for (const char of line) if (char === '[' || char === ']') brackets++;
  }
  return closeUnit();
}

/** Runs of `*`, `_` or `~` that could open or close emphasis: next to a space or punctuation on one side. */
function countEmphasisRuns(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char !== '*' && char !== '_' && char !== '~') continue;
    let end = i;
    while (end + 1 < line.length && line[end + 1] === char) end++;
    const before = line[i - 1] ?? ' ';
    const after = line[end + 1] ?? ' ';
    if (!isWordCharacter(before) || !isWordCharacter(after)) count++;
    i = end;
  }
  return count;
}

/** Thrown by yamlData when aliases would expand into too many copies of their anchors. */
export class AliasesTooLarge extends Error {}

/**
 * A composed YAML document as plain data, its aliases expanded within a bound
 * (the `yaml` package throws a ReferenceError past it): with scanYaml's count
 * of aliases, the one guard against alias bombs, for briefs and reader lists.
 */
export function yamlData(doc: { toJS(options: { maxAliasCount: number }): unknown }): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof ReferenceError) throw new AliasesTooLarge();
    throw error;
  }
}

function isWordCharacter(char: string): boolean {
  return /[\p{L}\p{N}]/u.test(char);
}

/**
 * Checks YAML text before it is composed into a document: the `yaml`
 * package composes nested collections recursively (deep nesting overflows
 * the stack or worse), checks keys pairwise, and resolves each alias by
 * searching the document. Its CST parser is iterative, so the shape is
 * measured on the CST first. `offset` is where in `text` the problem is;
 * `what` names the text in messages ("front matter", "reader list").
 */
export function scanYaml(
  text: string,
  what = 'front matter',
): { code: Code; offset: number; message: string; hint: string } | undefined {
  type Item = CST.CollectionItem;
  let aliases = 0;
  for (const token of new Parser().parse(text)) {
    const stack: [CST.Token | undefined, number][] = [[token, 0]];
    while (stack.length) {
      const [node, depth] = stack.pop() as [CST.Token | undefined, number];
      if (!node) continue;
      if (node.type === 'alias' && ++aliases > LIMITS.frontMatterAliases) {
        return {
          code: 'FRONT_MATTER_TOO_LARGE',
          offset: node.offset,
          message: `The ${what} uses more than ${LIMITS.frontMatterAliases} aliases (*name).`,
          hint: 'Write the values out instead of repeating anchors.',
        };
      }
      let items: Item[] = [];
      let inner = depth;
      if (node.type === 'block-map' || node.type === 'block-seq' || node.type === 'flow-collection') {
        inner = depth + 1;
        items = node.items as Item[];
        if (inner > LIMITS.frontMatterDepth) {
          return {
            code: 'FRONT_MATTER_TOO_DEEP',
            offset: node.offset,
            message: `Lists and maps in the ${what} are nested more than ${LIMITS.frontMatterDepth} levels deep here.`,
            hint: 'Flatten the structure: brief keys are at most a few levels deep.',
          };
        }
        if (items.length > LIMITS.frontMatterEntries) {
          return {
            code: 'FRONT_MATTER_TOO_LARGE',
            offset: node.offset,
            message: `This ${node.type === 'block-seq' ? 'list' : 'collection'} in the ${what} has ${items.length} entries; at most ${LIMITS.frontMatterEntries} are read.`,
            hint: 'Shorten it, or move the material into the body of the brief.',
          };
        }
      } else if (node.type === 'document') {
        stack.push([node.value, depth]);
      }
      for (const item of items) stack.push([item.key ?? undefined, inner], [item.value ?? undefined, inner]);
    }
  }
  return undefined;
}

/** Line and column (1-based) of an offset in `text`. */
export function placeOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Words in text longer than the limit: a web address may be longer, up to its own limit. */
export function longWords(text: string): { index: number; length: number; limit: number }[] {
  const found: { index: number; length: number; limit: number }[] = [];
  if (text.length <= LIMITS.wordLength) return found;
  for (const match of text.matchAll(/\S+/g)) {
    const length = [...match[0]].length;
    if (length <= LIMITS.wordLength) continue;
    const limit = /^(?:<?(?:https?:\/\/|www\.|mailto:))/i.test(match[0]) ? LIMITS.urlLength : LIMITS.wordLength;
    if (length > limit) found.push({ index: match.index ?? 0, length, limit });
  }
  return found;
}
