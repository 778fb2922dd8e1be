import { createRequire } from 'node:module';
import { Image, Link, Text, View } from '@react-pdf/renderer';
import * as fontkit from 'fontkit';
import type {
  Blockquote,
  Definition,
  FootnoteDefinition,
  List,
  Nodes,
  Paragraph,
  Root,
  RootContent,
  Table,
} from 'mdast';
import { isValidElement, type ReactElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { endnotes } from '../../src/pdf/handlers/footnote.tsx';
import { handlers } from '../../src/pdf/handlers/index.ts';
import { newPageNumbers } from '../../src/pdf/pages.tsx';
import { SText, SView } from '../../src/pdf/semantic.tsx';
import { createState, type ImageAsset, type RenderState } from '../../src/pdf/state.ts';
import { makeStyles } from '../../src/pdf/styles.ts';
import { SUPPORTED_NODES } from '../../src/pdf/supported.ts';
import { numberTargets } from '../../src/stages/crossref.ts';
import { parseMarkdown } from '../../src/stages/markdown.ts';
import { themeSchema } from '../../src/theme.ts';
import { PNG_1X1 } from './fixtures.ts';

type Element = ReactElement<Record<string, unknown> & { children?: ReactNode }>;

const theme = themeSchema.parse({});
const styles = makeStyles(theme);

/** What every render state here shares. */
const baseState = () => ({
  styles,
  theme,
  images: new Map<string, ImageAsset>(),
  definitions: new Map<string, Definition>(),
  footnotes: new Map<string, FootnoteDefinition>(),
  pages: newPageNumbers(),
});

/** A render state as the document builds it, with the definitions and footnotes of `tree`. */
function stateFor(tree?: Root, images: ReadonlyMap<string, ImageAsset> = new Map()): RenderState {
  const definitions = new Map<string, Definition>();
  const footnotes = new Map<string, FootnoteDefinition>();
  for (const node of tree?.children ?? []) {
    if (node.type === 'definition') definitions.set(node.identifier.toLowerCase(), node);
    if (node.type === 'footnoteDefinition') footnotes.set(node.identifier, node);
  }
  const base = {
    styles,
    theme,
    images,
    definitions,
    footnotes,
    pages: newPageNumbers(),
  };
  return createState(base, handlers);
}

/** Parses `markdown` and renders its first block (or the block of the given type). */
function render(markdown: string, type?: string): { out: ReactNode; state: RenderState; tree: Root } {
  const tree = parseMarkdown(markdown);
  const state = stateFor(tree);
  const node = type ? tree.children.find((c) => c.type === type) : tree.children[0];
  if (!node) throw new Error(`no ${type ?? 'block'} in ${JSON.stringify(markdown)}`);
  return { out: state.one(node, tree), state, tree };
}

/** Every element in a rendered tree, depth first, through fragments and arrays. */
function elements(node: ReactNode): Element[] {
  if (Array.isArray(node)) return node.flatMap((child) => elements(child));
  if (!isValidElement(node)) return [];
  const element = node as Element;
  return [element, ...elements(element.props.children)];
}

const find = (node: ReactNode, test: (e: Element) => boolean): Element => {
  const found = elements(node).find(test);
  if (!found) throw new Error('no matching element');
  return found;
};

/** Text or View, whether plain or carrying a structure type (SText, SView). */
const kind = (e: Element) => (e.type === SText ? Text : e.type === SView ? View : e.type);
const ofType = (node: ReactNode, type: unknown) => elements(node).filter((e) => kind(e) === type);
const tagged = (node: ReactNode, tag: string) => elements(node).filter((e) => e.props.tag === tag);
/** A list's marker Texts: styled as list markers, with the width of the list's marker column. */
const markersOf = (node: ReactNode) =>
  ofType(node, Text).filter((e) => Array.isArray(e.props.style) && e.props.style[0] === styles.listMarker);
const widthOf = (marker: Element) => (marker.props.style as [unknown, { width: number }])[1].width;

/** The text a reader sees: strings and numbers in order. */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map((child) => textOf(child)).join('');
  if (isValidElement(node)) return textOf((node as Element).props.children);
  return '';
}

