import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, outsideGitNote, repoRoot, runCli } from './helpers.ts';
import { flat, readPdf } from './pdf.ts';

const BRIEF = 'briefs/russia-china-joint-statement.md';

describe('the sample brief, end to end', () => {
  let dir: string;
  let bytes: Buffer;
  let pdf: Awaited<ReturnType<typeof readPdf>>;
  let stdout: string;

  beforeAll(async () => {
    dir = makeWorkspace({ [BRIEF]: readFileSync(path.join(repoRoot, BRIEF), 'utf8') });
    const run = runCli(dir);
    expect(run.stderr).toBe(outsideGitNote);
    expect(run.code).toBe(0);
    stdout = run.stdout;
    bytes = readFileSync(path.join(dir, 'output/russia-china-joint-statement.pdf'));
    pdf = await readPdf(bytes);
  }, 60_000);

  it('reports the brief and a summary on stdout', () => {
    expect(stdout).toMatch(
      /^briefs\/russia-china-joint-statement\.md → output\/russia-china-joint-statement\.pdf \(\d pages, \d+ ms\)$/m,
    );
    expect(stdout).toMatch(/^1 of 1 brief built in [\d.]+ s\.$/m);
  });

  it('is a memo of two to five pages', () => {
    expect(pdf.numPages).toBeGreaterThanOrEqual(2);
    expect(pdf.numPages).toBeLessThanOrEqual(5);
    expect(stdout).toContain(`(${pdf.numPages} pages,`);
  });

  it('carries the metadata from front matter', () => {
    expect(pdf.info.Title).toBe('Russia–China Joint Statement on Global Governance: Reading the Subtext');
    expect(pdf.info.Author).toBe('Policy Analysis Staff, Russia and China Team');
    expect(pdf.info.Subject).toBe('How Moscow and Beijing borrow liberal language to deflect Western criticism');
    expect(pdf.info.Keywords).toContain('global governance');
    expect(bytes.toString('latin1')).toMatch(/\/Lang \(en\)/);
    expect(pdf.info.CreationDate).toBe('D:20210329000000Z');
  });

  it('embeds every font and names no built-in Helvetica', () => {
    const raw = bytes.toString('latin1');
    const fonts = [...raw.matchAll(/\/BaseFont \/([A-Z]{6}\+)?([\w-]+)/g)].map((m) => m[2]);
    expect(new Set(fonts)).toEqual(
      new Set(['PTSans-Bold', 'PTSans-Regular', 'PTSerif-Regular', 'PTSerif-Bold', 'PTSerif-Italic']),
    );
    expect(raw.match(/\/FontFile2/g)?.length).toBe(new Set(fonts).size);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('has the memo block, the bottom line, and key sentences in reading order', () => {
    const text = flat(pdf.text);
    const order = [
      'INFORMATION MEMO',
      'TO Director, Policy Planning',
      'SUBJECT Russia–China Joint Statement on Global Governance',
      'BOTTOM LINE',
      'Background',
      'Analysis',
      '1. Human rights',
      '“All human rights are universal, indivisible and interrelated.”',
      '2. Democracy',
      '3. International law',
      '4. The UN-centred international order',
      'Recommendations',
      'Sources',
      'Why We Should Be Worried About Russia and China Working So Closely',
      'Prepared by Policy Analysis Staff',
    ];
    let from = 0;
    for (const phrase of order) {
      const at = text.indexOf(phrase, from);
      expect(at, `"${phrase}" after position ${from}`).toBeGreaterThan(-1);
      from = at + phrase.length;
    }
  });

  it('marks every page with the classification, a footer and page numbers', () => {
    pdf.pages.forEach((page, i) => {
      expect(page.match(/UNCLASSIFIED/g)?.length, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
      expect(page).toContain(`Page ${i + 1} of ${pdf.numPages}`);
      expect(page).toContain('March 29, 2021');
      if (i > 0) expect(page).toContain('Russia–China Joint Statement');
    });
  });

  it('has an outline of its headings, nested by level', () => {
    const top = pdf.outline.map((item) => item.title);
    expect(top).toEqual(['Background', 'Outlook', 'Analysis', 'Recommendations', 'Sources']);
    const analysis = pdf.outline.find((item) => item.title === 'Analysis');
    expect(analysis?.items.map((item) => item.title)).toEqual([
      '1. Human rights',
      '2. Democracy',
      '3. International law',
      '4. The UN-centred international order',
    ]);
  });

  it('cites its source in notes: in full at the first citation, short after, at the foot of the page', () => {
    const first = flat(pdf.pages[0]);
    const full = first.indexOf(
      '1. Tom Joscelyn, “Why We Should Be Worried About Russia and China Working So Closely,”',
    );
    expect(full).toBeGreaterThan(first.indexOf('United States.1'));
    expect(full).toBeLessThan(first.indexOf('Page 1 of'));
    expect(first.indexOf('2. Joscelyn.')).toBeGreaterThan(full);
    // In full once: later citations are short.
    expect(pdf.pages.slice(1).some((page) => flat(page).includes('Tom Joscelyn, “Why'))).toBe(false);
    // The list of sources is the style's bibliography: family name first.
    expect(flat(pdf.text)).toContain(
      'Joscelyn, Tom. “Why We Should Be Worried About Russia and China Working So Closely,”',
    );
  });

  it('links each citation to its note and back', () => {
    const internal = pdf.links.filter((link) => link.dest !== undefined).map((link) => link.dest);
    expect(internal).toContain('footnote:1');
    expect(internal).toContain('footnote-ref:1');
    const citations = readFileSync(path.join(repoRoot, BRIEF), 'utf8').match(/\[@joscelyn\]/g)?.length ?? 0;
    expect(citations).toBeGreaterThan(5);
    expect(pdf.links.filter((link) => String(link.dest).startsWith('footnote:')).length).toBe(citations);
  });
});
