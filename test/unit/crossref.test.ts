import path from 'node:path';
import type { Heading, Image, Paragraph, Root, Table } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { markBrief } from '../../src/markings/mark.ts';
import { applyTemplate } from '../../src/stages/apply-template.ts';
import { parseAttributes } from '../../src/stages/attributes.ts';
import { checkContent } from '../../src/stages/check.ts';
import { type CrossReference, columnWidths, crossrefData, imageWidth } from '../../src/stages/crossref.ts';
import { derive } from '../../src/stages/derive.ts';
import { assembleMarkdown, eachNode, parseMarkdown } from '../../src/stages/markdown.ts';
import { parseBrief } from '../../src/stages/parse.ts';
import { readSource } from '../../src/stages/read.ts';
import { loadTemplates } from '../../src/stages/template.ts';
import { validateBrief } from '../../src/stages/validate.ts';
import { briefText, diagnosticsOfAsync, PNG_1X1, place, workspace, writeFiles } from './fixtures.ts';

const BRIEF = 'briefs/test.md';

async function check(text: string) {
  const root = workspace({ 'briefs/chart.png': PNG_1X1 });
  writeFiles(root, { [BRIEF]: text });
  const templates = await loadTemplates(path.join(root, 'templates'), root);
  const file = await readSource(path.join(root, BRIEF), root);
  return checkContent(
    derive(assembleMarkdown(applyTemplate(markBrief(validateBrief(parseBrief(file)), templates), templates))),
    root,
  );
}
const problems = (body: string) => diagnosticsOfAsync(() => check(briefText({ body })));

function references(tree: Root): CrossReference[] {
  const found: CrossReference[] = [];
  eachNode(tree, (node) => {
    if (node.type === 'crossReference') found.push(node);
  });
  return found;
}

describe('Pandoc attributes', () => {
  it('reads an id, classes and key=value pairs, quoted or not', () => {
    expect(parseAttributes('#fig:a .wide width=60% title="Two words"')).toEqual({
      id: 'fig:a',
      classes: ['wide'],
      pairs: [
        { key: 'width', value: '60%', at: 19 },
        { key: 'title', value: 'Two words', at: 30 },
      ],
    });
  });

  it('refuses what is none of these, saying where', () => {
    expect(parseAttributes('#fig:a width')).toEqual({
      error: '"width" is not an id (#id), a class (.class) or a key=value pair',
      at: 7,
    });
    expect(parseAttributes('#a #b')).toMatchObject({ at: 3 });
  });

  it('checks widths: a share up to 100% or a length', () => {
    expect(imageWidth('60%')).toBe('60%');
    expect(imageWidth('8cm')).toBe('8cm');
    expect(imageWidth('2.5in')).toBe('2.5in');
    expect(imageWidth('abc')).toEqual({ message: 'The width "abc" is not a percentage or a length.' });
    expect(imageWidth('300%')).toEqual({ message: 'The width "300%" is wider than the text (at most 100%).' });
    expect(imageWidth('0%')).toEqual({ message: 'The width "0%" is not above zero.' });
  });

  it('reads column widths as shares of the table', () => {
    expect(columnWidths('50,25,25', 3)).toEqual([0.5, 0.25, 0.25]);
    expect(columnWidths('2 1 1', 3)).toEqual([0.5, 0.25, 0.25]);
    expect(columnWidths('50,50', 3)).toEqual({ message: 'The table has 3 columns, but widths="50,50" gives 2.' });
    expect(columnWidths('50,x,25', 3)).toEqual({ message: 'The column width "x" is not a number above zero.' });
  });
});