/** The element's own children that are elements (fragments looked through). */
function childElements(element: Element): Element[] {
  const out: Element[] = [];
  const collect = (node: ReactNode) => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (isValidElement(node)) {
      const e = node as Element;
      if (typeof e.type === 'symbol') collect(e.props.children);
      else out.push(e);
    }
  };
  collect(element.props.children);
  return out;
}

describe('PDF handlers', () => {
  it('heading: a Text tagged as a heading with an anchor id and a bookmark (the first is H1 whatever its size)', () => {
    const { out } = render('## Hello *world*');
    const headings = tagged(out, 'H1');
    expect(headings).toHaveLength(1);
    const [h2] = headings;
    expect(kind(h2)).toBe(Text);
    expect(h2.props.id).toBe('hello-world');
    expect(h2.props.bookmark).toEqual({ title: 'Hello world', ref: 'hello-world', parent: undefined, expanded: true });
    expect(h2.props.style).toBe(styles.heading2);
    expect(textOf(h2)).toBe('Hello world');
    // The emphasis inside stays a nested Text.
    expect(find(h2, (e) => e.props.style === styles.emphasis).type).toBe(Text);
  });

  it('heading: nests bookmarks under the nearest higher heading, numbers repeated anchors, skips no level', () => {
    const tree = parseMarkdown('# Top\n\n### Deep\n\n## Sub\n\n## Sub\n\n#### Four\n');
    const state = stateFor(tree);
    const out = tree.children.map((node) => state.one(node, tree));
    const headings = elements(out).filter((e) => /^H\d$/.test(String(e.props.tag)));
    expect(headings.map((h) => [h.props.tag, h.props.id, (h.props.bookmark as { parent?: string }).parent])).toEqual([
      ['H1', 'top', undefined],
      // A ### straight after the # is the second level of the structure, though set as a level 3.
      ['H2', 'deep', 'top'],
      ['H2', 'sub', 'top'],
      ['H2', 'sub-1', 'top'],
      ['H3', 'four', 'sub-1'],
    ]);
    expect(headings[4].props.style).toBe(styles.heading4);
  });

  it('paragraph: one Text tagged P, its soft line breaks become spaces', () => {
    const { out } = render('One\ntwo and\n   three.');
    const [p] = tagged(out, 'P');
    expect(kind(p)).toBe(Text);
    expect(p.props.style).toBe(styles.paragraph);
    expect(textOf(p)).toBe('One two and three.');
    expect(textOf(p)).not.toContain('\n');
  });

  it('paragraph: hard breaks split it into one Text per line inside a View', () => {
    const { out } = render('First line  \nsecond line\\\nthird');
    const [p] = tagged(out, 'P');
    expect(kind(p)).toBe(View);
    const lines = childElements(p);
    expect(lines.map((l) => [l.type, textOf(l)])).toEqual([
      [Text, 'First line'],
      [Text, 'second line'],
      [Text, 'third'],
    ]);
  });

  it('text: a soft newline becomes a single space', () => {
    const state = stateFor();
    expect(state.one({ type: 'text', value: 'alpha \n  beta\ngamma' })).toBe('alpha beta gamma');
    expect(state.one({ type: 'text', value: 'no break' })).toBe('no break');
  });

  it('emphasis, strong, delete and inlineCode: styled Texts', () => {
    const { out } = render('*em* **strong** ~~gone~~ `x = 1`');
    const styled = (style: unknown) => find(out, (e) => e.props.style === style);
    expect(
      [styles.emphasis, styles.strong, styles.delete, styles.inlineCode].map((s) => [
        styled(s).type,
        textOf(styled(s)),
      ]),
    ).toEqual([
      [Text, 'em'],
      [Text, 'strong'],
      [Text, 'gone'],
      [Text, 'x = 1'],
    ]);
    const state = stateFor();
    expect(textOf(state.one({ type: 'inlineCode', value: 'a\nb' }))).toBe('a b');
  });

  it('break: a space inside phrasing content', () => {
    expect(stateFor().one({ type: 'break' })).toBe(' ');
  });

  it('link: a Link with the URL as src', () => {
    const { out } = render('See [the text](https://example.org/a?b=c "T").');
    const [link] = ofType(out, Link);
    expect(link.props.src).toBe('https://example.org/a?b=c');
    expect(link.props.style).toBe(styles.link);
    expect(textOf(link)).toBe('the text');
  });

  it('linkReference: resolves through its definition; definition prints nothing', () => {
    const { out, state, tree } = render('See [the text][Ref].\n\n[ref]: https://example.org/ref\n');
    const [link] = ofType(out, Link);
    expect(link.props.src).toBe('https://example.org/ref');
    expect(textOf(link)).toBe('the text');
    const definition = tree.children.find((c) => c.type === 'definition') as RootContent;
    expect(state.one(definition, tree)).toBeNull();
  });

  it('linkReference: an undefined reference prints its text in brackets', () => {
    const state = stateFor();
    const out = state.one({
      type: 'linkReference',
      identifier: 'missing',
      label: 'missing',
      referenceType: 'shortcut',
      children: [{ type: 'text', value: 'missing' }],
    });
    expect(ofType(out, Link)).toEqual([]);
    expect(textOf(out)).toBe('[missing]');
  });

  it('list: ordered markers "1." and "2." in Views tagged L and LBody', () => {
    const { out } = render('1. one\n2. two\n');
    const [list] = tagged(out, 'L');
    expect(kind(list)).toBe(View);
    const items = childElements(list);
    expect(items).toHaveLength(2);
    expect(
      items.map((item) => [item.props.tag, ...childElements(item).map((e) => `${e.props.tag} ${textOf(e)}`)]),
    ).toEqual([
      ['LI', 'Lbl 1.', 'LBody one'],
      ['LI', 'Lbl 2.', 'LBody two'],
    ]);
    expect(tagged(out, 'LBody').map((body) => textOf(body))).toEqual(['one', 'two']);
  });

  it('list: an ordered list keeps its start number', () => {
    const { out } = render('3. three\n4. four\n');
    const markers = markersOf(out);
    expect(markers.map((m) => textOf(m))).toEqual(['3.', '4.']);
  });

  it('list: the marker column fits the widest number, so "2021." stays clear of its text', () => {
    const serif = fontkit.openSync(
      createRequire(import.meta.url).resolve('@expo-google-fonts/pt-serif/400Regular/PTSerif_400Regular.ttf'),
    ) as fontkit.Font;
    const wide = (serif.layout('2021.').advanceWidth / serif.unitsPerEm) * theme.sizes.body;
    const years = markersOf(render('2021. The year began.\n2022. The next.\n').out);
    expect(years.map((m) => textOf(m))).toEqual(['2021.', '2022.']);
    expect(new Set(years.map(widthOf)).size).toBe(1);
    expect(widthOf(years[0])).toBeGreaterThan(wide + 2);
    // Short numbers keep the usual column.
    expect(markersOf(render('1. one\n2. two\n').out).map(widthOf)).toEqual([18, 18]);
  });

  it('list: bullets change with depth; task items show a box', () => {
    const { out } = render('- a\n- b\n  - c\n- [x] done\n- [ ] todo\n');
    const markers = markersOf(out);
    expect(markers.map((m) => textOf(m))).toEqual(['•', '•', '–', '[x]', '[ ]']);
  });

  it('list: paragraphs in a tight list get no space after; in a loose list they keep it', () => {
    const tight = tagged(render('- a\n- b\n').out, 'P');
    expect(tight[0].props.style).toEqual([styles.paragraph, { marginBottom: 2 }]);
    const loose = tagged(render('- a\n\n- b\n').out, 'P');
    expect(loose[0].props.style).toBe(styles.paragraph);
  });

  it('list: an item that asks for a decision is kept whole, its lines with its text', () => {
    const tree = parseMarkdown('1. That you approve.\n\n    decision\n2. Other.\n');
    const list = tree.children[0] as List;
    list.children[0].children[1] = { type: 'briefBlock', name: 'decision' };
    const items = tagged(stateFor(tree).one(list, tree), 'LI');
    expect(items.map((item) => item.props.wrap)).toEqual([false, true]);
    const drawn = elements(items[0]).filter((e) => typeof e.type === 'function' && e.type.name === 'DecisionLines');
    expect(drawn).toHaveLength(1);
  });

  it('listItem: renders its children in order', () => {
    const tree = parseMarkdown('- first\n\n  second\n');
    const item = (tree.children[0] as List).children[0];
    const out = stateFor(tree).one(item, tree.children[0] as List);
    expect(tagged(out, 'P').map((p) => textOf(p))).toEqual(['first', 'second']);
  });

  it('table: header row repeats on every page (fixed) with TH cells; body rows do not split', () => {
    const { out } = render('| Name | Score |\n|:--|--:|\n| A | 1 |\n| B | 2 |\n');
    const [table] = tagged(out, 'Table');
    expect(kind(table)).toBe(View);
    const [head, body] = childElements(table);
    expect(kind(head)).toBe(View);
    expect(head.props.tag).toBe('THead');
    expect(head.props.fixed).toBe(true);
    expect(body.props.tag).toBe('TBody');
    const rows = childElements(body);
    expect(tagged(head, 'TH').map((th) => textOf(th))).toEqual(['Name', 'Score']);
    expect(tagged(head, 'TH').map((th) => th.props.scope)).toEqual(['Column', 'Column']);
    expect(tagged(head, 'TD')).toEqual([]);
    expect(rows.map((r) => [r.props.wrap, tagged(r, 'TD').map((td) => textOf(td))])).toEqual([
      [false, ['A', '1']],
      [false, ['B', '2']],
    ]);
    const aligns = tagged(out, 'TH').map((th) => (th.props.style as [unknown, { textAlign: string }])[1].textAlign);
    expect(aligns).toEqual(['left', 'right']);
    expect(tagged(out, 'TR')).toHaveLength(3);
  });

  it('tableRow and tableCell: drawn by the table, nothing on their own', () => {
    const tree = parseMarkdown('| a |\n|---|\n| b |\n');
    const row = (tree.children[0] as Table).children[0];
    const state = stateFor(tree);
    expect(state.one(row)).toBeNull();
    expect(state.one(row.children[0])).toBeNull();
  });

  it('blockquote: a plain quotation is a View tagged BlockQuote', () => {
    const { out } = render('> Quoted *text*.');
    const [quote] = tagged(out, 'BlockQuote');
    expect(kind(quote)).toBe(View);
    expect(quote.props.style).toBe(styles.blockquote);
    expect(textOf(quote)).toBe('Quoted text.');
  });

  it('blockquote: [!WARNING] becomes a callout labelled WARNING, without the marker', () => {
    const { out } = render('> [!WARNING]\n> Be careful.');
    expect(tagged(out, 'BlockQuote')).toEqual([]);
    const [callout] = tagged(out, 'Div');
    expect(kind(callout)).toBe(View);
    const [label, ...rest] = childElements(callout);
    expect(kind(label)).toBe(Text);
    expect(textOf(label)).toBe('WARNING');
    expect(rest.map((e) => textOf(e))).toEqual(['Be careful.']);
    expect(textOf(callout)).not.toContain('[!');
  });

  it('blockquote: alert kinds are case-insensitive and unknown kinds stay quotations', () => {
    expect(textOf(childElements(tagged(render('> [!note]\n> Hi.').out, 'Div')[0])[0])).toBe('NOTE');
    const unknown = render('> [!FOO]\n> Hi.').out;
    expect(tagged(unknown, 'Div')).toEqual([]);
    expect(textOf(tagged(unknown, 'BlockQuote')[0])).toBe('[!FOO] Hi.');
  });

  it('footnoteReference: superscript links numbered in order of first reference', () => {
    const { out } = render('a[^x] b[^y] c[^x]\n\n[^y]: Y.\n[^x]: X.\n');
    const links = ofType(out, Link);
    expect(links.map((l) => [l.props.src, textOf(l)])).toEqual([
      ['#footnote:1', '1'],
      ['#footnote:2', '2'],
      ['#footnote:1', '1'],
    ]);
    expect(find(links[1], (e) => e.type === Text).props.id).toBe('footnote-ref:2');
    expect(links[0].props.style).toBe(styles.noteRef);
  });

  it('footnote numbers, in the text and in the note, are links drawn as plain numbers: text colour, no underline', () => {
    const { out, state } = render('a[^x]\n\n[^x]: X.\n');
    const notes = endnotes(state, { type: 'heading', depth: 2, children: [{ type: 'text', value: 'Notes' }] });
    // Each note is a component of its own: drawn here as the document would.
    const drawn = elements(notes)
      .filter((e) => typeof e.type === 'function' && 'n' in e.props)
      .map((e) => (e.type as (props: unknown) => ReactNode)(e.props));
    const links = [...ofType(out, Link), ...ofType(drawn, Link)];
    expect(links.map((l) => l.props.src)).toEqual(['#footnote:1', '#footnote-ref:1']);
    for (const link of links) {
      // A Link not told otherwise is drawn blue and underlined.
      expect(link.props.style).toMatchObject({ color: theme.colors.text, textDecoration: 'none' });
    }
  });

  it('footnoteDefinition: prints nothing where it stands', () => {
    const { out } = render('a[^x]\n\n[^x]: The note.\n', 'footnoteDefinition');
    expect(out).toBeNull();
  });

  it('code: one View tagged Code, one Text per line, tabs as spaces, empty lines kept', () => {
    const { out } = render('```\nfirst\n\tindented\n\nlast\n```');
    const block = find(out, (e) => e.props.style === styles.codeBlock);
    expect(kind(block)).toBe(View);
    expect(block.props.tag).toBe('Code');
    const lines = childElements(block);
    expect(lines.map((l) => [l.type, textOf(l)])).toEqual([
      [Text, 'first'],
      [Text, '    indented'],
      [Text, ' '],
      [Text, 'last'],
    ]);
  });

  it('thematicBreak: a ruled View', () => {
    const { out } = render('Text.\n\n---\n', 'thematicBreak');
    expect((out as Element).type).toBe(View);
    expect((out as Element).props.style).toBe(styles.rule);
  });

  it('image: a figure with the loaded image and its caption', () => {
    const tree = parseMarkdown('![A dot](img/dot.png "The caption")');
    const asset: ImageAsset = { path: '/repo/briefs/img/dot.png', data: PNG_1X1, format: 'png' };
    const state = stateFor(tree, new Map([['img/dot.png', asset]]));
    const out = state.one(tree.children[0], tree);
    const [figure] = tagged(out, 'Figure');
    expect(kind(figure)).toBe(View);
    expect(figure.props.alt).toBe('A dot');
    const [image] = ofType(out, Image);
    expect(image.props.src).toEqual({ data: PNG_1X1, format: 'png' });
    expect(textOf(find(figure, (e) => e.props.style === styles.caption))).toBe('The caption');
    // The image node itself goes through the same figure.
    const node = (tree.children[0] as Paragraph).children[0];
    expect(ofType(state.one(node), Image)).toHaveLength(1);
  });

  it('image: a numbered figure is an anchor, its width as asked, its caption labelled "Figure 1."', () => {
    const tree = parseMarkdown('![A dot](img/dot.png "The caption"){#fig:dot width=40%}');
    const { targets } = numberTargets(tree);
    const asset: ImageAsset = { path: '/repo/briefs/img/dot.png', data: PNG_1X1, format: 'png' };
    const state = createState({ ...baseState(), images: new Map([['img/dot.png', asset]]), targets }, handlers);
    const out = state.one(tree.children[0], tree);
    const [figure] = tagged(out, 'Figure');
    expect(figure.props.id).toBe('fig:dot');
    expect(ofType(out, Image)[0].props.style).toEqual([styles.image, { width: '40%' }]);
    const [caption] = tagged(figure, 'Caption');
    expect(textOf(caption)).toBe('Figure 1. The caption');
  });

  it('table: a captioned table is an anchor with its Caption first, columns sized, the caption paragraph not printed twice', () => {
    const tree = parseMarkdown(
      '| Measure | Cost |\n|:--|--:|\n| Extend unchanged for one year | 12.5 |\n\n: Costs {#tbl:costs}\n',
    );
    const { targets } = numberTargets(tree);
    const state = createState({ ...baseState(), targets }, handlers);
    const out = state.one(tree.children[0], tree);
    const [table] = tagged(out, 'Table');
    expect(table.props.id).toBe('tbl:costs');
    expect(childElements(table).map((e) => e.props.tag ?? 'View')).toEqual(['Caption', 'THead', 'TBody']);
    expect(textOf(tagged(table, 'Caption')[0])).toBe('Table 1. Costs');
    const widths = ofType(tagged(table, 'THead')[0], View)
      .map((cell) => (cell.props.style as [unknown, { width?: string }])[1]?.width)
      .filter(Boolean)
      .map((w) => Number.parseFloat(w as string));
    expect(widths[0]).toBeGreaterThan(2 * widths[1]);
    expect(state.one(tree.children[1], tree)).toBeNull();
  });

  it('crossReference: its target’s label, linked to it', () => {
    const tree = parseMarkdown('## Costs {#sec:costs}\n\nSee @sec:costs and @Sec:costs.\n');
    const { targets } = numberTargets(tree);
    const out = createState({ ...baseState(), targets }, handlers).one(tree.children[1], tree);
    const links = ofType(out, Link);
    expect(links.map((l) => [l.props.src, textOf(l)])).toEqual([
      ['#sec:costs', 'section 1'],
      ['#sec:costs', 'Section 1'],
    ]);
  });

  it('image: one that was not loaded is a bug, not silent', () => {
    const tree = parseMarkdown('![x](missing.png)');
    expect(() => stateFor(tree).one(tree.children[0], tree)).toThrow(
      'Image "missing.png" reached layout without being loaded',
    );
  });

  it('root: renders every block in order', () => {
    const tree = parseMarkdown('# Title\n\nText.\n\n- item\n');
    const out = stateFor(tree).one(tree);
    expect(Array.isArray(out)).toBe(true);
    expect((out as ReactNode[]).length).toBe(3);
    expect(elements(out).flatMap((e) => (typeof e.props.tag === 'string' ? [e.props.tag] : []))).toEqual([
      'H1',
      'P',
      'L',
      'LI',
      'Lbl',
      'LBody',
      'P',
    ]);
  });

  it('throws on a node type that has no handler', () => {
    const state = stateFor();
    expect(() => state.one({ type: 'html', value: '<b>' } as Nodes)).toThrow('No PDF handler for mdast node "html"');
    const quote = parseMarkdown('> <i>x</i>').children[0] as Blockquote;
    expect(() => state.one(quote)).toThrow('No PDF handler for mdast node "html"');
  });

  it('has a handler for every supported node type and none for html', () => {
    // Exactly these: no handler missing, none extra.
    expect(Object.keys(handlers).sort()).toEqual([...SUPPORTED_NODES].sort());
    expect(Object.keys(handlers).sort()).toEqual(
      [
        'blockquote',
        'break',
        'briefBlock',
        'code',
        'crossReference',
        'definition',
        'delete',
        'emphasis',
        'footnoteDefinition',
        'footnoteReference',
        'heading',
        'image',
        'inlineCode',
        'link',
        'linkReference',
        'list',
        'listItem',
        'paragraph',
        'redline',
        'root',
        'strong',
        'table',
        'tableCell',
        'tableRow',
        'text',
        'thematicBreak',
      ].sort(),
    );
    expect((handlers as Record<string, unknown>).html).toBeUndefined();
  });
});
