/**
 * `npm run bench`: times the builds that matter and writes bench/results.json.
 * Wall times are medians of several runs (these machines are shared and
 * noisy); compare ratios as much as absolute numbers. `--quick` runs less.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBrief, withoutNotes } from './generate.ts';

// The in-process measurements run React's production build, as the CLI's bundle does
// (the development build checks every element it creates). Set before React loads.
process.env.NODE_ENV = 'production';
const { buildBrief, checkSteps } = await import('../src/build.ts');
const { renderPdf } = await import('../src/pdf/render.ts');
const { documentInput } = await import('../src/pipeline/steps.ts');
const { runSteps } = await import('../src/pipeline/runner.ts');
const { makeCopies } = await import('../src/distribution/copies.ts');
const { loadTemplates } = await import('../src/stages/template.ts');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The CLI, run by a wrapper that reports the process's own peak memory. */
const measure = path.join(root, 'bench', 'measure.mjs');
const sample = 'briefs/russia-china-joint-statement.md';
const quick = process.argv.includes('--quick');

/** Every temporary folder the bench makes, removed when it exits, however it exits. */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const temporary = (prefix: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
};

function workspace(briefs: Record<string, string>): string {
  const dir = temporary('briefing-bench-');
  cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  cpSync(path.join(root, 'briefs', 'lists'), path.join(dir, 'briefs', 'lists'), { recursive: true });
  // The sources the sample quotes, which its build checks its quotations against.
  cpSync(path.join(root, 'sources'), path.join(dir, 'sources'), { recursive: true });
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

/** As run(), without blocking: for builds that run at the same time. */
function runAsync(dir: string, args: string[]): Promise<{ seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [measure, ...args], { cwd: dir, env: { ...process.env, CI: 'true' } });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve({ seconds: (performance.now() - started) / 1000 })
        : reject(new Error(`build failed in ${dir}`)),
    );
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const times = (n: number, f: () => number) => Array.from({ length: n }, f);
const sampleText = readFileSync(path.join(root, sample), 'utf8');

// Make sure the bundle exists before anything is timed.
run(workspace({ [sample]: sampleText }), ['--force']);

// 1. Cold build of the sample brief, whole process.
const coldRuns = times(quick ? 3 : 7, () => run(workspace({ [sample]: sampleText }), ['--force', sample]).seconds);

// 2. Warm re-render of the sample brief inside one process (what watch mode pays).
const warmDir = workspace({ [sample]: sampleText });
const context = {
  cwd: warmDir,
  root: warmDir,
  briefsDir: path.join(warmDir, 'briefs'),
  outDir: path.join(warmDir, 'output'),
  templates: await loadTemplates(path.join(warmDir, 'templates'), warmDir),
};
const sampleFile = path.join(warmDir, sample);
// A watch session rebuilds many times: the first builds, while V8 is still compiling the hot code, are not counted.
const WARM_UP = 5;
/**
 * Builds the sample again and again in this process, `before` each build; the times of all but the first builds, in ms.
 * Each build has a date of its own: a drawing of exactly the same input is kept, not laid out again (src/pdf/render.ts).
 */
async function timeBuilds(before: (i: number) => void = () => {}, dated = true): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < WARM_UP + (quick ? 5 : 20); i++) {
    before(i);
    const started = performance.now();
    const result = await buildBrief(sampleFile, { ...context, sourceDateEpoch: dated ? 1617000000 + i : 1617000000 });
    if (!result.ok) throw new Error('warm build failed');
    if (i >= WARM_UP) runs.push(performance.now() - started);
  }
  return runs;
}
const warmRuns = await timeBuilds();
const warmMs = median(warmRuns);
// The same brief built again unchanged (`--force` in a warm process): its drawing is kept.
const keptRuns = await timeBuilds(() => {}, false);
const output = path.join(context.outDir, path.basename(sample).replace(/\.md$/, '.pdf'));

