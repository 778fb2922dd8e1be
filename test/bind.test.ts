/**
 * Binding PDFs (src/binding/bind.ts): two briefs built by the real command,
 * bound into one, read back with pdf.js, the structure checker and PDFBox
 * Preflight; and an untagged PDF from elsewhere as a part.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  type PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFString,
  rgb,
} from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFLIGHT_JARS } from '../scripts/system-packages.mjs';
import { bindPdfs, type Part } from '../src/binding/bind.ts';
import { nameTreeEntries, numberTreeEntries } from '../src/binding/trees.ts';
import { pdfaPart, readXmp } from '../src/distribution/xmp.ts';
import { FAMILIES } from '../src/pdf/fonts.ts';
import { briefText, makeWorkspace, repoRoot, runCli } from './helpers.ts';
import { type OutlineItem, readPdf, textFonts, unembeddedFonts } from './pdf.ts';
import { elements, readStructure, type StructElement, structureProblems } from './structure.ts';

const longParagraph = Array.from(
  { length: 40 },
  (_, i) => `Sentence ${i + 1} of a paragraph long enough to carry the brief over a page break.`,
).join(' ');
const alpha = briefText({
  title: 'Alpha brief',
  body: `## Background\n\nA first note.[^1] See [the outlook](#outlook).\n\n${longParagraph}\n\n## Outlook\n\nA last note.[^2] Back to [the background](#background).\n\n[^1]: First note of Alpha.\n[^2]: Second note of Alpha.\n`,
});
const beta = briefText({
  title: 'Beta brief',
  body: `## Background\n\nBeta's own note.[^1] See [the outlook](#outlook).\n\n### Detail\n\nMore detail.[^2]\n\n## Outlook\n\nThe end.\n\n[^1]: First note of Beta.\n[^2]: Second note of Beta.\n`,
});
const options = { title: 'Spring book', language: 'en-US', date: new Date('2021-04-01T00:00:00Z') };
const tab = (letter: string) => (n: number) => `Tab ${letter}, page ${n}`;

let dir: string;
const read = (file: string) => new Uint8Array(readFileSync(path.join(dir, file)));
const parts = (folder: string): Part[] => [
  { pdf: read(`${folder}/alpha.pdf`), title: 'Tab A: Alpha', pageStamp: tab('A') },
  { pdf: read(`${folder}/beta.pdf`), title: 'Tab B: Beta', pageStamp: tab('B') },
];

/** PDFBox Preflight's verdict (it validates PDF/A-1b only). */
function preflight(bytes: Uint8Array, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const result = spawnSync(
    'java',
    ['-cp', PREFLIGHT_JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', path.basename(file)],
    { cwd: dir, encoding: 'utf8' },
  );
  return `${result.stdout}${result.stderr}`;
}
const preflightErrors = (verdict: string) => verdict.split('\n').filter((line) => /^\d+(\.\d+)* : /.test(line));

/**
 * Every link with an internal destination: its page, the destination's name
 * and the page (1-based) it lands on, or null when it names no destination.
 */
async function internalLinks(bytes: Uint8Array) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const found: { page: number; name?: string; target: number | null }[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    for (const annotation of await (await pdf.getPage(n)).getAnnotations()) {
      if (annotation.subtype !== 'Link' || !annotation.dest) continue;
      const name = typeof annotation.dest === 'string' ? annotation.dest : undefined;
      const dest = (name ? await pdf.getDestination(name) : annotation.dest) as [{ num: number; gen: number }] | null;
      found.push({ page: n, name, target: dest ? (await pdf.getPageIndex(dest[0])) + 1 : null });
    }
  }
  await pdf.destroy();
  return found;
}

/**
 * What the parent tree says, checked against the pages: each page's marked
 * content maps to elements on that page, and each annotation's key to the
 * element holding that very annotation. Keys that were not moved past the
 * parts before them land on another part's elements.
 */
