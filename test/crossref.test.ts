/**
 * Numbered figures and tables, references to them and to sections, image
 * widths, table columns sized by their content, and tables that move to the
 * next page: built with the real CLI and read back from the PDF.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, repoRoot, runCli, writeFile } from './helpers.ts';
import { darkRules, flat, namedDestinations, readPdf, textItems } from './pdf.ts';

const figures = briefText({
  title: 'Cross-references',
  extra: 'portionMarks: true\n',
  body: [
    '## Background',
    '',
    'As @fig:chart shows, costs rise; see @tbl:costs for the options and @sec:costs for what they cost.',
    '',
    '![Bar chart of four values](chart.svg "Four values"){#fig:chart width=50%}',
    '',
    '\\newpage',
    '',
    '## Costs {#sec:costs}',
    '',
    '| Measure | Cost | Status |',
    '|:--|:--|:--|',
    '| Extend unchanged for one year | 12.5 | Ready |',
    '| Income top-up for low earners on the minimum wage | 48.0 | Drafted |',
    '| Review in 2027 | 0.3 | Open |',
    '',
    ': What each option costs[^usd] {#tbl:costs}',
    '',
    '| Office | Share |',
    '|:--|:--|',
    '| Rome | 10 |',
    '',
    ': Given widths {#tbl:given widths="1,3"}',
    '',
    '@Tbl:given gives its own widths.',
    '',
    '[^usd]: In millions of 2026 dollars.',
    '',
  ].join('\n'),
});

describe('figures, tables and references in the PDF', () => {
  let dir: string;
  let bytes: Buffer;
  let pdf: Awaited<ReturnType<typeof readPdf>>;
  let items: Awaited<ReturnType<typeof textItems>>;

  beforeAll(async () => {
    dir = makeWorkspace({ 'briefs/xref.md': figures });
    writeFile(
      dir,
      'briefs/chart.svg',
      readFileSync(path.join(repoRoot, 'test/fixtures/showcase/briefs/img/chart.svg')),
    );
    const run = runCli(dir, ['briefs/xref.md']);
    expect(run.code, run.stderr).toBe(0);
    bytes = readFileSync(path.join(dir, 'output/xref.pdf'));
    pdf = await readPdf(bytes);
    items = await textItems(bytes);
  }, 60_000);

  it('numbers the figure and the tables, captions below figures and above tables', () => {
    const text = flat(pdf.text);
    // A caption is a portion of its own, marked as paragraphs are.
    expect(text).toContain('(U) Figure 1. Four values');
    expect(text).toContain('(U) Table 1. What each option costs');
    expect(text).toContain('Table 2. Given widths');
    expect(text).not.toMatch(/\{#|#fig:|#tbl:|width=/);
    // A note cited in a caption is numbered and set like any other.
    expect(text).toContain('1. In millions of 2026 dollars.');
    // Reading order: page, then distance from the top.
    const y = (str: string) => {
      const item = items.find((i) => i.str.includes(str));
      return item ? item.page * 10_000 + item.y : Number.NaN;
    };
    expect(y('Table 1.')).toBeLessThan(y('Measure'));
    expect(y('Figure 1.')).toBeGreaterThan(y('North'));
    expect(y('Figure 1.')).toBeLessThan(y('Costs'));
  });

  it('prints references as linked labels pointing inside the document', async () => {
    const text = flat(pdf.text);
    expect(text).toContain(
      'As Figure 1 shows, costs rise; see Table 1 for the options and section 2 for what they cost.',
    );
    expect(text).toContain('Table 2 gives its own widths.');
    const inside = pdf.links.filter((l) => typeof l.dest === 'string').map((l) => l.dest);
    expect(inside).toEqual(expect.arrayContaining(['fig:chart', 'tbl:costs', 'sec:costs', 'tbl:given']));
    // Each leads somewhere: to the page where its figure, table or heading is.
    const destinations = await namedDestinations(bytes);
    const pageOf = (str: string) => items.find((i) => i.str.includes(str))?.page;
    expect(destinations['fig:chart']).toBe(pageOf('Figure 1.'));
    expect(destinations['tbl:costs']).toBe(pageOf('Table 1.'));
    expect(destinations['tbl:given']).toBe(pageOf('Table 2.'));
    expect(destinations['sec:costs']).toBe(items.find((i) => /^(\(U\) )?Costs$/.test(i.str))?.page);
    expect(destinations['fig:chart']).not.toBe(destinations['tbl:costs']);
  });

  it('sets the figure at the width it asks for', () => {
    // The chart's axis labels span its width: at 50% they sit within the middle half of the text column.
    const labels = items.filter((i) => ['North', 'West'].includes(i.str));
    expect(labels).toHaveLength(2);
    const textLeft = 72;
    const textWidth = 612 - 144;
    for (const label of labels) {
      expect(label.x).toBeGreaterThan(textLeft + textWidth * 0.25 - 1);
      expect(label.x).toBeLessThan(textLeft + textWidth * 0.75);
    }
  });

  it('sizes columns by their content: the text column is widest and no word is hyphenated', () => {
    // Left-aligned columns: each header starts its column.
    const x = (str: string) => items.find((i) => i.str === str)?.x ?? Number.NaN;
    const measure = x('Cost') - x('Measure');
    const cost = x('Status') - x('Cost');
    expect(cost).toBeLessThan(measure / 3);
    // Every cell is set on one line, as there is room for it.
    for (const cell of ['Extend unchanged for one year', 'Income top-up for low earners on the minimum wage']) {
      expect(items.some((i) => i.str.includes(cell))).toBe(true);
    }
    expect(pdf.text).not.toMatch(/un-\n|in-\ncome/);
  });

  it('keeps the widths a table gives', () => {
    const x = (str: string) => items.find((i) => i.str === str)?.x ?? Number.NaN;
    // widths="1,3": the first column is a quarter of the text width.
    expect(x('Share') - x('Office')).toBeCloseTo((612 - 144) / 4, 0);
  });
});

describe('a reference to nothing, from the command line', () => {
  it('is an error at its place in the brief, with a did-you-mean, and nothing is written', () => {
    const dir = makeWorkspace({
      'briefs/bad.md': briefText({ body: '## Costs {#sec:costs}\n\nSee @sec:cost.\n' }),
    });
    const run = runCli(dir, ['briefs/bad.md']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'briefs/bad.md:10:5: error: The reference "@sec:cost" names no heading of this brief. [CROSSREF_UNKNOWN]',
    );
    expect(run.stderr).toContain('hint: Did you mean "sec:costs"?');
    expect(existsSync(path.join(dir, 'output/bad.pdf'))).toBe(false);
  });
});

describe('a table that moves to the next page', () => {
  // Filler lines push the table towards the foot of page 1; over this range
  // the table starts with room for its rule, its rule and header, and more.
  const counts = Array.from({ length: 8 }, (_, i) => 16 + i);
  const rows = Array.from({ length: 30 }, (_, i) => `| Office ${i + 1} | Item ${i + 1} | ${(i + 1) * 100} |`);
  const table = ['| Office | Item | Cost |', '|:--|:--|--:|', ...rows].join('\n');
  const pdfs = new Map<string, Buffer>();

  beforeAll(() => {
    const dir = makeWorkspace();
    for (const n of counts) {
      const filler = Array.from({ length: n }, (_, i) => `Filler line ${i}.`).join('\n\n');
      writeFile(dir, `briefs/plain-${n}.md`, briefText({ title: 'Break', body: `${filler}\n\n${table}\n` }));
      const captioned = `${filler}\n\n${table}\n\n: Costs by office {#tbl:costs}\n`;
      writeFile(dir, `briefs/captioned-${n}.md`, briefText({ title: 'Break', body: captioned }));
    }
    const names = counts.flatMap((n) => [`plain-${n}`, `captioned-${n}`]);
    const run = runCli(
      dir,
      names.map((name) => `briefs/${name}.md`),
    );
    expect(run.code, run.stderr).toBe(0);
    for (const name of names) pdfs.set(name, readFileSync(path.join(dir, `output/${name}.pdf`)));
  }, 120_000);

  it('takes its top rule and header along: no page ends with them alone', async () => {
    let moved = 0;
    for (const n of counts) {
      const bytes = pdfs.get(`plain-${n}`) as Buffer;
      const { pages } = await readPdf(bytes);
      const rules = await darkRules(bytes);
      rules.forEach((onPage, i) => {
        // A page that draws a table rule holds table rows too.
        if (onPage.length > 0) expect(pages[i], `plain-${n}, page ${i + 1}`).toMatch(/Office \d+/);
      });
      if (!pages[0].includes('Office')) moved++;
      // The table's first page has the top rule above its header.
      const first = pages.findIndex((p) => p.includes('Office 1'));
      expect(rules[first].length, `plain-${n}`).toBeGreaterThanOrEqual(2);
    }
    // Some of these tables did move whole to page 2.
    expect(moved).toBeGreaterThan(0);
  }, 120_000);

  it('keeps the caption, the header and the first two rows together, and never leaves the last row alone', async () => {
    for (const n of counts) {
      const { pages } = await readPdf(pdfs.get(`captioned-${n}`) as Buffer);
      const page = (text: RegExp) => pages.findIndex((p) => text.test(p));
      const caption = page(/Table 1\. Costs by office/);
      expect([page(/Office Item Cost/), page(/Office 1 /), page(/Office 2 /)], `captioned-${n}`).toEqual([
        caption,
        caption,
        caption,
      ]);
      expect(page(/Office 29 /), `captioned-${n}`).toBe(page(/Office 30 /));
    }
  });
});