// 2b. The same after a one-word edit, as in watch mode: laid out once, from the
// page numbers and count of the last build (src/pdf/render.ts).
const editedRuns = await timeBuilds((i) =>
  writeFileSync(sampleFile, sampleText.replace('The commentary', `The commentary (${i})`)),
);
writeFileSync(sampleFile, sampleText);

// 2c. What tagging costs: the sample laid out and drawn tagged and untagged, in turn, warm.
const { value: checked } = await runSteps(checkSteps, sampleFile, context);
if (!checked) throw new Error('the sample does not pass its checks');
const sampleInput = documentInput({
  ...checked,
  stamp: { uncommitted: false },
  date: new Date(0),
});
const tagging = { tagged: [] as number[], untagged: [] as number[], taggedBytes: 0, untaggedBytes: 0 };
for (let i = 0; i < WARM_UP + (quick ? 5 : 20); i++) {
  for (const tagged of [true, false]) {
    // A date of its own each time, so that each is drawn, not taken from the kept drawings.
    const input = { ...sampleInput, date: new Date(i * 1000) };
    const started = performance.now();
    const { pdf } = await renderPdf(tagged ? input : { ...input, tagged: false });
    const ms = performance.now() - started;
    if (i >= WARM_UP) (tagged ? tagging.tagged : tagging.untagged).push(ms);
    if (tagged) tagging.taggedBytes = pdf.length;
    else tagging.untaggedBytes = pdf.length;
  }
}
const taggingTime = median(tagging.tagged) / median(tagging.untagged);
const taggingSize = tagging.taggedBytes / tagging.untaggedBytes;

// Named copies: one copy against a warm render of the same brief.
const base = readFileSync(output);
const readers = Array.from({ length: 10 }, (_, i) => ({ name: `Reader ${i + 1}`, organisation: 'Office' }));
await makeCopies(base, readers.slice(0, 2), { brief: 'sample', lineY: 30 });
const copiesStarted = performance.now();
await makeCopies(base, readers, { brief: 'sample', lineY: 30 });
const msPerCopy = (performance.now() - copiesStarted) / readers.length;

// 3 and 4. A library of generated four-page briefs: one worker, all cores, then a no-op rebuild.
const count = quick ? 20 : 100;
const library = workspace(
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`briefs/lib/brief-${String(i).padStart(3, '0')}.md`, generateBrief(i, 4)]),
  ),
);
const cores = os.availableParallelism();
const oneWorker = run(library, ['--force', '--jobs', '1']);
const allCores = run(library, ['--force', '--jobs', String(cores)]);
const noopRuns = times(5, () => run(library, []).seconds);