async function parentTreeProblems(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const tree = new Map(numberTreeEntries(root.lookup(PDFName.of('ParentTree'), PDFDict)));
  const problems: string[] = [];
  const deref = (object: PDFObject | undefined) => (object instanceof PDFRef ? doc.context.lookup(object) : object);
  /** Whether the element holds marked content `mcid` of the page: an MCID of its own page, or a reference to it. */
  const holds = (element: PDFDict, page: PDFRef, mcid: number) => {
    const kids = deref(element.get(PDFName.of('K')));
    return (kids instanceof PDFArray ? kids.asArray() : [kids]).some((kid) => {
      const value = deref(kid);
      if (value instanceof PDFNumber) return value.asNumber() === mcid && element.get(PDFName.of('Pg')) === page;
      return (
        value instanceof PDFDict &&
        value.get(PDFName.of('Pg')) === page &&
        (value.get(PDFName.of('MCID')) as PDFNumber | undefined)?.asNumber() === mcid
      );
    });
  };
  for (const [i, page] of doc.getPages().entries()) {
    const key = page.node.get(PDFName.of('StructParents'));
    const entry = key instanceof PDFNumber ? deref(tree.get(key.asNumber())) : undefined;
    if (!(entry instanceof PDFArray)) {
      problems.push(`page ${i + 1}: no parent tree entry for its marked content`);
      continue;
    }
    entry.asArray().forEach((element, mcid) => {
      const value = deref(element);
      if (value instanceof PDFDict && !holds(value, page.ref, mcid))
        problems.push(`page ${i + 1}: marked content ${mcid} belongs to another element`);
    });
    const annots = page.node.Annots();
    for (let a = 0; annots && a < annots.size(); a++) {
      const annot = annots.get(a);
      const structParent = (deref(annot) as PDFDict).get(PDFName.of('StructParent'));
      if (!(structParent instanceof PDFNumber)) continue;
      const element = deref(tree.get(structParent.asNumber()));
      const kids = element instanceof PDFDict ? deref(element.get(PDFName.of('K'))) : undefined;
      const tied = (kids instanceof PDFArray ? kids.asArray() : [kids]).some(
        (kid) => deref(kid) instanceof PDFDict && (deref(kid) as PDFDict).get(PDFName.of('Obj')) === annot,
      );
      if (!tied) problems.push(`page ${i + 1}, annotation ${a + 1}: its parent tree entry is not its element`);
    }
  }
  const next = (root.get(PDFName.of('ParentTreeNextKey')) as PDFNumber).asNumber();
  if (Math.max(...tree.keys()) >= next) problems.push(`ParentTreeNextKey ${next} is not past every key`);
  return problems;
}

/** The /T of each Part element under the Document. */
async function partTitles(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const document = root.lookup(PDFName.of('K'), PDFArray).lookup(0, PDFDict);
  const kids = document.lookup(PDFName.of('K'), PDFArray);
  return kids.asArray().map((_, i) => {
    const part = kids.lookup(i, PDFDict);
    return `${part.get(PDFName.of('S'))} ${(part.lookup(PDFName.of('T')) as PDFHexString | PDFString).decodeText()}`;
  });
}

const headingsOf = (element: StructElement | undefined) =>
  elements(element)
    .filter((e) => /^H\d$/.test(e.type))
    .map((e) => e.type);

const SAMPLE = 'briefs/russia-china-joint-statement.md';

