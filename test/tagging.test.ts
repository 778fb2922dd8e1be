/**
 * Every PDF is tagged for screen readers: a structure tree in reading order,
 * chrome as artifacts, links tied to their annotations, alt text on figures.
 * Each kind of PDF the tool writes (memo, brief card, showcase, redline,
 * named copy, a draft with a long table and a long paragraph) is read back
 * with the structure checker in test/structure.ts.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDocument, PDFName, type PDFRef } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { briefText, commitAll, git, makeWorkspace, repoRoot, runCli } from './helpers.ts';
import { elements, readStructure, type StructElement, type StructureReport, structureProblems } from './structure.ts';

const SAMPLE = 'briefs/russia-china-joint-statement.md';
const env = { SOURCE_DATE_EPOCH: '1617000000' };
let dir: string;
const pdf = (file: string) => readFileSync(path.join(dir, file));

const longTable = ['| Office | Item | Cost |', '|:--|:--|--:|']
  .concat(Array.from({ length: 70 }, (_, i) => `| Office ${i + 1} | Item ${i + 1} | ${(i + 1) * 100} |`))
  .join('\n');
const longParagraph = Array.from(
  { length: 60 },
  (_, i) => `Sentence ${i + 1} of a paragraph long enough to run over a page break.`,
).join(' ');
const draft = briefText({
  title: 'A long draft',
  extra: 'status: draft\ntoc: true\n',
  body: `## Costs\n\n${longTable}\n\n## Argument\n\n${longParagraph}[^n]\n\n### Quoted\n\nLavrov said: «Россия и Китай выступают за многополярный мир».\n\n![](rule.png "decorative")\n\n[^n]: A note, [linked](https://example.org/report).\n`,
});

beforeAll(() => {
  dir = makeWorkspace({ 'briefs/draft.md': draft });
  cpSync(path.join(repoRoot, SAMPLE), path.join(dir, SAMPLE));
  cpSync(path.join(repoRoot, 'briefs/lists'), path.join(dir, 'briefs/lists'), { recursive: true });
  cpSync(path.join(repoRoot, 'test/fixtures/showcase/briefs'), path.join(dir, 'briefs'), { recursive: true });
  cpSync(path.join(repoRoot, 'docs/images/memo-page-1.png'), path.join(dir, 'briefs/rule.png'));
  commitAll(dir);
  const sample = readFileSync(path.join(dir, SAMPLE), 'utf8');
  execFileSync('sh', ['-c', `cat > ${JSON.stringify(SAMPLE)}`], {
    cwd: dir,
    input: sample.replace('## Background', '## Background\n\nA paragraph added since the first commit.'),
  });
  git(dir, ['commit', '-q', '-am', 'Second']);
  for (const args of [
    ['--copies', SAMPLE, 'briefs/showcase.md', 'briefs/draft.md'],
    ['--template', 'brief-card', SAMPLE],
    ['--compare', 'HEAD~1', SAMPLE],
  ]) {
    const run = runCli(dir, args, env);
    expect(run.code, run.stderr).toBe(0);
  }
}, 120_000);

const cases: Record<string, string> = {
  memo: 'output/russia-china-joint-statement.pdf',
  'brief card': 'output/russia-china-joint-statement.brief-card.pdf',
  showcase: 'output/showcase.pdf',
  'a draft with a long table and a long paragraph': 'output/draft.pdf',
  redline: 'output/russia-china-joint-statement.changes-since-HEAD-1.pdf',
  'named copy': 'output/russia-china-joint-statement/copies/01-director.pdf',
};

/** Types of the elements of a tree, counted. */
function count(root: StructElement | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of elements(root)) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}

/** Text drawn inside artifacts, and text drawn as content, page by page (pdf.js, marked content included). */
async function textByMarking(bytes: Uint8Array): Promise<{ artifact: string; content: string }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  let artifact = '';
  let content = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const items = (await (await doc.getPage(n)).getTextContent({ includeMarkedContent: true })).items;
    const stack: string[] = [];
    for (const item of items) {
      if ('type' in item && item.type === 'beginMarkedContentProps') stack.push(String((item as { tag?: string }).tag));
      else if ('type' in item && item.type === 'beginMarkedContent') stack.push(String((item as { tag?: string }).tag));
      else if ('type' in item && item.type === 'endMarkedContent') stack.pop();
      else if ('str' in item) {
        if (stack.includes('Artifact')) artifact += `${item.str} `;
        else content += `${item.str} `;
      }
    }
  }
  await doc.destroy();
  return { artifact, content };
}

describe('every PDF is tagged', () => {
  for (const [name, file] of Object.entries(cases)) {
    it(`${name}: passes the structure checks`, async () => {
      const report = await readStructure(pdf(file));
      expect(structureProblems(report)).toEqual([]);
      expect(report.lang).toBe('en');
      expect(report.root?.type).toBe('Document');
    });
  }
});

