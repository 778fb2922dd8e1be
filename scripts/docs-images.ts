/**
 * Pictures of the sample briefs for the README: `npm run docs:images` builds them with the real CLI (the information
 * memo, its brief card, the decision memo, the sample book's contents) into a temporary folder and draws the pages at
 * 80 dpi into docs/images/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPages } from './render-pages.ts';

const DPI = 80;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = 'briefs/russia-china-joint-statement.md';
const imagesDir = path.join(root, 'docs/images');

/** Builds the sample brief with `args` into a fresh folder and returns its pages as PNGs. */
async function build(
  work: string,
  name: string,
  args: string[],
  pdf = 'russia-china-joint-statement.pdf',
  brief = SAMPLE,
): Promise<Buffer[]> {
  const out = path.join(work, name);
  const run = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), path.join(root, 'src/cli/main.ts'), '--out', out, ...args, brief],
    { cwd: root, encoding: 'utf8', env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') } },
  );
  if (run.status !== 0) throw new Error(`The ${name} build failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  return renderPages(readFileSync(path.join(out, pdf)), { dpi: DPI, compact: true });
}

const work = mkdtempSync(path.join(tmpdir(), 'briefing-docs-'));
try {
  const memo = await build(work, 'memo', []);
  const card = await build(work, 'card', ['--template', 'brief-card'], 'russia-china-joint-statement.brief-card.pdf');
  const decision = await build(work, 'decision', [], 'russia-china-decision.pdf', 'briefs/russia-china-decision.md');
  const book = await build(
    work,
    'book',
    [],
    'books/russia-china-spring-2021.pdf',
    'books/russia-china-spring-2021.yaml',
  );
  if (memo.length < 2) throw new Error(`The memo has ${memo.length} page; the README shows two.`);
  const images: [string, Buffer][] = [
    ['memo-page-1.png', memo[0]],
    ['memo-page-2.png', memo[1]],
    ['brief-card.png', card[0]],
    ['decision-memo-page-1.png', decision[0]],
    ['book-contents.png', book[1]],
  ];
  mkdirSync(imagesDir, { recursive: true });
  for (const [file, png] of images) {
    writeFileSync(path.join(imagesDir, file), png);
    process.stdout.write(`${path.relative(root, path.join(imagesDir, file))} (${Math.round(png.length / 1024)} KB)\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