beforeAll(() => {
  dir = makeWorkspace({ 'briefs/alpha.md': alpha, 'briefs/beta.md': beta });
  cpSync(path.join(repoRoot, SAMPLE), path.join(dir, SAMPLE));
  cpSync(path.join(repoRoot, 'test/fixtures/showcase/briefs'), path.join(dir, 'briefs'), { recursive: true });
  const pair = ['briefs/alpha.md', 'briefs/beta.md'];
  for (const args of [
    pair,
    ['--out', 'a1', '--conformance', 'PDF/A-1b', ...pair],
    ['--out', 'big', '--conformance', 'PDF/A-1b', SAMPLE, 'briefs/showcase.md'],
  ]) {
    const run = runCli(dir, args);
    expect(run.code, run.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two of our briefs bound into one', () => {
  let bound: Uint8Array;
  let sources: Awaited<ReturnType<typeof readPdf>>[];
  let book: Awaited<ReturnType<typeof readPdf>>;
  beforeAll(async () => {
    bound = await bindPdfs(parts('output'), options);
    sources = [await readPdf(read('output/alpha.pdf')), await readPdf(read('output/beta.pdf'))];
    book = await readPdf(bound);
  });

  it('has the pages of each part, in order, each stamped with its tab and page', () => {
    expect(sources[0].numPages).toBeGreaterThan(1);
    expect(book.numPages).toBe(sources[0].numPages + sources[1].numPages);
    const expected = sources.flatMap((source, s) =>
      source.pages.map((text, i) => ({ text, stamp: `Tab ${'AB'[s]}, page ${i + 1}` })),
    );
    book.pages.forEach((text, i) => {
      expect(text).toContain(expected[i].text.trim());
      expect(text).toContain(expected[i].stamp);
    });
  });

  it('sets the stamps in PT Sans, embedded and cut down to what they need', async () => {
    expect(await unembeddedFonts(bound)).toEqual([]);
    const stamps = (await textFonts(bound)).filter((run) => /^Tab [AB], page \d$/.test(run.text));
    expect(stamps.length).toBe(book.numPages);
    // pdf-lib names an embedded font after its PostScript name, with a number of its own.
    expect(new Set(stamps.map((run) => run.font.replace(/-\d+$/, '')))).toEqual(new Set(['PTSans-Regular']));
    // The whole face would add some 270 KB.
    expect(bound.length).toBeLessThan(read('output/alpha.pdf').length + read('output/beta.pdf').length + 40_000);
  });

  it('nests each part’s bookmarks under a bookmark of its own', () => {
    const shape = (items: OutlineItem[]): unknown => items.map((item) => [item.title, shape(item.items)]);
    expect(shape(book.outline)).toEqual([
      ['Tab A: Alpha', shape(sources[0].outline)],
      ['Tab B: Beta', shape(sources[1].outline)],
    ]);
    expect(shape(sources[1].outline)).toContainEqual(['Background', [['Detail', []]]]);
  });

  it('keeps every internal link, landing on a page of its own part', async () => {
    const before = [await internalLinks(read('output/alpha.pdf')), await internalLinks(read('output/beta.pdf'))];
    const after = await internalLinks(bound);
    const offset = sources[0].numPages;
    // Part by part, the same links to the same pages, moved by the pages before the part.
    const moved = (links: typeof after, by: number) =>
      links.map(({ page, target }) => [page + by, target === null ? null : target + by]);
    expect(moved(after, 0)).toEqual([...moved(before[0], 0), ...moved(before[1], offset)]);
    const resolved = after.filter((link) => link.target !== null);
    expect(resolved.filter((link) => link.page > offset).length).toBeGreaterThanOrEqual(3);
    for (const link of resolved) expect(link.page > offset, `${link.name}`).toBe((link.target as number) > offset);
    // Both parts have a footnote:1 and an outlook: named apart.
    const names = after.map((link) => link.name);
    expect(names).toContain('part-1/footnote:1');
    expect(names).toContain('part-2/footnote:1');
    expect(names).toContain('part-1/outlook');
    expect(names).toContain('part-2/outlook');
  });

  it('joins the structure trees: one Document, a Part per part holding that part’s headings', async () => {
    const report = await readStructure(bound);
    expect(structureProblems(report)).toEqual([]);
    expect(report.lang).toBe('en-US');
    expect(report.root?.type).toBe('Document');
    expect(report.root?.children.map((child) => child.type)).toEqual(['Part', 'Part']);
    expect(await partTitles(bound)).toEqual(['/Part Tab A: Alpha', '/Part Tab B: Beta']);
    const own = [await readStructure(read('output/alpha.pdf')), await readStructure(read('output/beta.pdf'))];
    report.root?.children.forEach((part, i) => {
      expect(headingsOf(part)).toEqual(own[i].headings);
      expect(part.children.map((e) => e.type)).toEqual(own[i].root?.children.map((e) => e.type));
    });
    expect(await parentTreeProblems(bound)).toEqual([]);
    // The parts' own roots are left behind.
    expect(new TextDecoder('latin1').decode(bound).match(/\/Type \/StructTreeRoot/g)).toHaveLength(1);
  });

  it('has the book’s title, language and date, and keeps the first part’s PDF/A claim', async () => {
    const doc = await PDFDocument.load(bound, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Spring book');
    expect(doc.getCreationDate()).toEqual(options.date);
    expect(doc.getModificationDate()).toEqual(options.date);
    expect(doc.getSubject()).toBeUndefined();
    const xmp = readXmp(doc) ?? '';
    expect(pdfaPart(xmp)).toBe(2);
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Spring book</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2021-04-01T00:00:00Z</xmp:CreateDate>');
    expect(xmp).not.toContain('Alpha brief');
    expect(doc.catalog.get(PDFName.of('OutputIntents'))).toBeInstanceOf(PDFArray);
    expect(book.info.Title).toBe('Spring book');
  });

  it('is the same, byte for byte, when bound again', async () => {
    const again = await bindPdfs(parts('output'), options);
    expect(Buffer.from(again).equals(Buffer.from(bound))).toBe(true);
    expect(new TextDecoder('latin1').decode(bound)).toMatch(/\/ID \[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]/i);
  });

  it('meets PDF/A as its parts do: PDFBox finds nothing the parts did not have already', () => {
    // PDFBox 2 validates PDF/A-1b only, so a PDF/A-2b part already "fails" on its identification and CIDSets.
    const own = new Set([
      ...preflightErrors(preflight(read('output/alpha.pdf'), 'alpha-2b.pdf')),
      ...preflightErrors(preflight(read('output/beta.pdf'), 'beta-2b.pdf')),
    ]);
    expect(own.size).toBeGreaterThan(0);
    expect(preflightErrors(preflight(bound, 'book-2b.pdf')).filter((line) => !own.has(line))).toEqual([]);
  });
});

describe('PDF/A-1b parts', () => {
  it('bind into a valid PDF/A-1b file', async () => {
    const bound = await bindPdfs(parts('a1'), options);
    expect(preflight(bound, 'book-a1.pdf')).toContain('is a valid PDF/A-1b file');
    // PDF/A-1 is PDF 1.4: the header is the parts' own.
    expect(new TextDecoder('latin1').decode(bound.subarray(0, 8))).toBe('%PDF-1.4');
    expect(structureProblems(await readStructure(bound))).toEqual([]);
  });
});

describe('the sample and the showcase bound (lists, tables, figures, scripts, a contents page, a watermark)', () => {
  let bound: Uint8Array;
  beforeAll(async () => {
    bound = await bindPdfs(
      [
        { pdf: read('big/russia-china-joint-statement.pdf'), title: 'Tab A: Joint statement', pageStamp: tab('A') },
        { pdf: read('big/showcase.pdf'), title: 'Tab B: Showcase', pageStamp: tab('B') },
      ],
      options,
    );
  });

  it('pass the structure checks, with a parent tree that matches the pages, and Preflight', async () => {
    expect(structureProblems(await readStructure(bound))).toEqual([]);
    expect(await parentTreeProblems(bound)).toEqual([]);
    expect(preflight(bound, 'book-big.pdf')).toContain('is a valid PDF/A-1b file');
  });

  it('keep every link of each part inside that part', async () => {
    const offset = (await readPdf(read('big/russia-china-joint-statement.pdf'))).numPages;
    const links = (await internalLinks(bound)).filter((link) => link.target !== null);
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) expect(link.page > offset, `${link.name}`).toBe((link.target as number) > offset);
  });
});

describe('an untagged PDF from elsewhere as a part', () => {
  /**
   * Two pages of text, as a PDF another tool made: no structure tree, no
   * bookmarks, an embedded font, printable links (PDF/A asks that of them); on its first page a link to a web page and
   * one to its second page through a named destination of the older kind
   * (the catalog's /Dests dictionary).
   */
  async function outsidePdf(): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(readFileSync(FAMILIES['PT Sans'].files().regular), { subset: false });
    const pages = ['Schedule, day one', 'Schedule, day two'].map((line) => {
      const page = doc.addPage([612, 792]);
      page.drawText(line, { x: 72, y: 700, size: 14, font, color: rgb(0, 0, 0) });
      return page;
    });
    const link = (rect: number[], target: Record<string, unknown>) =>
      doc.context.register(
        doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Border: [0, 0, 0], F: 4, ...target }),
      );
    pages[0].node.set(
      PDFName.of('Annots'),
      doc.context.obj([
        link([72, 690, 200, 720], { Dest: PDFName.of('day (two)') }),
        link([72, 650, 200, 680], { A: { S: 'URI', URI: PDFString.of('https://example.org/schedule') } }),
      ]),
    );
    doc.catalog.set(PDFName.of('Dests'), doc.context.obj({ 'day (two)': [pages[1].ref, 'XYZ', 72, 720, null] }));
    return doc.save({ useObjectStreams: false });
  }

  let bound: Uint8Array;
  beforeAll(async () => {
    bound = await bindPdfs(
      [
        { pdf: read('a1/alpha.pdf'), title: 'Tab A: Alpha', pageStamp: tab('A') },
        { pdf: await outsidePdf(), title: 'Tab B: Schedule', pageStamp: tab('B') },
      ],
      options,
    );
  });

  it('is tagged as one figure with a description, and the result passes the structure checks', async () => {
    const report = await readStructure(bound);
    expect(structureProblems(report)).toEqual([]);
    const [, schedule] = report.root?.children ?? [];
    expect(schedule.children.map((e) => [e.type, e.alt])).toEqual([
      ['Figure', 'Attachment: Tab B: Schedule, 2 pages'],
      ['Link', undefined],
      ['Link', undefined],
    ]);
    expect(await parentTreeProblems(bound)).toEqual([]);
    expect(schedule.children.filter((e) => e.annotations === 1)).toHaveLength(2);
  });

  it('keeps its links: the one inside it lands on its own second page', async () => {
    const offset = (await readPdf(read('a1/alpha.pdf'))).numPages;
    const links = (await internalLinks(bound)).filter((link) => link.page > offset);
    expect(links).toEqual([{ page: offset + 1, name: 'part-2/day (two)', target: offset + 2 }]);
  });

  it('is bookmarked and stamped, and the result is still valid PDF/A-1b', async () => {
    const book = await readPdf(bound);
    expect(book.outline.map((item) => item.title)).toEqual(['Tab A: Alpha', 'Tab B: Schedule']);
    const pages = book.pages.slice(-2);
    expect(pages[0]).toContain('Schedule, day one');
    expect(pages[1]).toContain('Tab B, page 2');
    expect(preflight(bound, 'book-outside.pdf')).toContain('is a valid PDF/A-1b file');
  });
});