describe('the cross-reference transform', () => {
  it('takes a figure’s attributes off its paragraph: the attribute text never prints', () => {
    const tree = parseMarkdown('![Growth](chart.svg){#fig:growth width=60%}\n');
    const paragraph = tree.children[0] as Paragraph;
    expect(paragraph.children.map((c) => c.type)).toEqual(['image']);
    expect(crossrefData(paragraph.children[0] as Image).attributes).toEqual({ id: 'fig:growth', width: '60%' });
    expect(mdToString(tree)).not.toContain('{');
  });

  it('reads a table caption after a blank line, on the line straight under the table, or before it', () => {
    for (const text of [
      '| a | b |\n|--|--|\n| 1 | 2 |\n\n: Costs by *office* {#tbl:costs widths="3,1"}\n',
      '| a | b |\n|--|--|\n| 1 | 2 |\n: Costs by *office* {#tbl:costs widths="3,1"}\n',
      '| a | b |\n|--|--|\n| 1 | 2 |\n\nTable: Costs by *office* {#tbl:costs widths="3,1"}\n',
      ': Costs by *office* {#tbl:costs widths="3,1"}\n\n| a | b |\n|--|--|\n| 1 | 2 |\n',
    ]) {
      const tree = parseMarkdown(text);
      // The caption stays in the tree, after its table, so every check reads it; it prints with the table.
      const table = tree.children.find((c) => c.type === 'table') as Table;
      const paragraph = tree.children.find((c) => c.type === 'paragraph');
      expect(tree.children).toHaveLength(2);
      expect(table.children).toHaveLength(2);
      const { caption, attributes } = crossrefData(table);
      expect(caption).toBe(paragraph);
      expect(crossrefData(caption as Paragraph).isCaption).toBe(true);
      expect(mdToString(caption)).toBe('Costs by office');
      expect(attributes).toEqual({ id: 'tbl:costs', widths: [0.75, 0.25] });
    }
  });

  it('gives a caption between two tables to the one before it', () => {
    const tree = parseMarkdown('| a |\n|--|\n| 1 |\n\n: First\n\n| b |\n|--|\n| 2 |\n');
    const [first, , second] = tree.children as Table[];
    expect(mdToString(crossrefData(first).caption)).toBe('First');
    expect(crossrefData(second).caption).toBeUndefined();
  });

  it('gives a heading its id and strips it; leaves braces that are not attributes', () => {
    const tree = parseMarkdown('## Costs {#sec:costs}\n\n## Sets {a, b}\n');
    const [costs, sets] = tree.children as Heading[];
    expect(mdToString(costs)).toBe('Costs');
    expect(crossrefData(costs).attributes).toEqual({ id: 'sec:costs' });
    expect(mdToString(sets)).toBe('Sets {a, b}');
  });

  it('finds @fig, @tbl and @sec references with their places, not e-mail addresses or words', () => {
    const tree = parseMarkdown('Line one.\nSee @fig:a, @Tbl:b and @sec:c.d. Mail name@example.com or x@fig:z.\n', 8);
    expect(references(tree).map((r) => [r.id, r.capital, r.position?.start.line, r.position?.start.column])).toEqual([
      ['fig:a', false, 9, 5],
      ['tbl:b', true, 9, 13],
      ['sec:c.d', false, 9, 24],
    ]);
    const paragraph = tree.children[0] as Paragraph;
    expect(paragraph.children.map((c) => c.type)).toEqual([
      'text',
      'crossReference',
      'text',
      'crossReference',
      'text',
      'crossReference',
      'text',
      'link',
      'text',
    ]);
    // Text-only readers (redlines, summaries) see a reference as written.
    expect(mdToString(tree)).toContain('See @fig:a, @Tbl:b and @sec:c.d. Mail name@example.com or x@fig:z.');
  });

  it('numbers figures with an id, captioned tables and sections (level 2, then 3 within)', async () => {
    const checked = await check(
      briefText({
        body: [
          '## One',
          '',
          '![A chart](chart.png){#fig:a}',
          '',
          '## Two {#sec:two}',
          '',
          '### Two point one {#sec:two-one}',
          '',
          '## Aside {#sec:aside .unnumbered}',
          '',
          '## Three {-}',
          '',
          '## Four {#sec:four}',
          '',
          '| a |\n|--|\n| 1 |\n\n: Uncaptioned ids are fine {#tbl:t}',
          '',
          'See @fig:a, @tbl:t, @sec:two, @sec:two-one, @sec:aside and @sec:four.',
          '',
        ].join('\n'),
      }),
    );
    expect(Object.fromEntries([...checked.targets].map(([id, t]) => [id, t.label]))).toEqual({
      'fig:a': 'Figure 1',
      'sec:two': 'section 2',
      'sec:two-one': 'section 2.1',
      // Unnumbered headings ({-}, {.unnumbered}) are named by their title and not counted.
      'sec:aside': '“Aside”',
      'sec:four': 'section 3',
      'tbl:t': 'Table 1',
    });
    expect(checked.tree.children.filter((n) => n.type === 'heading').map((n) => mdToString(n))).toContain('Three');
    // The heading's own id is the one links and the PDF use.
    expect(checked.tree.children.flatMap((n) => (n.type === 'heading' ? [n.data] : []))).toContainEqual(
      expect.objectContaining({ id: 'sec:two' }),
    );
  });
});

