import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import type { Code } from '../diagnostics/codes.ts';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { LIMITS } from '../limits.ts';
import { covers, fallbackFamilies, svgFamilyName } from '../pdf/fonts.ts';
import type { Theme } from '../theme.ts';
import { codePointName } from './coverage.ts';
import { isFormatCharacter, setFormatCharacters } from './format-characters.ts';

/**
 * SVG images draw their text with react-pdf, which takes a `font-family`
 * value as one registered family name: `"Helvetica, Arial, sans-serif"`
 * throws, an unregistered name throws, and text without a family is set in
 * the PDF's built-in, non-embedded Helvetica. Weights written as text
 * (`700`, `bolder`) throw too, and `<style>` sheets are ignored. So every
 * SVG is read here with an XML parser and written again with each text
 * element's font resolved the way a browser would (style sheet, style
 * attribute, presentation attribute, inheritance) and mapped onto the
 * template's embedded families: every `<text>` and `<tspan>` gets an
 * explicit registered family and style, nothing else names a font.
 */

/** A face an SVG's text is set in: a registered family name and the style react-pdf is asked for. */
export interface SvgFace {
  family: string;
  italic: boolean;
}

export interface PreparedSvg {
  data: Buffer;
  faces: SvgFace[];
  diagnostics: Diagnostic[];
}

type Role = 'body' | 'heading' | 'mono';

/** Families SVGs name, lower case, by the template font that stands in for them. */
const ROLES: Record<Role, string[]> = {
  // Sans-serif families: the template's heading font (PT Sans by default).
  heading: [
    'sans-serif',
    'helvetica',
    'helvetica neue',
    'arial',
    'arial nova',
    'arimo',
    'liberation sans',
    'nimbus sans',
    'nimbus sans l',
    'dejavu sans',
    'bitstream vera sans',
    'verdana',
    'tahoma',
    'trebuchet ms',
    'geneva',
    'lucida grande',
    'lucida sans',
    'lucida sans unicode',
    'segoe ui',
    'calibri',
    'candara',
    'gill sans',
    'gill sans mt',
    'franklin gothic medium',
    'century gothic',
    'futura',
    'avenir',
    'avenir next',
    'system-ui',
    'ui-sans-serif',
    '-apple-system',
    'blinkmacsystemfont',
    'sf pro text',
    'sf pro display',
    'san francisco',
    'roboto',
    'open sans',
    'lato',
    'inter',
    'montserrat',
    'source sans pro',
    'source sans 3',
    'noto sans',
    'ubuntu',
    'cantarell',
    'fira sans',
    'droid sans',
    'oxygen',
    'pt sans',
  ],
  // Serif families (and the generic cursive and fantasy, which have no match here): the body font.
  body: [
    'serif',
    'cursive',
    'fantasy',
    'times',
    'times new roman',
    'tinos',
    'liberation serif',
    'nimbus roman',
    'nimbus roman no9 l',
    'dejavu serif',
    'georgia',
    'cambria',
    'garamond',
    'eb garamond',
    'palatino',
    'palatino linotype',
    'book antiqua',
    'baskerville',
    'charter',
    'constantia',
    'ui-serif',
    'source serif pro',
    'noto serif',
    'merriweather',
    'pt serif',
  ],
  mono: [
    'monospace',
    'ui-monospace',
    'courier',
    'courier new',
    'cousine',
    'liberation mono',
    'nimbus mono',
    'nimbus mono ps',
    'dejavu sans mono',
    'consolas',
    'menlo',
    'monaco',
    'lucida console',
    'sfmono-regular',
    'sf mono',
    'source code pro',
    'fira mono',
    'fira code',
    'roboto mono',
    'jetbrains mono',
    'andale mono',
    'pt mono',
  ],
};

const ROLE_OF = new Map<string, Role>(
  Object.entries(ROLES).flatMap(([role, names]) => names.map((name) => [name, role as Role])),
);

/** The template family a `font-family` list maps to: the first family in it that maps, else undefined. */
export function mapFamilyList(value: string, fonts: Theme['fonts']): string | undefined {
  for (const name of splitFamilies(value)) {
    const lower = name.toLowerCase();
    const own = Object.values(fonts).find((family) => family.toLowerCase() === lower);
    if (own) return own;
    const role = ROLE_OF.get(lower);
    if (role) return fonts[role];
  }
  return undefined;
}