describe('role maps and element identifiers', () => {
  /** A one-page tagged PDF with a role map (Para → P) and an element identifier, as other tools write them. */
  async function taggedPdf(): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(readFileSync(FAMILIES['PT Sans'].files().regular), { subset: false });
    const page = doc.addPage([612, 792]);
    page.drawText('Introduction', { x: 72, y: 700, size: 14, font });
    page.node.wrapContentStreams(
      doc.context.register(doc.context.stream('/Para <</MCID 0>> BDC\n')),
      doc.context.register(doc.context.stream('\nEMC\n')),
    );
    const { context } = doc;
    const root = context.nextRef();
    const document = context.nextRef();
    const para = context.register(
      context.obj({ Type: 'StructElem', S: 'Para', P: document, Pg: page.ref, K: [0], ID: PDFString.of('intro') }),
    );
    context.assign(document, context.obj({ Type: 'StructElem', S: 'Document', P: root, K: [para] }));
    context.assign(
      root,
      context.obj({
        Type: 'StructTreeRoot',
        K: [document],
        ParentTree: { Nums: [0, [para]] },
        ParentTreeNextKey: 1,
        RoleMap: { Para: PDFName.of('P') },
        IDTree: { Names: [PDFString.of('intro'), para] },
      }),
    );
    page.node.set(PDFName.of('StructParents'), PDFNumber.of(0));
    doc.catalog.set(PDFName.of('StructTreeRoot'), root);
    doc.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
    return doc.save({ useObjectStreams: false });
  }

  it('are joined: one role map, each identifier prefixed with its part and naming its own element', async () => {
    const pdf = await taggedPdf();
    const bound = await bindPdfs(
      [
        { pdf, title: 'One' },
        { pdf, title: 'Two' },
      ],
      options,
    );
    expect(await parentTreeProblems(bound)).toEqual([]);
    const doc = await PDFDocument.load(bound, { updateMetadata: false });
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    expect(String(root.lookup(PDFName.of('RoleMap'), PDFDict).get(PDFName.of('Para')))).toBe('/P');
    const ids = nameTreeEntries(root.lookup(PDFName.of('IDTree'), PDFDict));
    expect(ids.map(([key]) => key.decodeText())).toEqual(['part-1/intro', 'part-2/intro']);
    const parts = ids.map(([key, ref]) => {
      const element = doc.context.lookup(ref, PDFDict);
      expect((element.lookup(PDFName.of('ID')) as PDFString).decodeText()).toBe(key.decodeText());
      const part = element.lookup(PDFName.of('P'), PDFDict);
      return (part.lookup(PDFName.of('T')) as PDFHexString).decodeText();
    });
    expect(parts).toEqual(['One', 'Two']);
  });
});