describe('a template that does not print the body (the brief card)', () => {
  it('lets a field name what the body numbers, to print unlinked; a reference to nothing is still an error', async () => {
    const body = '| a |\n|--|\n| 1 |\n\n: Costs {#tbl:costs}\n';
    const checked = await check(briefText({ summary: 'See @tbl:costs.', extra: 'template: brief-card\n', body }));
    expect(checked.targets.get('tbl:costs')).toMatchObject({ label: 'Table 1', unprinted: true });
    const diagnostics = await diagnosticsOfAsync(() =>
      check(briefText({ summary: 'See @tbl:cost.', extra: 'template: brief-card\n', body })),
    );
    expect(diagnostics.map(place)).toEqual([['CROSSREF_UNKNOWN', 6, 14]]);
    expect(diagnostics[0].hint).toBe('Did you mean "tbl:costs"?');
  });
});

// briefText's body starts on line 8.
describe('cross-reference problems, at their places', () => {
  it('an unknown reference, with a did-you-mean', async () => {
    const diagnostics = await problems('![A chart](chart.png){#fig:growth}\n\nAs @fig:grwth shows.\n');
    expect(diagnostics.map(place)).toEqual([['CROSSREF_UNKNOWN', 10, 4]]);
    expect(diagnostics[0].message).toBe('The reference "@fig:grwth" names no figure of this brief.');
    expect(diagnostics[0].hint).toBe('Did you mean "fig:growth"?');
  });

  it('a reference when there is nothing of its kind says how to make one', async () => {
    const diagnostics = await problems('See @tbl:costs.\n');
    expect(diagnostics.map(place)).toEqual([['CROSSREF_UNKNOWN', 8, 5]]);
    expect(diagnostics[0].hint).toContain(': Caption {#tbl:name}');
  });

  it('the same id twice, at the second', async () => {
    const diagnostics = await problems('## A {#sec:a}\n\n## B {#sec:a}\n');
    expect(diagnostics.map(place)).toEqual([['CROSSREF_DUPLICATE', 10, 1]]);
    expect(diagnostics[0].message).toBe('The id "#sec:a" is given twice (first at line 8).');
  });

  it('a bad width, an unknown key and a wrong prefix, each at its place', async () => {
    const diagnostics = await problems(
      '![A chart](chart.png){width=abc}\n\n![A chart](chart.png){#fig:b widht=50%}\n\n![A chart](chart.png){#tbl:c width=300%}\n',
    );
    expect(diagnostics.map(place)).toEqual([
      ['ATTRIBUTE_INVALID', 8, 29],
      ['ATTRIBUTE_INVALID', 10, 30],
      ['ATTRIBUTE_INVALID', 12, 23],
      ['ATTRIBUTE_INVALID', 12, 36],
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'The width "abc" is not a percentage or a length.',
      'A figure takes no attribute "widht": width.',
      'A figure\'s id starts with "fig:", not "#tbl:c".',
      'The width "300%" is wider than the text (at most 100%).',
    ]);
    expect(diagnostics[1].hint).toBe('Did you mean "width"?');
  });

  it('a class where none applies', async () => {
    const diagnostics = await problems('![A chart](chart.png){#fig:a .wide}\n');
    expect(diagnostics.map(place)).toEqual([['ATTRIBUTE_INVALID', 8, 30]]);
    expect(diagnostics[0].message).toBe('Classes (".wide") do not apply here.');
  });

  it('raw HTML in a caption, like anywhere else', async () => {
    const diagnostics = await problems('| a |\n|--|\n| 1 |\n\n: Costs <b>now</b>\n');
    expect(diagnostics.map(place)).toEqual([
      ['MARKDOWN_UNSUPPORTED', 12, 9],
      ['MARKDOWN_UNSUPPORTED', 12, 15],
    ]);
  });

  it('column widths that do not match the table, at the widths', async () => {
    const diagnostics = await problems('| a | b |\n|--|--|\n| 1 | 2 |\n\n: Costs {#tbl:c widths="1,2,3"}\n');
    expect(diagnostics.map(place)).toEqual([['ATTRIBUTE_INVALID', 12, 25]]);
    expect(diagnostics[0].message).toBe('The table has 2 columns, but widths="1,2,3" gives 3.');
  });

  it('attributes a space or a line away from their image: the image is inside text, and the hint says why', async () => {
    const diagnostics = await problems('![A chart](chart.png)\n{#fig:a width=50%}\n');
    expect(diagnostics.map(place)).toEqual([['IMAGE_INLINE', 8, 1]]);
    expect(diagnostics[0].hint).toContain('Attributes go straight after the image');
  });

  it('an image with a width is a figure, not an image inside text', async () => {
    const checked = await check(briefText({ body: '![A chart](chart.png){width=60%}\n' }));
    expect(checked.images.size).toBe(1);
  });
});