/** `"Foo Bar", Arial, sans-serif` → ["Foo Bar", "Arial", "sans-serif"]. */
function splitFamilies(value: string): string[] {
  const names: string[] = [];
  for (const match of value.matchAll(/\s*(?:"([^"]*)"|'([^']*)'|([^,]+))\s*(?:,|$)/g)) {
    const name = (match[1] ?? match[2] ?? match[3] ?? '').trim().replace(/\s+/g, ' ');
    if (name) names.push(name);
    if (match[0] === '') break;
  }
  return names;
}

/** What a text element's font comes to, before mapping: each property as written, with where it was written. */
interface Written {
  value: string;
  /** Offset in the SVG source. */
  at: number;
}

interface Font {
  family?: Written;
  weight?: string;
  style?: string;
  /** A size from a style sheet or a `font` shorthand, neither of which react-pdf reads. */
  size?: string;
}

const FONT_PROPERTIES = ['font-family', 'font-weight', 'font-style'] as const;
type FontProperty = (typeof FONT_PROPERTIES)[number];
/** What a style declaration may set: the font properties, and a size from the `font` shorthand. */
type Declared = FontProperty | 'font-size';
const KEY: Record<FontProperty, keyof Font> = {
  'font-family': 'family',
  'font-weight': 'weight',
  'font-style': 'style',
};

/** A rule of a `<style>` sheet with a selector this reader understands. */
interface Rule {
  selector: Compound[];
  specificity: number;
  order: number;
  declarations: Map<Declared, Written>;
}

/** One compound selector: `text.label#x` (any part optional). */
interface Compound {
  tag?: string;
  id?: string;
  classes: string[];
}

/**
 * Reads an SVG and writes it again for react-pdf, with the fonts of its text
 * resolved and mapped. `file` is the path diagnostics name. An SVG that is
 * not well-formed XML, or nested too deep, comes back as the problem and its
 * place (the caller reports it).
 */
