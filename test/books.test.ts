/**
 * Briefing books: briefs bound into one PDF with a cover, contents, dividers,
 * per-tab and continuous page numbers, nested bookmarks, and markings derived
 * from the briefs. Built by the real command; read back with pdf.js.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { briefText, commitAll, makeWorkspace, runCli, writeFile } from './helpers.ts';
import { readPdf } from './pdf.ts';
import { readStructure, structureProblems } from './structure.ts';

const BOOK = `title: The spring book
occasion: A review
date: 2021-04-01
preparedFor: The Director
tabs:
  - brief: ../briefs/one.md
  - title: Two briefs
    briefs:
      - brief: ../briefs/two.md
      - brief: ../briefs/one.md
        template: brief-card
        title: One on a card
  - title: Key dates
    page: key-dates.md
`;

function workspace(book = BOOK, two = '') {
  const dir = makeWorkspace({
    'briefs/one.md': briefText({ title: 'Brief one', body: '## First\n\nText of one.\n' }),
    'briefs/two.md': briefText({
      title: 'Brief two',
      extra: two,
      body: '## Second\n\nText of two; see [brief one](one.md).\n',
    }),
    'books/spring.yaml': book,
    'books/key-dates.md': '## Key dates\n\n| Date | Event |\n|:--|:--|\n| March 23 | Guilin |\n',
  });
  return dir;
}

const errors = (stderr: string) =>
  [...stderr.matchAll(/^(\S+:\d+:\d+): error: .*\[(\w+)\]$/gm)].map((m) => `${m[1]} ${m[2]}`);

describe('a briefing book', () => {
  it('binds a cover, contents, a divider per tab and each brief in its own template, numbered per tab and throughout', async () => {
    const dir = workspace(BOOK, 'classification: CONFIDENTIAL\n');
    const run = runCli(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('books/spring.yaml → output/books/spring.pdf');
    const bytes = readFileSync(path.join(dir, 'output/books/spring.pdf'));
    const pdf = await readPdf(bytes);
    const lines = pdf.pages.map((page) => page.split('\n'));
    // The cover carries the highest marking of the book's briefs.
    expect(lines[0]).toEqual(expect.arrayContaining(['BRIEFING BOOK', 'The spring book', 'CONFIDENTIAL']));
    // Contents: each tab's first page, as it is in the book.
    const contents = pdf.pages[1];
    for (const [letter, title] of [
      ['A', 'Brief one'],
      ['B', 'Two briefs'],
      ['C', 'Key dates'],
    ]) {
      const row = new RegExp(`^${letter} ${title} (\\d+)$`, 'm').exec(contents);
      expect(row, `${letter} in ${contents}`).not.toBeNull();
      const page = Number(row?.[1]);
      expect(lines[page - 1], `page ${page}`).toContain(`TAB ${letter}`);
      expect(lines[page - 1]).toContain(`${letter}-1 · page ${page}`);
    }
    expect(contents).toMatch(/Contents and versions/);
    // Every page after the front pages is numbered in its tab and in the book.
    for (const [i, page] of pdf.pages.slice(2).entries()) {
      expect(page).toMatch(new RegExp(`[A-C]-\\d+ · page ${i + 3}$`, 'm'));
    }
    expect(pdf.outline.map((item) => item.title)).toEqual([
      'The spring book',
      'Tab A: Brief one',
      'Tab B: Two briefs',
      'Tab C: Key dates',
    ]);
    expect(pdf.outline[2].items.map((item) => item.title)).toEqual(['Brief two', 'One on a card']);
    expect(pdf.outline[1].items[0].items.map((item) => item.title)).toContain('First');
    expect(structureProblems(await readStructure(bytes))).toEqual([]);
    // Brief two's link to brief one opens brief one's first page in the book.
    const doc = await PDFDocument.load(bytes);
    const onePage = lines.findIndex((page) => page.includes('Text of one.'));
    const twoPage = lines.findIndex((page) => page.includes('Text of two; see brief one.'));
    const targets = (doc.getPage(twoPage).node.Annots()?.asArray() ?? []).flatMap((ref) => {
      const dest = doc.context.lookup(ref, PDFDict).lookupMaybe(PDFName.of('Dest'), PDFArray);
      return dest ? [doc.getPages().findIndex((page) => page.ref === dest.get(0))] : [];
    });
    expect(targets).toContain(onePage);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'output/manifest.json'), 'utf8'));
    expect(manifest.pdfs.map((e: { pdf: string }) => e.pdf)).toContain('books/spring.pdf');
    // Nothing changed: the book is not bound again.
    expect(runCli(dir).stdout).toMatch(/books\/spring\.yaml → output\/books\/spring\.pdf \(\d+ pages, unchanged\)/);
  }, 180_000);

  it('derives its markings: never below its highest brief, DRAFT with a draft brief, held back naming the brief', async () => {
    const low = workspace(`classification: UNCLASSIFIED\n${BOOK}`, 'classification: SECRET\n');
    const run = runCli(low, ['books/spring.yaml']);
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual(['books/spring.yaml:1:17 BOOK_CLASSIFICATION_LOW']);
    expect(run.stderr).toContain('briefs/two.md (Tab B), which is SECRET');
    const held = runCli(workspace(BOOK, 'classification: SECRET\n'), [
      '--release-level',
      'CONFIDENTIAL',
      'books/spring.yaml',
    ]);
    expect(held.stdout).toContain(
      'books/spring.yaml held back: its classification SECRET is above the release level CONFIDENTIAL: briefs/two.md (Tab B) is SECRET',
    );
    const draft = workspace(BOOK, 'status: draft\n');
    expect(runCli(draft, ['books/spring.yaml']).code).toBe(0);
    const cover = (await readPdf(readFileSync(path.join(draft, 'output/books/spring.pdf')))).pages[0];
    expect(cover).toContain('DRAFT');
    // A page of the book's own changed since its last commit: the book is a draft too.
    const committed = workspace();
    commitAll(committed);
    const coverOf = async () => {
      expect(runCli(committed, ['books/spring.yaml']).code).toBe(0);
      return (await readPdf(readFileSync(path.join(committed, 'output/books/spring.pdf')))).pages[0];
    };
    expect(await coverOf()).not.toContain('DRAFT');
    writeFile(committed, 'books/key-dates.md', '## Key dates\n\nChanged.\n');
    expect(await coverOf()).toContain('DRAFT');
  }, 180_000);

  it('takes its briefs from the build cache, and is the same book byte for byte as one that draws them', async () => {
    const fresh = workspace();
    expect(runCli(fresh, ['books/spring.yaml']).code).toBe(0);
    const drawn = readFileSync(path.join(fresh, 'output/books/spring.pdf'));
    const cached = workspace();
    // Briefs first: their PDFs are in the cache when the book is built.
    expect(runCli(cached, ['briefs', '--template', 'brief-card']).code).toBe(0);
    expect(runCli(cached, ['briefs']).code).toBe(0);
    expect(runCli(cached, ['books/spring.yaml']).code).toBe(0);
    expect(readFileSync(path.join(cached, 'output/books/spring.pdf')).equals(drawn)).toBe(true);
    // What the cache holds for brief one is what the book binds: put another PDF in its place and see it.
    const records = path.join(cached, 'output/.cache/briefs');
    const record = readdirSync(records)
      .map((f) => JSON.parse(readFileSync(path.join(records, f), 'utf8')))
      .find((r) => r.output === 'one.pdf');
    const object = path.join(cached, 'output/.cache/pdf', record.key.slice(0, 2), `${record.key}.pdf`);
    const other = workspace();
    writeFile(other, 'briefs/one.md', briefText({ title: 'Brief one', body: '## First\n\nTaken from the cache.\n' }));
    expect(runCli(other, ['briefs/one.md']).code).toBe(0);
    writeFileSync(object, readFileSync(path.join(other, 'output/one.pdf')));
    writeFile(cached, 'books/spring.yaml', `${BOOK}# changed\n`);
    expect(runCli(cached, ['books/spring.yaml']).code).toBe(0);
    const text = (await readPdf(readFileSync(path.join(cached, 'output/books/spring.pdf')))).text;
    expect(text).toContain('Taken from the cache.');
  }, 180_000);

  it('makes a named copy for each reader the book names', () => {
    const dir = workspace(`${BOOK}distribution:\n  - name: Anna Petrova\n`);
    const run = runCli(dir, ['--copies', 'books/spring.yaml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 named copy');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'output/manifest.json'), 'utf8'));
    expect(manifest.pdfs.map((e: { pdf: string }) => e.pdf)).toEqual([
      'books/spring.pdf',
      'books/spring/copies/01-anna-petrova.pdf',
    ]);
  }, 120_000);

  it('is compared brief by brief: --compare makes a redline of each of its briefs', () => {
    const dir = workspace();
    commitAll(dir);
    writeFile(dir, 'briefs/two.md', briefText({ title: 'Brief two', body: '## Second\n\nNew text of two.\n' }));
    const run = runCli(dir, ['--compare', 'HEAD', 'books/spring.yaml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('output/one.changes-since-HEAD.pdf');
    expect(run.stdout).toContain('output/two.changes-since-HEAD.pdf');
  }, 120_000);

  it('reports a book that is not valid, and a tab it cannot carry, at their places', () => {
    const dir = workspace(
      BOOK.replace('occasion: A review', 'ocasion: A review').replace('../briefs/two.md', '../../two.md'),
    );
    const run = runCli(dir, ['books/spring.yaml']);
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual(['books/spring.yaml:1:1 BOOK_INVALID']);
    writeFile(dir, 'books/spring.yaml', BOOK.replace('../briefs/two.md', '../../two.md'));
    expect(errors(runCli(dir, ['books/spring.yaml']).stderr)).toEqual(['books/spring.yaml:9:16 BOOK_TAB_INVALID']);
  }, 120_000);
});