// 3b. Headroom for parallel work on this machine: two separate one-worker builds of the
// same ten briefs at once, against one alone. 1.0 would mean the cores do not slow each other.
const tenBriefs = Array.from({ length: 10 }, (_, i) => `briefs/lib/brief-${String(i).padStart(3, '0')}.md`);
const alone = median(times(3, () => run(library, ['--force', '--jobs', '1', ...tenBriefs]).seconds));
const together = median(
  await Promise.all(
    [0, 1].map((i) =>
      runAsync(library, ['--force', '--jobs', '1', '--out', `output-${i}`, ...tenBriefs]).then((r) => r.seconds),
    ),
  ),
);
const libraryPages = [...oneWorker.stdout.matchAll(/\((\d+) pages?,/g)].map((m) => Number(m[1]));

// 5. Long documents: reports with a note about every 150 words, tables and nested lists,
// milliseconds per page and peak memory; and what the notes cost, against the same report without them.
const longRun = (text: string) => {
  const result = run(workspace({ 'briefs/long.md': text }), ['--force', '--jobs', '1']);
  const pages = Number(/\((\d+) pages/.exec(result.stdout)?.[1]);
  return {
    pages,
    seconds: result.seconds,
    msPerPage: Math.round((result.seconds * 1000) / pages),
    peakMB: result.peakMB,
  };
};
const long = (quick ? [50] : [50, 200, 500]).map((target) => ({
  targetPages: target,
  ...longRun(generateBrief(target, target, { report: true })),
}));
const NOTES_PAGES = quick ? 50 : 250;
const report = generateBrief(NOTES_PAGES, NOTES_PAGES, { report: true });
const notes = {
  with: longRun(report),
  without: longRun(withoutNotes(report)),
  notes: report.match(/^\[\^n\d+\]:/gm)?.length,
};

// 6. The warm build process (src/cli/server.ts): a one-line edit of the sample, whole process
// through the launcher and through npm; 100 changed four-page briefs; the first build after it stopped.
const serverDir = temporary('briefing-bench-sockets-');
const SERVER = { CI: '', BRIEFING_NO_SERVER: '', BRIEFING_SERVER_DIR: serverDir };
const serve = (dir: string, command: string[]) => {
  const started = performance.now();
  const result = spawnSync(command[0], command.slice(1), {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...SERVER },
  });
  if (result.status !== 0) throw new Error(`build failed in ${dir}:\n${result.stderr}`);
  if (result.stderr.includes('building in this process'))
    throw new Error(`the server did not answer:\n${result.stderr}`);
  return (performance.now() - started) / 1000;
};
const launcher = path.join(root, 'bin', 'briefing.mjs');
const node = (...args: string[]) => [process.execPath, launcher, ...args];
/** Waits for the server the last command started to listen. */
const serverUp = async () => {
  for (let i = 0; i < 300 && !readdirSync(serverDir).some((f) => f.endsWith('.sock')); i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 500));
};
const served = workspace({ [sample]: sampleText });
writeFileSync(path.join(served, 'package.json'), JSON.stringify({ scripts: { 'build:brief': `node ${launcher}` } }));
const edited = (i: number) =>
  writeFileSync(path.join(served, sample), sampleText.replace('The commentary', `The commentary (${i})`));
