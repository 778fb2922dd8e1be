import type { FootnoteDefinition, FootnoteReference, Root, Text } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { resolveCitations } from '../../src/citations/cite.ts';
import { frontMatterLibrary, parseBibliography } from '../../src/citations/library.ts';
import { findQuotation } from '../../src/citations/quotes.ts';
import { readSourceText } from '../../src/citations/source-text.ts';
import { findCitations } from '../../src/citations/syntax.ts';
import { eachNode, parseMarkdown } from '../../src/stages/markdown.ts';
import { themeSchema } from '../../src/theme.ts';
import { writeFile } from '../helpers.ts';
import { tempFolder } from '../temp.ts';

const texts = (tree: Root) => {
  const found: string[] = [];
  eachNode(tree, (node) => {
    if (node.type === 'text') found.push((node as Text).value);
  });
  return found;
};
const keys = (markdown: string) => texts(parseMarkdown(markdown)).flatMap((t) => findCitations(t).map((c) => c.items));

describe('citations in Pandoc syntax, in text as remark parses it', () => {
  it('reads keys, locators, prefixes, suffixes and several sources', () => {
    expect(keys('As argued.[@joscelyn]')).toEqual([[{ id: 'joscelyn', at: 11 }]]);
    expect(keys('See [@smith2021, p. 4].')).toEqual([[{ id: 'smith2021', at: 5, locator: '4', label: 'page' }]]);
    expect(keys('[see @a; @b, chap. 2, and later]')).toEqual([
      [
        { id: 'a', at: 5, prefix: 'see' },
        { id: 'b', at: 9, locator: '2', label: 'chapter', suffix: 'and later' },
      ],
    ]);
    expect(keys('[-@a, 33–35]')).toEqual([[{ id: 'a', at: 2, suppressAuthor: true, locator: '33–35', label: 'page' }]]);
  });

  it('leaves cross-references, e-mail addresses, links and plain brackets alone', () => {
    expect(keys('As @fig:chart and [@tbl:costs] and [@sec:intro; @fig:a] show.')).toEqual([]);
    expect(keys('Write to [analyst@example.org] or [the desk: desk@example.org].')).toEqual([]);
    expect(keys('A [link @a](https://example.org) and [x@y] and [some; words].')).toEqual([]);
  });
});

const sources = {
  sources: [
    {
      id: 'joscelyn',
      title: 'Why We Should Be Worried',
      author: 'Tom Joscelyn',
      publisher: 'Just Security',
      date: '2021-03-29',
    },
    { id: 'smith', title: 'A Report', author: 'Ann Smith', date: 2019 },
  ],
  language: 'en',
} as Parameters<typeof frontMatterLibrary>[0];

function cite(markdown: string, style?: string) {
  const tree = parseMarkdown(markdown);
  const theme = themeSchema.parse(style ? { citations: { style } } : {});
  resolveCitations([tree], frontMatterLibrary(sources), theme, 'en');
  return tree;
}

describe('citations formatted by citeproc-js', () => {
  it('makes notes in Chicago style: in full at first, short after, numbered in order', () => {
    const tree = cite('One.[@joscelyn, p. 4] Two [see @smith]. Three.[@joscelyn]\n');
    const refs: string[] = [];
    eachNode(tree, (n) => {
      if (n.type === 'footnoteReference') refs.push((n as FootnoteReference).identifier);
    });
    expect(refs).toEqual(['citation-1', 'citation-2', 'citation-3']);
    expect(mdToString(tree.children[0])).toBe('One. Two. Three.');
    const notes = tree.children.filter((n): n is FootnoteDefinition => n.type === 'footnoteDefinition');
    expect(notes.map((n) => mdToString(n))).toEqual([
      'Tom Joscelyn, “Why We Should Be Worried,” Just Security, March 29, 2021, 4.',
      'See Ann Smith, “A Report,” 2019.',
      'Joscelyn, “Why We Should Be Worried.”',
    ]);
    // The outlet is in italics, as the style says.
    expect(JSON.stringify(notes[0])).toContain('"type":"emphasis"');
  });

  it('prints a web address as written, and links it', () => {
    const url = 'https://example.org/report_2021?a=1&b=2';
    const library = frontMatterLibrary({ ...sources, sources: [{ id: 'web', title: 'A Page', url }] });
    const tree = parseMarkdown('Claim.[@web]\n');
    resolveCitations([tree], library, themeSchema.parse({}), 'en');
    const links: string[] = [];
    eachNode(tree, (n) => {
      if (n.type === 'link') links.push(`${n.url} ${mdToString(n)}`);
    });
    expect(links).toEqual([`${url} ${url}`]);
  });

  it('puts author–date citations in the sentence in an author–date style', () => {
    const tree = cite('As argued [@joscelyn; @smith, p. 3].\n', 'apa');
    expect(mdToString(tree)).toBe('As argued (Joscelyn, 2021; Smith, 2019, p. 3).');
    expect(tree.children.some((n) => n.type === 'footnoteDefinition')).toBe(false);
  });

  it('sets a citation inside a footnote in that note, not in a note of its own', () => {
    const tree = cite('Text.[^a]\n\n[^a]: As argued in [@smith].\n');
    expect(tree.children.filter((n) => n.type === 'footnoteDefinition')).toHaveLength(1);
    expect(mdToString(tree.children[1])).toBe('As argued in Ann Smith, “A Report,” 2019.');
  });

  it('leaves a citation of an unknown key as written', () => {
    expect(mdToString(cite('Text [@nobody].\n'))).toBe('Text [@nobody].');
  });
});