export function prepareSvg(
  source: string,
  file: string,
  fonts: Theme['fonts'],
): PreparedSvg | { code?: Code; error: string; line: number; column: number } {
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offsetOf = (node: { lineNumber?: number; columnNumber?: number }) =>
    (lineStarts[(node.lineNumber ?? 1) - 1] ?? 0) + (node.columnNumber ?? 1) - 1;
  const place = (offset: number) => {
    // The last line starting at or before the offset, by bisection.
    let line = 0;
    for (let high = lineStarts.length - 1; line < high; ) {
      const middle = (line + high + 1) >> 1;
      if (lineStarts[middle] <= offset) line = middle;
      else high = middle - 1;
    }
    return { line: line + 1, column: offset - lineStarts[line] + 1 };
  };

  let fatal: { error: string; line: number; column: number } | undefined;
  let reported = '';
  let root: Element | null = null;
  try {
    const doc = new DOMParser({
      locator: true,
      onError: (level, message) => {
        if (level === 'warning') return;
        reported ||= message;
        throw new Error(message);
      },
    }).parseFromString(source, 'image/svg+xml');
    root = doc.documentElement;
  } catch (error) {
    // xmldom gives where it stopped reading: the place of the problem or just after it.
    const at = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    fatal = {
      error: reported || (error instanceof Error ? error.message : String(error)),
      line: at?.lineNumber ?? 1,
      column: at?.columnNumber ?? 1,
    };
  }
  if (fatal || !root) return fatal ?? { error: 'No root element.', line: 1, column: 1 };
  const deep = tooDeep(root);
  if (deep) {
    return {
      code: 'IMAGE_TOO_LARGE',
      error: `elements are nested more than ${LIMITS.svgDepth} levels deep here.`,
      line: deep.lineNumber ?? 1,
      column: deep.columnNumber ?? 1,
    };
  }

  const diagnostics: Diagnostic[] = [];
  const warnedAt = new Set<number>();
  const faces = new Map<string, SvgFace>();
  const rules = styleSheetRules(root, source, offsetOf);

  const familyOf = (written: Written | undefined): string => {
    if (!written) return fonts.body;
    const mapped = mapFamilyList(written.value, fonts);
    if (mapped) return mapped;
    if (!warnedAt.has(written.at)) {
      warnedAt.add(written.at);
      const { line, column } = place(written.at);
      diagnostics.push(
        problem(
          'SVG_FONT_UNKNOWN',
          file,
          line,
          column,
          `The SVG font family "${written.value}" is not one this template embeds; its text is set in the body font, ${fonts.body}.`,
          `Name a common family (e.g. Helvetica, Arial, sans-serif, Times New Roman, serif, Courier New, monospace), or ${Object.values(
            fonts,
          ).join(', ')}.`,
        ),
      );
    }
    return fonts.body;
  };

  const uncovered = new Set<string>();
  const checkText = (node: Node, family: string) => {
    const value = (node as unknown as { data: string }).data;
    let raw = offsetOf(node as unknown as { lineNumber?: number; columnNumber?: number });
    const cdata = source.startsWith('<![CDATA[', raw);
    if (cdata) raw += '<![CDATA['.length;
    for (const char of value) {
      // The source offset of this character: outside CDATA, a reference
      // (`&#x4e2d;`, `&amp;`) stands for what it decodes to; the reader reads CR LF as LF.
      const at = raw;
      if (!cdata && source[raw] === '&') raw = source.indexOf(';', raw) + 1 || raw + 1;
      else if (char === '\n' && source[raw] === '\r') raw += 2;
      else raw += char.length;
      if (/\s/.test(char) || isFormatCharacter(char)) continue;
      const key = `${family}\u0000${char}\u0000${at}`;
      if (uncovered.has(key)) continue;
      if (!/\p{Cc}/u.test(char) && covers([family], char)) continue;
      uncovered.add(key);
      const { line, column } = place(at);
      const code = codePointName(char);
      diagnostics.push(
        problem(
          'CHARACTER_UNCOVERED',
          file,
          line,
          column,
          `The character "${char}" (${code}) in the SVG's text is not in ${family}, the font it is set in, so it cannot be printed.`,
          'Replace it in the SVG, or set that text in a family that maps to a font covering it.',
        ),
      );
    }
  };

  const walk = (element: Element, inherited: Font, ancestors: Element[]) => {
    const own = ownFont(element, source, offsetOf, rules, ancestors);
    const font: Font = { ...inherited, ...own };
    const tag = element.localName;
    const isText = tag === 'text' || tag === 'tspan';
    stripFont(element);
    // react-pdf reads neither the `font` shorthand nor style sheets: a size from them becomes the attribute.
    if (own.size && !/(?:^|;)\s*font-size\s*:/i.test(element.getAttribute('style') ?? '')) {
      element.setAttribute('font-size', own.size);
    }
    if (isText) {
      const bold = isBold(font.weight, inherited.weight);
      const italic = font.style === 'italic' || font.style === 'oblique';
      const base = withScript(familyOf(font.family), ownText(element));
      const family = svgFamilyName(base, bold);
      faces.set(`${family}\u0000${italic}`, { family, italic });
      element.setAttribute('font-family', family);
      element.setAttribute('font-style', italic ? 'italic' : 'normal');
      for (let child = element.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
          checkText(child, base);
          // Line breaks and tabs in SVG text are spaces; a line feed would fall to a non-embedded font.
          // Format characters are set or dropped as in the brief's text.
          (child as unknown as { data: string }).data = setFormatCharacters(
            (child as unknown as { data: string }).data,
          ).replace(/[ \t\r\n]+/g, ' ');
        }
      }
    }
    // A resolved weight travels to children as what it resolved to.
    const passed: Font = { ...font, weight: isBold(font.weight, inherited.weight) ? '700' : '400' };
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === child.ELEMENT_NODE) walk(child as Element, passed, [...ancestors, element]);
    }
  };
  walk(root, {}, []);

  return { data: Buffer.from(serialize(root), 'utf8'), faces: [...faces.values()], diagnostics };
}

/** The text an element holds itself (its spans decide for theirs). */
function ownText(element: Element): string {
  let text = '';
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      text += (child as unknown as { data: string }).data;
    }
  }
  return text;
}

/**
 * SVG text has no fallback chain: text with characters its family lacks
 * (Chinese in a Latin font) is set wholly in the fallback family for its
 * script when that covers more of it, its Latin letters counted too (brief
 * text falls back character by character); what the chosen family lacks is
 * reported.
 */
function withScript(family: string, text: string): string {
  const needed = [...new Set(setFormatCharacters(text))].filter((char) => !/\s/.test(char));
  const missing = (candidate: string) => needed.filter((char) => !covers([candidate], char)).length;
  let best = family;
  let bestMissing = missing(family);
  for (const other of bestMissing ? fallbackFamilies(text, [family]) : []) {
    const count = missing(other);
    if (count < bestMissing) [best, bestMissing] = [other, count];
  }
  return best;
}

/** The first element nested deeper than LIMITS.svgDepth, found without recursion. */
function tooDeep(root: Element): Element | undefined {
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [Node, number];
    if (depth > LIMITS.svgDepth) return node as Element;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === child.ELEMENT_NODE) stack.push([child, depth + 1]);
    }
  }
  return undefined;
}