serve(served, node(sample));
await serverUp();
// As for the in-process measurement: the first builds, while V8 is still compiling the hot code, are not counted.
for (let i = 0; i < WARM_UP; i++) {
  edited(Math.random());
  serve(served, node(sample));
}
const EDITS = quick ? 5 : 30;
const serverEdit = times(EDITS, () => {
  edited(Math.random());
  return serve(served, node(sample));
});
// An analyst saves, then turns to the terminal: the command comes a second after the save, when the server has drawn the brief ahead.
const serverEditPaused: number[] = [];
for (let i = 0; i < EDITS / 2; i++) {
  edited(Math.random());
  await new Promise((resolve) => setTimeout(resolve, 1000));
  serverEditPaused.push(serve(served, node(sample)));
}
const serverEditNpm = times(EDITS, () => {
  edited(Math.random());
  return serve(served, ['npm', 'run', '--silent', 'build:brief', '--', sample]);
});
/** Stops the server the last command started, once it listens, and waits until it is gone. */
const stopServer = async (dir: string) => {
  await serverUp();
  serve(dir, node('--stop-server'));
  for (let i = 0; i < 100 && readdirSync(serverDir).some((f) => f.endsWith('.sock')); i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  // A drawing under way when it was asked to stop is finished first.
  await new Promise((resolve) => setTimeout(resolve, 1000));
};
// Each edit built in its own process, with no server drawing it ahead meanwhile.
await stopServer(served);
const inProcessEdit = times(quick ? 3 : 7, () => {
  edited(Math.random());
  return serve(served, node('--no-server', sample));
});
// The first build after the server is gone builds in its own process and starts a new one.
const afterStop: number[] = [];
for (let i = 0; i < (quick ? 3 : 5); i++) {
  edited(Math.random());
  afterStop.push(serve(served, node(sample)));
  await stopServer(served);
}
// 100 changed briefs, all cores, the server and its workers warm from a build of them before.
serve(library, node('--force'));
await serverUp();
serve(library, node('--force'));
const libraryFiles = Array.from({ length: count }, (_, i) => `briefs/lib/brief-${String(i).padStart(3, '0')}.md`);
const changedLibrary = times(3, () => {
  for (const file of libraryFiles)
    writeFileSync(path.join(library, file), `${readFileSync(path.join(library, file), 'utf8')}\nOne more line.\n`);
  return serve(library, node());
});
const changedLibraryAlone = times(quick ? 1 : 3, () => {
  for (const file of libraryFiles)
    writeFileSync(path.join(library, file), `${readFileSync(path.join(library, file), 'utf8')}\nOne more line.\n`);
  return serve(library, node('--no-server'));
});
serve(library, node('--stop-server'));
// A peer, where installed: the same edit through Pandoc with wkhtmltopdf.
const installed = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const peers = {
  pandoc:
    installed('pandoc') && installed('wkhtmltopdf')
      ? median(times(EDITS, () => serve(served, ['pandoc', sample, '--pdf-engine=wkhtmltopdf', '-o', 'peer.pdf'])))
      : null,
};
// A stopped server removes its socket as it closes: give it a moment before saying one is left.
const socketsLeft = () => existsSync(serverDir) && readdirSync(serverDir).some((f) => f.endsWith('.sock'));
for (let i = 0; i < 20 && socketsLeft(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
if (socketsLeft()) console.warn('a bench server is still running in', serverDir);

const results = {
  machine: { cpus: cores, node: process.version },
  cold: { medianSeconds: median(coldRuns), runs: coldRuns, target: 0.45 },
  warm: { medianMs: Math.round(warmMs), runs: warmRuns.map(Math.round), target: 120 },
  warmAfterEdit: { medianMs: Math.round(median(editedRuns)), runs: editedRuns.map(Math.round) },
  warmUnchanged: { medianMs: Math.round(median(keptRuns)), runs: keptRuns.map(Math.round) },
  tagging: {
    medianMs: { tagged: Math.round(median(tagging.tagged)), untagged: Math.round(median(tagging.untagged)) },
    bytes: { tagged: tagging.taggedBytes, untagged: tagging.untaggedBytes },
    timeRatio: taggingTime,
    sizeRatio: taggingSize,
    target: { timeRatio: 1.1, sizeRatio: 1.15 },
  },
  copies: { msPerCopy: Math.round(msPerCopy), ratioToWarmRender: msPerCopy / warmMs },
  library: {
    briefs: count,
    medianPages: median(libraryPages),
    oneWorkerSeconds: oneWorker.seconds,
    allCoresSeconds: allCores.seconds,
    workers: cores,
    speedup: oneWorker.seconds / allCores.seconds,
    target: { allCoresSeconds: 10, speedup: 1.7 },
    twoBuildsAtOnce: { aloneSeconds: alone, togetherSeconds: together, slowdown: together / alone },
  },
  noop: { medianSeconds: median(noopRuns), runs: noopRuns, target: 0.3 },
  long: { runs: long, target: { seconds500: 15, peakMB: 1024, ratioLastToFirst: 1.3 } },
  footnotes: {
    notes: notes.notes,
    with: notes.with,
    without: notes.without,
    timeRatio: notes.with.seconds / notes.without.seconds,
    target: { timeRatio: 1.5, peakMB: 1024 },
  },
  server: {
    editSeconds: median(serverEdit),
    editRuns: serverEdit,
    editPausedSeconds: median(serverEditPaused),
    editThroughNpmSeconds: median(serverEditNpm),
    editInProcessSeconds: median(inProcessEdit),
    firstAfterStopSeconds: median(afterStop),
    changedLibrarySeconds: median(changedLibrary),
    changedLibraryRuns: changedLibrary,
    changedLibraryAloneSeconds: median(changedLibraryAlone),
    peers,
    target: { editSeconds: 0.2, changedLibrarySeconds: 5 },
  },
};
writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const rows: [string, string, string][] = [
  ['1. cold build, sample brief (median)', `${results.cold.medianSeconds.toFixed(2)} s`, '≤ 0.45 s'],
  ['2. warm re-render in one process (median)', `${results.warm.medianMs} ms`, '≤ 120 ms'],
  ['   after a one-word edit', `${results.warmAfterEdit.medianMs} ms`, ''],
  ['   unchanged (its drawing kept)', `${results.warmUnchanged.medianMs} ms`, ''],
  [
    '   tagged vs untagged: time, size',
    `×${taggingTime.toFixed(2)}, ×${taggingSize.toFixed(2)} (${tagging.taggedBytes} vs ${tagging.untaggedBytes} bytes)`,
    '≤ ×1.10, ≤ ×1.15',
  ],
  [
    '   one named copy',
    `${results.copies.msPerCopy} ms (×${results.copies.ratioToWarmRender.toFixed(2)} of a render)`,
    '',
  ],
  [`3. ${count} briefs (${results.library.medianPages} pages each), 1 worker`, `${oneWorker.seconds.toFixed(1)} s`, ''],
  [
    `3. ${count} briefs, ${cores} workers`,
    `${allCores.seconds.toFixed(1)} s (×${results.library.speedup.toFixed(2)})`,
    '≤ 10 s, ≥ ×1.7',
  ],
  [
    '   two 1-worker builds at once vs alone',
    `${together.toFixed(1)} s vs ${alone.toFixed(1)} s (×${results.library.twoBuildsAtOnce.slowdown.toFixed(2)})`,
    '',
  ],
  ['4. no-op rebuild (median)', `${results.noop.medianSeconds.toFixed(2)} s`, '≤ 0.3 s'],
  ...long.map((l): [string, string, string] => [
    `5. ${l.pages} pages (report)`,
    `${l.seconds.toFixed(1)} s, ${l.msPerPage} ms/page, ${l.peakMB} MB`,
    l.targetPages === 500 ? '≤ 15 s, ≤ 1 GB' : '',
  ]),
  [
    `   ${notes.with.pages} pages, ${notes.notes} notes vs none (${notes.without.pages} pages)`,
    `${notes.with.seconds.toFixed(1)} s vs ${notes.without.seconds.toFixed(1)} s (×${results.footnotes.timeRatio.toFixed(2)}), ${notes.with.peakMB} vs ${notes.without.peakMB} MB`,
    '≤ ×1.5, < 1 GB',
  ],
  [
    '6. warm server: sample after an edit',
    `${median(serverEdit).toFixed(2)} s (own process ${median(inProcessEdit).toFixed(2)} s)`,
    '≤ 0.2 s',
  ],
  ['   the same, the command a second after the save', `${median(serverEditPaused).toFixed(2)} s`, ''],
  ['   the same through npm run build:brief', `${median(serverEditNpm).toFixed(2)} s`, ''],
  ['   first build after the server stopped', `${median(afterStop).toFixed(2)} s`, 'no slower than own process'],
  [
    `   ${count} changed briefs, ${cores} workers`,
    `${median(changedLibrary).toFixed(1)} s (own process ${median(changedLibraryAlone).toFixed(1)} s)`,
    '≤ 5 s',
  ],
  ['   peers: Pandoc + wkhtmltopdf', peers.pandoc === null ? 'not installed' : `${peers.pandoc.toFixed(2)} s`, ''],
];
const width = Math.max(...rows.map((row) => row[0].length));
for (const [what, value, target] of rows) console.log(`${what.padEnd(width)}  ${value.padEnd(34)}  ${target}`);
const [first, last] = [long[0], long[long.length - 1]];
console.log(
  `ms/page at ${last.pages} pages ÷ at ${first.pages} pages: ${(last.msPerPage / first.msPerPage).toFixed(2)} (target ≤ 1.3)`,
);