describe('bibliography files', () => {
  it('reads BibTeX as Zotero exports it, and CSL JSON', async () => {
    const bib = await parseBibliography(
      '@article{joscelyn2021,\n\ttitle = {Why {We} {Should} {Be} {Worried}},\n\tjournaltitle = {Just Security},\n\tauthor = {Joscelyn, Tom},\n\tdate = {2021-03-29},\n}\n',
      'refs.bib',
    );
    expect(bib).toEqual({
      items: [
        expect.objectContaining({
          id: 'joscelyn2021',
          title: 'Why We Should Be Worried',
          author: [{ given: 'Tom', family: 'Joscelyn' }],
        }),
      ],
    });
    const json = await parseBibliography('[{"id": "a", "type": "book", "title": "A"}]', 'refs.json');
    expect(json).toEqual({ items: [{ id: 'a', type: 'book', title: 'A' }] });
  });

  it('says why a file cannot be read', async () => {
    expect(await parseBibliography('@article{x, title = {unclosed', 'refs.bib')).toMatchObject({
      error: expect.stringContaining('not valid BibTeX'),
    });
    expect(await parseBibliography('no entries here', 'refs.bib')).toMatchObject({
      error: 'it holds no BibTeX entries.',
    });
    expect(await parseBibliography('[{"title": "no id"}]', 'refs.json')).toMatchObject({
      error: 'entry 1 has no "id".',
    });
  });
});

const commentary = {
  name: 'commentary.txt',
  text: [
    'Lavrov boasted that Russia and China continued “their close and fruitful',
    'cooperation in virtually all spheres on the international stage.” He also',
    'stressed conducting business "in national and international currencies',
    'other than the dollar" — and said that international law is an impor-',
    'tant condition for the further development of humanity.',
  ].join('\n'),
};

describe('quotations checked against their source', () => {
  const found = (quote: string) => findQuotation(quote, commentary).found;

  it('finds a quotation verbatim across line breaks, quotation marks, dashes and hyphenation', () => {
    expect(found('their close and fruitful cooperation in virtually all spheres')).toBe(true);
    expect(found('international currencies other than the dollar" - and said')).toBe(true);
    expect(found('an important condition for the further development of humanity.')).toBe(true);
  });

  it('allows [brackets] for editorial changes and … for omissions', () => {
    expect(found('[i]nternational law is an important condition')).toBe(true);
    expect(found('other than the [U.S.] dollar')).toBe(true);
    expect(found('their close and fruitful cooperation … on the international stage')).toBe(true);
    expect(found('their close and fruitful cooperation ... on the international stage')).toBe(true);
  });

  it('refuses changed words or order, and shows the closest passage and its line', () => {
    expect(found('their close and fruitful cooperation in virtually every sphere')).toBe(false);
    expect(found('fruitful and close cooperation')).toBe(false);
    expect(findQuotation('cooperation in nearly all spheres on the international stage', commentary)).toEqual({
      found: false,
      closest: { passage: 'cooperation in virtually all spheres on the international stage.”', place: 'line 2' },
    });
  });

  it('is fast on a source of 100 KB', () => {
    const filler = 'Words of a long commentary that says nothing in particular, again and again. ';
    const big = { name: 'big.txt', text: filler.repeat(1300) + commentary.text };
    expect(big.text.length).toBeGreaterThan(100_000);
    const started = performance.now();
    expect(findQuotation('their close and fruitful cooperation in virtually all spheres', big).found).toBe(true);
    const missing = findQuotation('a passage that the commentary never holds at all', big);
    expect(missing.found).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads a PDF source page by page and names the page of the closest passage', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (const line of ['A first page of nothing much.', 'Democracy is one of the achievements of humanity.']) {
      pdf.addPage().drawText(line, { x: 50, y: 700, size: 12, font });
    }
    const dir = tempFolder('source-pdf-');
    writeFile(dir, 'statement.pdf', await pdf.save());
    const source = await readSourceText(`${dir}/statement.pdf`, 'statement.pdf');
    if ('error' in source) throw new Error(source.error);
    expect(findQuotation('Democracy is one of the achievements of humanity.', source).found).toBe(true);
    expect(findQuotation('Democracy is one of the triumphs of humanity.', source)).toEqual({
      found: false,
      closest: { passage: expect.stringContaining('Democracy is one of the'), place: 'page 2' },
    });
  });
});