describe('the structure of the sample memo', () => {
  let report: StructureReport;
  beforeAll(async () => {
    report = await readStructure(pdf(cases.memo));
  });

  it('opens with the subject as H1 and nests sections without skipping a level', () => {
    expect(report.headings[0]).toBe('H1');
    expect(report.headings).toContain('H2');
    expect(report.headings).toContain('H3');
  });

  it('reads the memo block as label–value pairs, in order', () => {
    const memoBlock = elements(report.root).find((e) => e.type === 'L');
    expect(memoBlock?.children.map((li) => [li.type, ...li.children.map((c) => c.type)])).toEqual([
      ['LI', 'Lbl', 'LBody'],
      ['LI', 'Lbl', 'LBody'],
      ['LI', 'Lbl', 'LBody'],
      ['LI', 'Lbl', 'LBody'],
      ['LI', 'Lbl', 'LBody'],
    ]);
  });

  it('has its quotations, footnotes and links as elements', () => {
    const counts = count(report.root);
    expect(counts.BlockQuote).toBeGreaterThan(0);
    expect(counts.Note).toBeGreaterThan(0);
    expect(counts.Link).toBeGreaterThan(0);
    // Every Link element holds its annotation.
    expect(elements(report.root).filter((e) => e.type === 'Link' && e.annotations === 0)).toEqual([]);
  });

  it('keeps banners, running header, footer and page numbers out of the content', async () => {
    const { artifact, content } = await textByMarking(pdf(cases.memo));
    for (const chrome of ['UNCLASSIFIED', 'Page 1 of ', 'Page 2 of ']) {
      expect(artifact).toContain(chrome);
      expect(content).not.toContain(chrome);
    }
    expect(content).toContain('Russian Foreign Minister Sergey Lavrov');
  });
});

describe('the structure of numbered figures and tables (the showcase)', () => {
  let report: StructureReport;
  beforeAll(async () => {
    report = await readStructure(pdf(cases.showcase));
  });

  it('puts a table caption first in its Table, and a figure caption in its Figure', () => {
    const tables = elements(report.root).filter((e) => e.type === 'Table');
    expect(tables.map((t) => t.children.map((c) => c.type))).toEqual([
      ['Caption', 'THead', 'TBody'],
      ['Caption', 'THead', 'TBody'],
    ]);
    const [figure] = elements(report.root).filter((e) => e.type === 'Figure');
    expect(figure.alt).toBe('Bar chart of four values');
    expect(figure.children.map((c) => c.type)).toEqual(['Caption']);
  });

  it('tags each reference as a Link holding its annotation', () => {
    const links = elements(report.root).filter((e) => e.type === 'Link');
    // Four references, the summary's link, and the footnotes' links both ways.
    expect(links.length).toBeGreaterThanOrEqual(9);
    expect(links.filter((e) => e.annotations === 0)).toEqual([]);
  });
});

describe('the structure of what a long draft holds', () => {
  let report: StructureReport;
  beforeAll(async () => {
    report = await readStructure(pdf(cases['a draft with a long table and a long paragraph']));
  });

  it('has one header row, however many pages the table reaches: the repeats are artifacts', () => {
    const [table] = elements(report.root).filter((e) => e.type === 'Table');
    expect(table.children.map((c) => c.type)).toEqual(['THead', 'TBody']);
    const headerCells = elements(table).filter((e) => e.type === 'TH');
    expect(headerCells.map((th) => th.scope)).toEqual(['Column', 'Column', 'Column']);
    expect(elements(table).filter((e) => e.type === 'TR')).toHaveLength(71);
    // The table does reach a second page.
    const pages = new Set(elements(table).flatMap((e) => e.content.map((c) => c.page)));
    expect(pages.size).toBeGreaterThan(1);
  });

  it('keeps a paragraph split across pages as one P', () => {
    const paragraphs = elements(report.root).filter(
      (e) => e.type === 'P' && new Set(e.content.map((c) => c.page)).size > 1,
    );
    expect(paragraphs).toHaveLength(1);
  });

  it('lists the contents as TOC entries, and gives a Cyrillic passage its language', () => {
    const counts = count(report.root);
    expect(counts.TOC).toBe(1);
    expect(counts.TOCI).toBeGreaterThanOrEqual(3);
    expect(elements(report.root).filter((e) => e.type === 'Span' && e.lang === 'ru')).toHaveLength(1);
  });

  it('draws a decorative image as an artifact, not a Figure', () => {
    expect(count(report.root).Figure).toBeUndefined();
  });

  it('says DRAFT on page 1 in text, and draws the watermark over the content as an artifact', async () => {
    const { artifact } = await textByMarking(pdf(cases['a draft with a long table and a long paragraph']));
    const doc = await getDocument({
      data: new Uint8Array(pdf(cases['a draft with a long table and a long paragraph'])),
      verbosity: 0,
    }).promise;
    const first = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : ''));
    await doc.destroy();
    expect(first.filter((s) => s === 'DRAFT')).toHaveLength(2);
    expect(artifact).toContain('DRAFT');
    // The watermark is the last thing drawn on the page.
    expect(first.filter((s) => s.trim()).at(-1)).toBe('DRAFT');
  });
});

describe('the checker itself', () => {
  it('finds a painting operator drawn outside tagged content and artifacts', async () => {
    const doc = await PDFDocument.load(pdf(cases.memo));
    const page = doc.getPage(0);
    // One rectangle filled with no marking around it, appended to page 1.
    const stream = doc.context.flateStream('q 0 0 1 rg 10 10 20 20 re f Q');
    const contents = page.node.lookup(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [page.node.get(PDFName.of('Contents'))];
    page.node.set(PDFName.of('Contents'), doc.context.obj([...(refs as PDFRef[]), doc.context.register(stream)]));
    const before = structureProblems(await readStructure(pdf(cases.memo)));
    const after = structureProblems(await readStructure(await doc.save({ useObjectStreams: false })));
    expect(after.filter((problem) => !before.includes(problem))).toEqual(['untagged page 1: fill']);
  });
});

describe('alt text', () => {
  it('is required: an image without it is an error at its place', () => {
    const body = 'Text.\n\n![](chart.svg)\n';
    const work = makeWorkspace({
      'briefs/x.md': briefText({ body }),
      'briefs/chart.svg':
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    });
    const run = runCli(work, ['briefs/x.md']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('briefs/x.md:10:1: error: The image "chart.svg" has no alt text');
    expect(run.stderr).toContain('[IMAGE_ALT_MISSING]');
  });
});
