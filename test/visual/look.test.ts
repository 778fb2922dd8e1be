/**
 * Visual regression tests: each case is built with the real CLI, its pages are drawn at 50 dpi and compared
 * with the goldens in test/golden/<case>/page-<n>.png. A failing page leaves the page as drawn now, the golden
 * and a diff picture (differences in red) in test/__diff__/<case>/ (git-ignored).
 *
 * After an intended change of the look, refresh the goldens with `npm run golden:update` (UPDATE_GOLDEN=1),
 * look at them, and commit them with the change.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPages } from '../../scripts/render-pages.ts';
import { makeWorkspace, repoRoot, runCli } from '../helpers.ts';

const DPI = 50;
/** pixelmatch's per-pixel colour distance (0 to 1) under which two pixels count as the same. */
const THRESHOLD = 0.1;
/** Share of a page's pixels that may differ: enough for anti-aliasing noise, not for a moved line or a new colour. */
const MAX_DIFF_RATIO = 0.002;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const SAMPLE = 'briefs/russia-china-joint-statement.md';
const DECISION = 'briefs/russia-china-decision.md';

interface Case {
  name: string;
  /** Fills a fresh workspace (templates already copied) with its briefs. */
  setup(dir: string): void;
  args: string[];
  /** The PDF the build writes, relative to the workspace. */
  pdf: string;
  /** Only its first pages have goldens (a long PDF whose later pages are other cases' pages). */
  first?: number;
}

const cases: Case[] = [
  {
    name: 'memo',
    setup: copySample,
    args: [SAMPLE],
    pdf: 'output/russia-china-joint-statement.pdf',
  },
  {
    name: 'brief-card',
    setup: copySample,
    args: ['--template', 'brief-card', SAMPLE],
    // Not the sample's own template: its own PDF is left alone.
    pdf: 'output/russia-china-joint-statement.brief-card.pdf',
  },
  {
    name: 'showcase',
    setup: (dir) =>
      cpSync(path.join(repoRoot, 'test/fixtures/showcase/briefs'), path.join(dir, 'briefs'), { recursive: true }),
    args: ['briefs/showcase.md'],
    pdf: 'output/showcase.pdf',
  },
  {
    // The memo and the divider of its Tab A (the sample memo, whose pages are the memo case's).
    name: 'decision',
    setup: (dir) => copy(dir, [SAMPLE, DECISION]),
    args: [DECISION],
    pdf: 'output/russia-china-decision.pdf',
    first: 4,
  },
  {
    // The book's own pages: cover, contents and versions, the divider of Tab A.
    name: 'book',
    setup: (dir) => copy(dir, [SAMPLE, DECISION, 'books']),
    args: ['books/russia-china-spring-2021.yaml'],
    pdf: 'output/books/russia-china-spring-2021.pdf',
    first: 3,
  },
];

function copySample(dir: string): void {
  copy(dir, [SAMPLE]);
}

/** Files or folders of the repository, into the workspace at the same places. */
function copy(dir: string, paths: string[]): void {
  for (const file of paths) cpSync(path.join(repoRoot, file), path.join(dir, file), { recursive: true });
}

const goldenDir = (name: string) => path.join(repoRoot, 'test/golden', name);
const diffDir = (name: string) => path.join(repoRoot, 'test/__diff__', name);
const pageFile = (n: number) => `page-${n}.png`;
const relative = (file: string) => path.relative(repoRoot, file);

/** The goldens of a case, in page order. */
function goldens(name: string): string[] {
  const dir = goldenDir(name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /^page-\d+\.png$/.test(file))
    .sort((a, b) => Number.parseInt(a.slice(5), 10) - Number.parseInt(b.slice(5), 10))
    .map((file) => path.join(dir, file));
}

function writeGoldens(name: string, pages: Buffer[]): void {
  const dir = goldenDir(name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [i, png] of pages.entries()) writeFileSync(path.join(dir, pageFile(i + 1)), png);
}

/** Compares page `n` with its golden; returns what is wrong, having left the evidence in the diff folder, or nothing. */
function comparePage(name: string, n: number, actual: Buffer, goldenFile: string): string | undefined {
  const expected = readFileSync(goldenFile);
  if (actual.equals(expected)) return undefined;
  const a = PNG.sync.read(actual);
  const e = PNG.sync.read(expected);
  let problem: string | undefined;
  let diff: PNG | undefined;
  if (a.width !== e.width || a.height !== e.height) {
    problem = `is ${a.width}×${a.height} px, its golden ${e.width}×${e.height} px`;
  } else {
    diff = new PNG({ width: a.width, height: a.height });
    const differing = pixelmatch(e.data, a.data, diff.data, a.width, a.height, { threshold: THRESHOLD });
    const ratio = differing / (a.width * a.height);
    if (ratio <= MAX_DIFF_RATIO) return undefined;
    problem = `differs in ${differing} pixels (${(ratio * 100).toFixed(2)}%, limit ${MAX_DIFF_RATIO * 100}%)`;
  }
  const dir = diffDir(name);
  mkdirSync(dir, { recursive: true });
  const stem = path.join(dir, `page-${n}`);
  writeFileSync(`${stem}.actual.png`, actual);
  writeFileSync(`${stem}.expected.png`, expected);
  const evidence = [`${stem}.actual.png`, `${stem}.expected.png`];
  if (diff) {
    writeFileSync(`${stem}.diff.png`, PNG.sync.write(diff));
    evidence.push(`${stem}.diff.png`);
  }
  return `page ${n} ${problem}: see ${evidence.map(relative).join(', ')}`;
}

describe.each(cases)('the look of $name', ({ name, setup, args, pdf, first }) => {
  let workspace: string;
  let pages: Buffer[];

  beforeAll(async () => {
    workspace = makeWorkspace();
    setup(workspace);
    const run = runCli(workspace, args);
    expect(run.code, `the CLI could not build ${name}:\n${run.stderr}`).toBe(0);
    pages = await renderPages(readFileSync(path.join(workspace, pdf)), { dpi: DPI, compact: true });
    if (first) pages = pages.slice(0, first);
    rmSync(diffDir(name), { recursive: true, force: true });
    if (UPDATE) writeGoldens(name, pages);
  }, 60_000);

  afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('has as many pages as it has goldens', () => {
    const expected = goldens(name).length;
    if (expected === 0) throw new Error(`No goldens in ${relative(goldenDir(name))}: run npm run golden:update`);
    if (pages.length !== expected) {
      const dir = diffDir(name);
      mkdirSync(dir, { recursive: true });
      for (const [i, png] of pages.entries()) writeFileSync(path.join(dir, `page-${i + 1}.actual.png`), png);
      expect.fail(
        `${name} has ${pages.length} pages, its goldens ${expected} (pages as drawn now are in ${relative(dir)}; after an intended change, run npm run golden:update)`,
      );
    }
  });

  it('looks like its goldens, page by page', () => {
    const files = goldens(name);
    const problems = pages
      .slice(0, files.length)
      .map((png, i) => comparePage(name, i + 1, png, files[i]))
      .filter((problem) => problem !== undefined);
    if (problems.length) {
      expect.fail(
        `${name}: ${problems.join('; ')}.\nIf the change is intended, run npm run golden:update and commit the new goldens.`,
      );
    }
  });
});
