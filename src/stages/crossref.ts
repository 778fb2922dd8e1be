import type { Heading, Image, Nodes, Paragraph, Parent, Root, Table, Text } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { didYouMean } from '../suggest.ts';
import { isDecorative } from './alt-text.ts';
import { parseAttributes } from './attributes.ts';

/**
 * Figures, tables and sections that a brief numbers and refers to, in
 * pandoc-crossref's syntax:
 *
 *   ![Caption](chart.svg){#fig:id width=60%}   a numbered figure, 60% of the text width
 *   : Caption {#tbl:id widths="50,25,25"}      after a table: its caption (numbered), column widths
 *   ## Heading {#sec:id}                       a heading with that id
 *   see @fig:id, @tbl:id, @sec:id              "Figure 2", "Table 1", "section 3", linked
 *
 * The attribute text never prints: what it says lands in the nodes' data,
 * and what is wrong with it in `attributeProblems`, reported by the check stage.
 */
export type TargetKind = 'fig' | 'tbl' | 'sec';

/** `@fig:id` in running text: printed as its target's label, linked to it. */
export interface CrossReference {
  type: 'crossReference';
  /** As written (`@fig:growth`): what text-only readers of the tree (redlines, summaries) see. */
  value: string;
  /** The target's id, prefix included (`fig:growth`). */
  id: string;
  kind: TargetKind;
  /** Written `@Fig:`, `@Tbl:`, `@Sec:`: the label starts with a capital ("Section 3"). */
  capital: boolean;
  position?: Text['position'];
  data?: Text['data'];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    crossReference: CrossReference;
  }
  interface RootContentMap {
    crossReference: CrossReference;
  }
}

/** What a node's attributes say, once checked. */
export interface Attributes {
  id?: string;
  /** An image's width, as react-pdf reads it: `60%` of the text column, or a length (`8cm`). */
  width?: string;
  /** A table's column widths, as fractions of the table that add up to 1. */
  widths?: number[];
  /** A heading marked `{-}` or `{.unnumbered}`: not counted as a section. */
  unnumbered?: boolean;
}

/** A problem in a node's attributes, at its place (line and column in the same file as the node). */
export interface AttributeProblem {
  message: string;
  hint: string;
  line: number;
  column: number;
}

interface CrossrefData {
  attributes?: Attributes;
  attributeProblems?: AttributeProblem[];
  /**
   * A table's caption: the `: Caption` paragraph after it, which stays in the
   * tree (so every check reads it) marked `isCaption`, and prints with the table.
   */
  caption?: Paragraph;
  isCaption?: boolean;
  /** A numbered figure's or table's label, "Figure 2", given by numberTargets. */
  label?: string;
}

export function crossrefData(node: Nodes): CrossrefData {
  return (node.data ?? {}) as CrossrefData;
}

function setData(node: Nodes, data: CrossrefData): void {
  node.data = { ...node.data, ...data } as typeof node.data;
}

/** Reads attributes, table captions and references in a freshly parsed tree (its positions final). */
export function readCrossrefSyntax(tree: Root): void {
  visitParents(tree);
  findReferences(tree);
}

function visitParents(parent: Parent): void {
  const kept: Nodes[] = [];
  for (let i = 0; i < parent.children.length; i++) {
    const node = parent.children[i] as Nodes;
    if (node.type === 'paragraph') imageAttributes(node);
    if (node.type === 'heading') headingAttributes(node);
    kept.push(node);
    if (node.type === 'table') {
      // After the table, on the line under it, or (as Pandoc also allows) before it.
      const next = parent.children[i + 1] as Nodes | undefined;
      const before = kept.at(-2);
      const caption =
        (next?.type === 'paragraph' && captionText(next) ? next : undefined) ??
        captionInLastRow(node) ??
        (before?.type === 'paragraph' && !crossrefData(before).isCaption && captionText(before) ? before : undefined);
      if (caption) {
        tableCaption(node, caption);
        if (caption !== next && caption !== before) kept.push(caption);
      }
    }
    if ('children' in node && node.type !== 'table') visitParents(node as Parent);
  }
  parent.children = kept as typeof parent.children;
}

/** `{…}` straight after an image alone in its paragraph: the image's attributes. */
function imageAttributes(paragraph: Paragraph): void {
  const [image, after] = paragraph.children;
  if (image?.type !== 'image' || after?.type !== 'text' || !after.value.startsWith('{')) return;
  const close = after.value.indexOf('}');
  if (close < 0) return;
  const attributes = checked(image, after, 1, after.value.slice(1, close), {
    prefix: 'fig',
    what: 'A figure',
    keys: ['width'],
  });
  setData(image, { attributes });
  const rest = after.value.slice(close + 1);
  if (rest.trim()) after.value = rest;
  else paragraph.children.splice(1, 1);
}