/** Bold for weights from 600, `bold`, and `bolder` than a normal parent. */
function isBold(weight: string | undefined, parent: string | undefined): boolean {
  const value = weight?.trim().toLowerCase();
  if (value === undefined || value === 'inherit') return parent !== undefined && isBold(parent, undefined);
  if (value === 'bold' || value === 'bolder') return true;
  if (value === 'lighter' || value === 'normal') return false;
  const number = Number(value);
  return Number.isFinite(number) && number >= 600;
}

/** The font properties an element sets itself: presentation attributes, then matching sheet rules, then its style attribute. */
function ownFont(
  element: Element,
  source: string,
  offsetOf: (node: { lineNumber?: number; columnNumber?: number }) => number,
  rules: Rule[],
  ancestors: Element[],
): Font {
  const font: Font = {};
  const set = (property: Declared, written: Written) => {
    const value = written.value.trim();
    if (!value || value === 'inherit' || value === 'initial' || value === 'unset') return;
    if (property === 'font-size') {
      font.size = value;
      return;
    }
    const key = KEY[property];
    if (key === 'family') font.family = { value, at: written.at };
    else font[key] = value;
  };
  for (const property of FONT_PROPERTIES) {
    const attribute = element.getAttributeNode(property);
    if (attribute) {
      const valueAt = offsetOf(attribute);
      const nameAt = source.lastIndexOf(property, valueAt);
      set(property, { value: attribute.value, at: nameAt === -1 ? valueAt : nameAt });
    }
  }
  for (const rule of rules) {
    if (!matches(rule.selector, element, ancestors)) continue;
    for (const [property, written] of rule.declarations) set(property, written);
  }
  const style = element.getAttributeNode('style');
  if (style) {
    const valueAt = offsetOf(style);
    // The value as written starts after its quote; the reader gives the quote's place.
    const start = source[valueAt] === '"' || source[valueAt] === "'" ? valueAt + 1 : valueAt;
    for (const [property, written] of declarations(style.value, start)) set(property, written);
  }
  return font;
}

/** `font-family: X; font-weight: bold` → each font property with its offset (`start` is where the text begins in the source). */
function declarations(text: string, start: number): Map<Declared, Written> {
  const found = new Map<Declared, Written>();
  for (const match of text.matchAll(
    /(?:^|;|\{)\s*(font-family|font-weight|font-style|font-size|font)\s*:\s*([^;}]*)/gi,
  )) {
    const property = match[1].toLowerCase();
    const value = match[2].replace(/\s*!important\s*$/i, '').trim();
    const at = start + (match.index ?? 0) + match[0].indexOf(match[1]);
    if (property !== 'font') {
      found.set(property as Declared, { value, at });
      continue;
    }
    // The shorthand `font: italic bold 12px/1.2 Georgia, serif`; system fonts (`font: caption`) are left out.
    const parts = FONT_SHORTHAND.exec(value);
    if (!parts) continue;
    const valueAt = start + (match.index ?? 0) + match[0].length - match[2].length;
    for (const word of parts[1].split(/\s+/)) {
      const lower = word.toLowerCase();
      if (lower === 'italic' || lower === 'oblique') found.set('font-style', { value: lower, at });
      else if (/^(?:bold|bolder|lighter|[1-9]00)$/.test(lower)) found.set('font-weight', { value: lower, at });
    }
    found.set('font-size', { value: parts[2], at });
    found.set('font-family', { value: parts[3], at: valueAt + value.length - parts[3].length });
  }
  return found;
}

/** `[style variant weight stretch] size[/line-height] family`, as the `font` shorthand is written. */
const FONT_SHORTHAND =
  /^((?:(?:normal|italic|oblique|small-caps|bold|bolder|lighter|[1-9]00|[a-z-]*condensed|[a-z-]*expanded)\s+)*)([\d.]+(?:px|pt|pc|em|rem|ex|%|mm|cm|in)?|(?:xx?-)?(?:small|large)|medium|smaller|larger)(?:\s*\/\s*\S+)?\s+(\S.*)$/i;

/** Removes what names a font, so nothing but the resolved values reaches react-pdf. */
function stripFont(element: Element): void {
  for (const property of [...FONT_PROPERTIES, 'font']) element.removeAttribute(property);
  const style = element.getAttribute('style');
  if (style !== null) {
    const kept = style
      .split(';')
      .filter((declaration) => !/^\s*font(?:-family|-weight|-style)?\s*:/i.test(declaration))
      .join(';');
    if (kept.trim()) element.setAttribute('style', kept);
    else element.removeAttribute('style');
  }
}

