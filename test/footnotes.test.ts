/**
 * Footnotes at the foot of the page that cites them, settled page by page in
 * one layout pass (src/pdf/page-notes.tsx): built with the real CLI from a
 * generated report with a note about every 150 words, and read back from the PDF.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBrief } from '../bench/generate.ts';
import { makeWorkspace, runCli } from './helpers.ts';
import { readPdf, textItems } from './pdf.ts';

describe('footnotes in a long report', () => {
  let pdf: Awaited<ReturnType<typeof readPdf>>;
  let items: Awaited<ReturnType<typeof textItems>>;
  const text = generateBrief(3, 24, { report: true });
  const notes = text.match(/^\[\^n\d+\]:/gm)?.length ?? 0;

  beforeAll(async () => {
    const dir = makeWorkspace({ 'briefs/report.md': text });
    const result = runCli(dir, ['briefs/report.md']);
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(path.join(dir, 'output', 'report.pdf'));
    pdf = await readPdf(bytes);
    items = await textItems(bytes);
  });

  /** Note number → page, from the links: a reference links to its note, a note back to its reference. */
  const pagesOf = (prefix: string) =>
    new Map(
      pdf.links
        .filter((link) => String(link.dest).startsWith(prefix))
        .map((link) => [Number(String(link.dest).slice(prefix.length)), link.page]),
    );

  it('sets every note on the page that cites it, or the next when it would push its reference over', () => {
    const references = pagesOf('footnote:');
    const placed = pagesOf('footnote-ref:');
    expect(notes).toBeGreaterThan(40);
    expect(placed.size).toBe(notes);
    const late: number[] = [];
    for (const [n, page] of placed) {
      const cited = references.get(n) ?? 0;
      expect([cited, cited + 1], `note ${n}`).toContain(page);
      if (page !== cited) late.push(n);
    }
    // Most notes share their reference's page: deferring is for a reference at the foot of a page.
    expect(late.length).toBeLessThan(notes / 10);
  });

  it('leaves room for each page’s notes: no line of the text runs into them', () => {
    // The body's size is the commonest; a note starts with its number, "12.", set smaller.
    const sizes = new Map<number, number>();
    for (const { size } of items) sizes.set(size, (sizes.get(size) ?? 0) + 1);
    const body = [...sizes].sort((a, b) => b[1] - a[1])[0][0];
    let pagesWithNotes = 0;
    for (let page = 1; page <= pdf.numPages; page++) {
      const here = items.filter((item) => item.page === page);
      const noteTops = here
        .filter((item) => /^\d+\.$/.test(item.str) && item.size < body)
        .map((item) => item.y - item.size);
      if (noteTops.length === 0) continue;
      pagesWithNotes++;
      const lowestLine = Math.max(...here.filter((item) => item.size === body).map((item) => item.y));
      expect(lowestLine, `page ${page}`).toBeLessThan(Math.min(...noteTops));
    }
    expect(pagesWithNotes).toBeGreaterThan(pdf.numPages / 2);
  });

  it('prints each page’s notes in number order, and each once', () => {
    const printed = pdf.pages.map((page) => [...page.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1])));
    for (const numbers of printed) expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const all = printed.flat();
    for (let n = 1; n <= notes; n++) expect(all.filter((k) => k === n).length, `note ${n}`).toBeGreaterThanOrEqual(1);
    expect(new Set(pagesOf('footnote-ref:').keys()).size).toBe(notes);
  });
});
