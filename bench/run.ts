/**
 * `npm run bench`: times the builds that matter and writes bench/results.json.
 * Wall times are medians of several runs (these machines are shared and
 * noisy); compare ratios as much as absolute numbers.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBrief } from './generate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The CLI, run by a wrapper that reports the process's own peak memory. */
const measure = path.join(root, 'bench', 'measure.mjs');
const sample = 'briefs/russia-china-joint-statement.md';
const quick = process.argv.includes('--quick');

function workspace(briefs: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'briefing-bench-'));
  cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  for (const [file, text] of Object.entries(briefs)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Runs the real command; returns wall seconds and the peak memory of the process. */
function run(dir: string, args: string[]): { seconds: number; peakMB: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [measure, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`build failed in ${dir}:\n${result.stderr}`);
  const rss = Number(/RSS (\d+)/.exec(result.stderr)?.[1] ?? 0);
  return { seconds, peakMB: Math.round(rss / 1024), stdout: result.stdout };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const times = (n: number, f: () => number) => Array.from({ length: n }, f);

// Make sure the bundle exists before anything is timed.
run(workspace({ [sample]: readFileSync(path.join(root, sample), 'utf8') }), ['--force']);

const results: Record<string, unknown> = { machine: { cpus: os.availableParallelism(), node: process.version } };

// 1. Cold build of the sample brief, whole process.
{
  const dir = workspace({ [sample]: readFileSync(path.join(root, sample), 'utf8') });
  const runs = times(quick ? 3 : 7, () => run(dir, ['--force', sample]).seconds);
  results.cold = { medianSeconds: median(runs), runs, target: 0.45 };
}

// 2. Warm re-render of the sample brief inside one process (what watch mode pays).
{
  const { buildBrief } = await import('../src/build.ts');
  const { loadTemplates } = await import('../src/stages/template.ts');
  const dir = workspace({ [sample]: readFileSync(path.join(root, sample), 'utf8') });
  const context = {
    cwd: dir,
    root: dir,
    briefsDir: path.join(dir, 'briefs'),
    outDir: path.join(dir, 'output'),
    templates: await loadTemplates(path.join(dir, 'templates'), dir),
  };
  const runs: number[] = [];
  for (let i = 0; i < (quick ? 5 : 12); i++) {
    const started = performance.now();
    const result = await buildBrief(path.join(dir, sample), context);
    if (!result.ok) throw new Error('warm build failed');
    runs.push(performance.now() - started);
  }
  const warm = runs.slice(2);
  results.warm = { medianMs: Math.round(median(warm)), runs: warm.map(Math.round), target: 120 };
}

// 3 and 4. A library of generated four-page briefs: one worker, all cores, then a no-op rebuild.
{
  const count = quick ? 20 : 100;
  const briefs = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`briefs/lib/brief-${String(i).padStart(3, '0')}.md`, generateBrief(i, 4)]),
  );
  const dir = workspace(briefs);
  const one = run(dir, ['--force', '--jobs', '1']);
  const cores = os.availableParallelism();
  const all = run(dir, ['--force', '--jobs', String(cores)]);
  const noop = times(5, () => run(dir, []).seconds);
  const pages = [...one.stdout.matchAll(/\((\d+) pages?,/g)].map((m) => Number(m[1]));
  results.library = {
    briefs: count,
    medianPages: median(pages),
    oneWorkerSeconds: one.seconds,
    allCoresSeconds: all.seconds,
    workers: cores,
    speedup: one.seconds / all.seconds,
    target: { allCoresSeconds: 10, speedup: 1.7 },
  };
  results.noop = { medianSeconds: median(noop), runs: noop, target: 0.3 };
}

// 5. Long documents: milliseconds per page and peak memory.
{
  const long: Record<string, unknown>[] = [];
  for (const target of quick ? [50] : [50, 200, 500]) {
    const dir = workspace({ 'briefs/long.md': generateBrief(target, target) });
    const result = run(dir, ['--force', '--jobs', '1']);
    const pages = Number(/\((\d+) pages/.exec(result.stdout)?.[1]);
    long.push({
      targetPages: target,
      pages,
      seconds: result.seconds,
      msPerPage: Math.round((result.seconds * 1000) / pages),
      peakMB: result.peakMB,
    });
  }
  results.long = { runs: long, target: { seconds500: 15, peakMB: 1024, ratio500to50: 1.3 } };
}

mkdirSync(path.join(root, 'bench'), { recursive: true });
writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const r = results as Record<string, any>;
const rows: [string, string, string][] = [
  ['1. cold build, sample brief (median)', `${r.cold.medianSeconds.toFixed(2)} s`, '≤ 0.45 s'],
  ['2. warm re-render in one process (median)', `${r.warm.medianMs} ms`, '≤ 120 ms'],
  [`3. ${r.library.briefs} briefs, 1 worker`, `${r.library.oneWorkerSeconds.toFixed(1)} s`, ''],
  [
    `3. ${r.library.briefs} briefs, ${r.library.workers} workers`,
    `${r.library.allCoresSeconds.toFixed(1)} s (×${r.library.speedup.toFixed(2)})`,
    '≤ 10 s, ≥ ×1.7',
  ],
  ['4. no-op rebuild (median)', `${r.noop.medianSeconds.toFixed(2)} s`, '≤ 0.3 s'],
  ...(r.long.runs as any[]).map((l): [string, string, string] => [
    `5. ${l.pages} pages`,
    `${l.seconds.toFixed(1)} s, ${l.msPerPage} ms/page, ${l.peakMB} MB`,
    l.targetPages === 500 ? '≤ 15 s, ≤ 1 GB' : '',
  ]),
];
const width = Math.max(...rows.map((row) => row[0].length));
for (const [what, value, target] of rows) console.log(`${what.padEnd(width)}  ${value.padEnd(32)}  ${target}`);
const first = (r.long.runs as any[])[0];
const last = (r.long.runs as any[]).at(-1);
console.log(
  `ms/page at ${last.pages} pages ÷ at ${first.pages} pages: ${(last.msPerPage / first.msPerPage).toFixed(2)} (target ≤ 1.3)`,
);
rmSync(path.join(os.tmpdir(), 'briefing-bench-none'), { force: true, recursive: true });