/**
 * The rules of the SVG's `<style>` sheets whose selectors are lists of
 * compound selectors (`text`, `.label`, `#id`, `*`, `g .label`), with their
 * font declarations. Other rules (`>`, attributes, pseudo-classes) and
 * at-rules (`@media`, `@font-face`) are left out.
 */
function styleSheetRules(
  root: Element,
  source: string,
  offsetOf: (node: { lineNumber?: number; columnNumber?: number }) => number,
): Rule[] {
  const rules: Rule[] = [];
  const sheets = root.getElementsByTagName('style');
  for (let i = 0; i < sheets.length; i++) {
    for (let child = sheets[i].firstChild; child; child = child.nextSibling) {
      if (child.nodeType !== child.TEXT_NODE && child.nodeType !== child.CDATA_SECTION_NODE) continue;
      const text = (child as unknown as { data: string }).data;
      let start = offsetOf(child as unknown as { lineNumber?: number; columnNumber?: number });
      if (source.startsWith('<![CDATA[', start)) start += '<![CDATA['.length;
      // Comments become spaces, so offsets stay those of the source.
      const css = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
      let depth = 0;
      let from = 0;
      for (const match of css.matchAll(/[{}]/g)) {
        const index = match.index ?? 0;
        if (match[0] === '{') {
          if (depth === 0) from = index;
          depth++;
          continue;
        }
        depth--;
        if (depth !== 0) continue;
        const prelude = css.slice(css.lastIndexOf('}', from) + 1, from).trim();
        const body = css.slice(from + 1, index);
        if (prelude.startsWith('@') || body.includes('{')) continue;
        const found = declarations(body, start + from + 1);
        if (!found.size) continue;
        for (const selectorText of prelude.split(',')) {
          const selector = parseSelector(selectorText.trim());
          if (!selector) continue;
          const specificity = selector.reduce(
            (sum, c) => sum + (c.id ? 10000 : 0) + c.classes.length * 100 + (c.tag ? 1 : 0),
            0,
          );
          rules.push({ selector, specificity, order: rules.length, declarations: found });
        }
      }
    }
  }
  return rules.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
}

function parseSelector(text: string): Compound[] | undefined {
  const compounds: Compound[] = [];
  for (const part of text.split(/\s+/)) {
    const match = /^(\*|[A-Za-z][\w-]*)?((?:[.#][A-Za-z_-][\w-]*)*)$/.exec(part);
    if (!match || part === '') return undefined;
    const compound: Compound = { classes: [] };
    if (match[1] && match[1] !== '*') compound.tag = match[1];
    for (const piece of match[2].match(/[.#][\w-]+/g) ?? []) {
      if (piece[0] === '#') compound.id = piece.slice(1);
      else compound.classes.push(piece.slice(1));
    }
    compounds.push(compound);
  }
  return compounds.length ? compounds : undefined;
}

function matchesCompound(compound: Compound, element: Element): boolean {
  if (compound.tag && compound.tag !== element.localName) return false;
  if (compound.id && element.getAttribute('id') !== compound.id) return false;
  const classes = (element.getAttribute('class') ?? '').split(/\s+/);
  return compound.classes.every((c) => classes.includes(c));
}

/** A descendant selector: the last compound is the element, the others match ancestors in order. */
function matches(selector: Compound[], element: Element, ancestors: Element[]): boolean {
  if (!matchesCompound(selector[selector.length - 1], element)) return false;
  let next = selector.length - 2;
  for (let i = ancestors.length - 1; i >= 0 && next >= 0; i--) {
    if (matchesCompound(selector[next], ancestors[i])) next--;
  }
  return next < 0;
}

/**
 * Style sheets (applied above), and `<tspan>` elements with no text:
 * react-pdf's layout reads the first line of every span, and a span with no
 * text has none (it throws "Cannot read properties of undefined (reading
 * 'xAdvance')").
 */
function leftOut(element: Element): boolean {
  if (element.localName === 'style') return true;
  return element.localName === 'tspan' && !/[^ \t\r\n]/.test(element.textContent ?? '');
}

/**
 * Writes the tree as react-pdf's SVG reader expects it: elements,
 * attributes and text, escaped with the five entities it decodes. Comments,
 * processing instructions and what `leftOut` names are left out.
 */
function serialize(element: Element): string {
  const escapeXml = (text: string) =>
    text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
  let out = `<${element.tagName}`;
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes[i];
    out += ` ${attribute.name}="${escapeXml(attribute.value)}"`;
  }
  out += '>';
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) {
      if (!leftOut(child as Element)) out += serialize(child as Element);
    } else if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      out += escapeXml((child as unknown as { data: string }).data);
    }
  }
  return `${out}</${element.tagName}>`;
}
