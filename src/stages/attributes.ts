/**
 * Pandoc's attribute syntax, `{#id .class key=value key="a value"}`, as the
 * text between the braces. Only what a brief may use is accepted (see
 * crossref.ts); the rest is reported, never ignored in silence.
 */
export interface ParsedAttributes {
  id?: string;
  classes: string[];
  /** Key–value pairs, with where each value starts in the text. */
  pairs: { key: string; value: string; at: number }[];
}

export interface AttributeSyntaxError {
  error: string;
  /** Where in the text the problem is. */
  at: number;
}

// An identifier as Pandoc reads one: letters, digits and `-_:.`, not ending in punctuation.
// Sticky (`y`): each matches at `lastIndex` only, so reading is one pass over the text.
const SPACE = /\s+/y;
const ID = /#([\p{L}\p{N}_](?:[\p{L}\p{N}_:.-]*[\p{L}\p{N}_])?)(?=\s|$)/uy;
// `-` alone is Pandoc's short form of `.unnumbered`.
const CLASS = /(?:\.([\p{L}\p{N}_-]+)|-)(?=\s|$)/uy;
const PAIR = /([\p{L}_][\p{L}\p{N}_-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"']+))(?=\s|$)/uy;
const WORD = /\S+/y;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** Reads the text inside `{…}`. */
export function parseAttributes(text: string): ParsedAttributes | AttributeSyntaxError {
  const result: ParsedAttributes = { classes: [], pairs: [] };
  let at = 0;
  while (at < text.length) {
    const space = matchAt(SPACE, text, at);
    const id = space ? null : matchAt(ID, text, at);
    const cls = space || id ? null : matchAt(CLASS, text, at);
    const pair = space || id || cls ? null : matchAt(PAIR, text, at);
    if (space) {
      at += space[0].length;
    } else if (id) {
      if (result.id !== undefined) return { error: `a second id "#${id[1]}"`, at };
      result.id = id[1];
      at += id[0].length;
    } else if (cls) {
      result.classes.push(cls[1] ?? 'unnumbered');
      at += cls[0].length;
    } else if (pair) {
      const value = pair[2] ?? pair[3] ?? pair[4];
      result.pairs.push({ key: pair[1], value, at: at + pair[1].length + 1 + (pair[4] === undefined ? 1 : 0) });
      at += pair[0].length;
    } else {
      const word = matchAt(WORD, text, at)?.[0] ?? text.slice(at);
      return { error: `"${word}" is not an id (#id), a class (.class) or a key=value pair`, at };
    }
  }
  return result;
}