/**
 * `{#id}`, `{.class}`, `{-}` or `{key=value}` at the end of a heading's or
 * caption's text: where the braces open, what they hold, and where the space
 * before them starts. Other braces (`Sets {a, b}`) are text. Found without a
 * regular expression, so a long line costs no more than reading it.
 */
function trailingAttributes(value: string): { start: number; open: number; inner: string } | undefined {
  const end = value.trimEnd();
  if (!end.endsWith('}')) return undefined;
  const open = end.lastIndexOf('{');
  if (open < 0) return undefined;
  const inner = end.slice(open + 1, -1);
  if (inner.includes('}') || !(/^[#.-]/.test(inner) || inner.includes('='))) return undefined;
  let start = open;
  while (start > 0 && /\s/.test(value[start - 1])) start--;
  return { start, open, inner };
}

function headingAttributes(heading: Heading): void {
  const last = heading.children.at(-1);
  if (last?.type !== 'text') return;
  const trailing = trailingAttributes(last.value);
  if (!trailing) return;
  const attributes = checked(heading, last, trailing.open + 1, trailing.inner, { what: 'A heading', keys: [] });
  setData(heading, { attributes });
  last.value = last.value.slice(0, trailing.start);
  if (!last.value) heading.children.pop();
}

const CAPTION = /^(?:[Tt]able)?:\s+/;

/** A paragraph that starts `: ` or `Table: ` (Pandoc's table caption). */
function captionText(paragraph: Paragraph): Text | undefined {
  const first = paragraph.children[0];
  return first?.type === 'text' && CAPTION.test(first.value) ? first : undefined;
}

function tableCaption(table: Table, paragraph: Paragraph): void {
  const first = captionText(paragraph) as Text;
  const lead = (CAPTION.exec(first.value) as RegExpExecArray)[0].length;
  shiftStart(first, lead);
  first.value = first.value.slice(lead);
  const last = paragraph.children.at(-1);
  let attributes: Attributes = {};
  if (last?.type === 'text') {
    const trailing = trailingAttributes(last.value);
    if (trailing) {
      attributes = checked(table, last, trailing.open + 1, trailing.inner, {
        prefix: 'tbl',
        what: 'A table',
        keys: ['widths'],
        columns: table.children[0]?.children.length ?? 0,
      });
      last.value = last.value.slice(0, trailing.start);
      if (!last.value) paragraph.children.pop();
    }
  }
  setData(paragraph, { isCaption: true });
  setData(table, { attributes, caption: paragraph });
}

/**
 * GFM reads a line straight under a table as one more row: a last row of one
 * cell that starts `: ` is the caption written without a blank line before
 * it, taken out of the table as a paragraph of its own.
 */
function captionInLastRow(table: Table): Paragraph | undefined {
  const row = table.children.at(-1);
  if (table.children.length < 2 || !row) return undefined;
  const [cell, ...others] = row.children;
  if (!cell || others.some((other) => other.children.length > 0)) return undefined;
  const paragraph: Paragraph = { type: 'paragraph', children: cell.children, position: cell.position, data: cell.data };
  if (!captionText(paragraph)) return undefined;
  table.children.pop();
  return paragraph;
}

interface Allowed {
  /** The id's prefix for this kind of element (`fig`), if it must have one. */
  prefix?: string;
  what: string;
  keys: ('width' | 'widths')[];
  columns?: number;
}

/** The attributes in `text` (the inside of the braces, from `index` of `node`'s text), checked against what the element allows. */
function checked(owner: Nodes, textNode: Text, index: number, text: string, allowed: Allowed): Attributes {
  const problems: AttributeProblem[] = [];
  const report = (at: number, message: string, hint: string) =>
    problems.push({ message, hint, ...placeIn(textNode, index + at) });
  const parsed = parseAttributes(text);
  const attributes: Attributes = {};
  if ('error' in parsed) {
    report(parsed.at, `The attributes {${text}} cannot be read: ${parsed.error}.`, example(allowed));
    setData(owner, { attributeProblems: problems });
    return attributes;
  }
  if (parsed.id !== undefined) {
    if (allowed.prefix && !parsed.id.startsWith(`${allowed.prefix}:`)) {
      report(
        text.indexOf('#'),
        `${allowed.what}'s id starts with "${allowed.prefix}:", not "#${parsed.id}".`,
        `Write {#${allowed.prefix}:${parsed.id.replace(/^[a-z]+:/, '')}}.`,
      );
    } else attributes.id = parsed.id;
  }
  for (const cls of parsed.classes) {
    // Pandoc's unnumbered heading: not counted as a section.
    if (cls === 'unnumbered' && allowed.what === 'A heading') attributes.unnumbered = true;
    else report(Math.max(0, text.indexOf(`.${cls}`)), `Classes (".${cls}") do not apply here.`, example(allowed));
  }
  for (const { key, value, at } of parsed.pairs) {
    if (!(allowed.keys as string[]).includes(key)) {
      const known = allowed.keys.length ? `: ${allowed.keys.join(', ')}` : ' but an id';
      report(
        at - key.length - 1,
        `${allowed.what} takes no attribute "${key}"${known}.`,
        didYouMean(key, allowed.keys) ?? example(allowed),
      );
    } else if (key === 'width') {
      const width = imageWidth(value);
      if (typeof width === 'string') attributes.width = width;
      else report(at, width.message, 'Give a share of the text width, e.g. width=60%, or a length: width=8cm.');
    } else if (key === 'widths') {
      const widths = columnWidths(value, allowed.columns ?? 0);
      if (Array.isArray(widths)) attributes.widths = widths;
      else report(at, widths.message, `Give one number per column, e.g. widths="50,25,25" for three columns.`);
    }
  }
  if (problems.length) setData(owner, { attributeProblems: problems });
  return attributes;
}

function example(allowed: Allowed): string {
  if (allowed.prefix === 'fig') return 'A figure takes an id and a width: {#fig:growth width=60%}.';
  if (allowed.prefix === 'tbl') return 'A table caption takes an id and column widths: {#tbl:costs widths="50,25,25"}.';
  return 'A heading takes an id, and {-} to leave it out of the section numbers: {#sec:background}.';
}

const LENGTH = /^(\d+(?:\.\d+)?|\.\d+)(%|cm|mm|in|pt)$/;

/** `60%` of the text width, or a length in cm, mm, in or pt (never wider than the text). */
export function imageWidth(value: string): string | { message: string } {
  const match = LENGTH.exec(value);
  if (!match) return { message: `The width "${value}" is not a percentage or a length.` };
  const amount = Number(match[1]);
  if (amount <= 0) return { message: `The width "${value}" is not above zero.` };
  if (match[2] === '%' && amount > 100) {
    return { message: `The width "${value}" is wider than the text (at most 100%).` };
  }
  return `${amount}${match[2]}`;
}

/** `"50,25,25"`: relative widths, one per column, as fractions adding up to 1. */
export function columnWidths(value: string, columns: number): number[] | { message: string } {
  const parts = value.split(/[\s,]+/).filter(Boolean);
  const numbers = parts.map(Number);
  const bad = parts.find((part, i) => !/^\d+(\.\d+)?$/.test(part) || numbers[i] <= 0);
  if (bad !== undefined) return { message: `The column width "${bad}" is not a number above zero.` };
  if (numbers.length !== columns) {
    return { message: `The table has ${columns} columns, but widths="${value}" gives ${numbers.length}.` };
  }
  const total = numbers.reduce((a, b) => a + b, 0);
  return numbers.map((n) => n / total);
}

/** Where `index` of a text node's value is in its file, counting lines inside the value. */
function placeIn(text: Text, index: number): { line: number; column: number } {
  const start = text.position?.start ?? { line: 1, column: 1 };
  const before = text.value.slice(0, index);
  const breaks = before.split('\n').length - 1;
  if (breaks === 0) return { line: start.line, column: start.column + index };
  return { line: start.line + breaks, column: index - before.lastIndexOf('\n') };
}

function shiftStart(text: Text, by: number): void {
  if (!text.position) return;
  const { line, column } = placeIn(text, by);
  text.position = { ...text.position, start: { ...text.position.start, line, column } };
}

// `@fig:id`, not inside a word or an e-mail address, nor a bracketed citation (`[@id]`).
const REFERENCE =
  /(?<![\p{L}\p{N}_@.[\\-])@(fig|tbl|sec|Fig|Tbl|Sec):([\p{L}\p{N}_](?:[\p{L}\p{N}_:.-]*[\p{L}\p{N}_])?)/gu;

/** Splits text nodes at `@fig:id` references; not inside links, whose text is already a link. */
function findReferences(parent: Parent): void {
  const out: Nodes[] = [];
  for (const child of parent.children as Nodes[]) {
    if (child.type === 'text') {
      for (const part of splitReferences(child)) out.push(part);
    } else {
      if ('children' in child && child.type !== 'link' && child.type !== 'linkReference') findReferences(child);
      out.push(child);
    }
  }
  parent.children = out as typeof parent.children;
}

function splitReferences(text: Text): (Text | CrossReference)[] {
  const parts: (Text | CrossReference)[] = [];
  // Each part gets a position of its own: later steps move positions in place (derive.ts, markBrief).
  const positionOf = (from: number, to: number): Text['position'] => {
    if (!text.position) return undefined;
    const offset = text.position.start.offset;
    const at = (index: number) => ({
      ...placeIn(text, index),
      offset: offset === undefined ? undefined : offset + index,
    });
    return { start: at(from), end: at(to) };
  };
  const textPart = (from: number, to: number): Text => ({
    ...text,
    value: text.value.slice(from, to),
    position: positionOf(from, to),
  });
  let from = 0;
  for (const match of text.value.matchAll(REFERENCE)) {
    const index = match.index ?? 0;
    if (index > from) parts.push(textPart(from, index));
    const kind = match[1].toLowerCase() as TargetKind;
    parts.push({
      type: 'crossReference',
      value: match[0],
      id: `${kind}:${match[2]}`,
      kind,
      capital: match[1] !== kind,
      data: text.data,
      position: positionOf(index, index + match[0].length),
    });
    from = index + match[0].length;
  }
  if (from === 0) return [text];
  if (from < text.value.length) parts.push(textPart(from, text.value.length));
  return parts;
}

/** A figure, table or section a reference may name. */
export interface Target {
  kind: TargetKind;
  /** "Figure 2", "Table 1", "section 3" (or "section 3.1" for a level-3 heading). */
  label: string;
  node: Image | Table | Heading;
  /** In the brief's body, which this template does not print: named, but not linked. */
  unprinted?: boolean;
}

const NAMES: Record<TargetKind, string> = { fig: 'Figure', tbl: 'Table', sec: 'section' };

/** What a reference prints. */
export function referenceLabel(target: Target, capital: boolean): string {
  return capital ? target.label[0].toUpperCase() + target.label.slice(1) : target.label;
}

/**
 * Numbers, in document order: figures with a `fig:` id, tables with a
 * caption, and sections (the level-2 headings of the whole memo, level 3
 * within them: "section 3.1"), whether or not they have an id. Labels land in
 * the nodes' data; every id is returned, the same id twice as a duplicate.
 */
export function numberTargets(tree: Root): { targets: Map<string, Target>; duplicates: Target[] } {
  const targets = new Map<string, Target>();
  const duplicates: Target[] = [];
  const count = { fig: 0, tbl: 0 };
  const sections: number[] = [];
  // Ids the headings were given by their text (derive.ts): an id given by hand may not repeat one.
  const made = new Set<string>();
  eachDescendant(tree, (node) => {
    const id = (node.data as { id?: string } | undefined)?.id;
    if (node.type === 'heading' && id && crossrefData(node).attributes?.id === undefined) made.add(id);
  });
  const add = (id: string | undefined, target: Target) => {
    if (id === undefined) return;
    if (targets.has(id) || made.has(id)) duplicates.push(target);
    else targets.set(id, target);
  };
  const visit = (node: Nodes, topLevel: boolean) => {
    const { attributes, caption } = crossrefData(node);
    // A decorative image is no figure: drawn as an artifact, without a caption.
    if (node.type === 'image' && attributes?.id?.startsWith('fig:') && !isDecorative(node)) {
      const label = `${NAMES.fig} ${++count.fig}`;
      setData(node, { label });
      add(attributes.id, { kind: 'fig', label, node });
    } else if (node.type === 'table' && caption) {
      const label = `${NAMES.tbl} ${++count.tbl}`;
      setData(node, { label });
      add(attributes?.id, { kind: 'tbl', label, node });
    } else if (node.type === 'heading') {
      // A heading inside a quotation or a list is not a section.
      const level = Math.max(node.depth, 2) - 2;
      const counted = topLevel && !attributes?.unnumbered;
      if (counted) {
        sections.length = level + 1;
        sections[level] = (sections[level] ?? 0) + 1;
      }
      // An unnumbered section is named by its title.
      const label = attributes?.unnumbered
        ? `“${mdToString(node)}”`
        : `${NAMES.sec} ${Array.from(sections, (n) => n ?? 0).join('.')}`;
      add(attributes?.id, { kind: 'sec', label, node });
    }
    if ('children' in node && node.type !== 'table') {
      for (const child of node.children) visit(child as Nodes, node.type === 'root');
    }
  };
  visit(tree, false);
  return { targets, duplicates };
}

function eachDescendant(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) eachDescendant(child as Nodes, visit);
}

/** "Did you mean" among the ids of the same kind, or the list of them. */
export function suggestTarget(id: string, targets: ReadonlyMap<string, Target>): string {
  const kind = id.slice(0, 3);
  const same = [...targets.keys()].filter((other) => other.startsWith(`${kind}:`));
  const what = { fig: 'figure', tbl: 'table', sec: 'heading' }[kind as TargetKind];
  if (same.length === 0) {
    return kind === 'sec'
      ? 'Give the heading an id: ## Heading {#sec:name}.'
      : kind === 'fig'
        ? 'Give the figure an id: ![Caption](chart.svg){#fig:name}.'
        : 'Give the table a caption with an id on the line after it: : Caption {#tbl:name}.';
  }
  return didYouMean(id, same) ?? `The brief's ${what} ids: ${same.map((s) => `@${s}`).join(', ')}.`;
}
