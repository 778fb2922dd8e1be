import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BuildResult } from '../build.ts';
import { buildAll, defaultJobs, shard } from '../build-all.ts';
import { CONFORMANCE_LEVELS, type Conformance } from '../conformance.ts';
import { ContentError } from '../diagnostics/diagnostic.ts';
import { formatDiagnostic } from '../diagnostics/format.ts';
import { isBook, removeStaleTemporaries } from '../platform/files.ts';
import { packageRoot } from '../platform/package-root.ts';
import { gitNotice, repository } from '../stages/provenance.ts';
import { findBriefs, MissingPathError } from '../stages/read.ts';
import { didYouMean } from '../suggest.ts';
import type { WorkerContext } from '../worker.ts';
import { type Format, Reporter } from './report.ts';

const USAGE = `Usage: npm run build:brief -- [options] [PATH...]
       npm run check:brief -- [options] [PATH...]

Builds every brief (Markdown with YAML front matter) under briefs/, or only the
given files and folders, into PDF memos under output/ (same relative paths).
Paths and --out are taken from the folder the command was run from.

Options:
  --check            check the briefs without rendering them (what check:brief runs)
  --strict           treat warnings (placeholder text such as TODO) as errors
  --format FORMAT    text (default) or json: the diagnostics as one JSON array on stdout
  --watch            rebuild the briefs a change affects until stopped
  --compare REV      build a redline of each brief against git revision REV (a tag, a hash,
                     HEAD~3, a branch) into output/<brief>.changes-since-<REV>.pdf
  --jobs N           build in N worker threads (default: one per core)
  --force            rebuild every brief, even those whose inputs have not changed
  --shard I/N        build only the I-th of N even slices of the briefs (for CI matrices)
  --merge DIR...     join the output folders of shards into one (into output/ or --out): their
                     PDFs, one manifest and one index page, as one unsharded build writes them
  --copies           also write a copy for each reader the brief names (distribution:)
  --release-level L  hold back every brief classified above L, a level of its marking scheme
                     (e.g. UNCLASSIFIED): none is written, copied or listed
  --out DIR          write PDFs into DIR instead of output/
  --template NAME    use templates/NAME.hbs for every brief, whatever its front matter says;
                     a brief whose own template is another one goes to output/<brief>.NAME.pdf
  --conformance L    PDF/A level for every brief: PDF/A-1b, PDF/A-2b, PDF/A-3b or none
                     (default: the brief's, else its template's, else PDF/A-2b, or
                     PDF/A-3b for a brief with attachSource)
  --no-server        build in this process, not in the project's warm build process (also
                     with BRIEFING_NO_SERVER=1, and always when CI is set)
  --stop-server      stop the project's warm build process
  --version          print the version and exit
  -h, --help         print this help

Exit codes: 0 every brief built; 1 a brief failed (the others are still built);
2 usage error; 3 internal error (a bug: please report it with the stack trace).`;

/** Exit codes, as documented in the README. */
const EXIT = { ok: 0, content: 1, usage: 2, internal: 3 } as const;

/**
 * Runs the command. `cwd` is the project (with briefs/ and templates/); paths
 * on the command line and `--out` are taken from the folder the user ran the
 * command from: npm runs scripts from the project's folder and says where the
 * user was in INIT_CWD.
 */
export async function main(argv: string[], cwd = process.cwd(), env = process.env): Promise<number> {
  const here = userFolder(cwd, env.INIT_CWD);
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
    if (!['text', 'json'].includes(args.values.format)) throw new Error(`Unknown format "${args.values.format}".`);
    if (args.values.jobs !== undefined && !/^[1-9]\d*$/.test(args.values.jobs))
      throw new Error('--jobs takes a whole number.');
    if (args.values.shard) shard([], args.values.shard);
    const level = args.values['release-level'];
    if (level !== undefined) await checkReleaseLevel(level, path.join(cwd, 'templates'), cwd);
    const conformance = args.values.conformance;
    if (conformance !== undefined && !(CONFORMANCE_LEVELS as readonly string[]).includes(conformance)) {
      throw new Error(`--conformance takes one of ${CONFORMANCE_LEVELS.join(', ')}, not "${conformance}".`);
    }
    if (!args.values.help && !args.values.version && args.values.template !== undefined) {
      checkTemplateName(args.values.template, path.join(cwd, 'templates'));
    }
  } catch (error) {
    process.stderr.write(`${usageMessage(error)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.values.version) {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  // The launcher stops a running build process itself (bin/server-client.mjs); here, none runs.
  if (args.values['stop-server']) {
    process.stdout.write('No build server is running.\n');
    return EXIT.ok;
  }
  if (args.values.merge) {
    if (args.positionals.length === 0) {
      process.stderr.write(`--merge needs the output folders of the shards: --merge DIR...\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    return merge(
      args.positionals.map((p) => path.resolve(here, p)),
      args.values.out,
      here,
      cwd,
    );
  }
  const started = performance.now();
  const given = givenPaths(args.positionals, cwd);
  let files: string[];
  try {
    files = await briefsIn(given, here, cwd, args.values.shard);
  } catch (error) {
    if (!(error instanceof MissingPathError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  const context = contextOf(args.values, cwd, here, env);
  const reporter = new Reporter({
    format: args.values.format as Format,
    cwd: here,
    root: cwd,
    checkOnly: Boolean(args.values.check),
    total: files.length,
  });
  if (args.values.compare !== undefined) return compare(files, args.values.compare, context, reporter, started);
  if (!context.checkOnly && args.values.format === 'text') {
    const notice = gitNotice(await repository(cwd));
    if (notice) process.stderr.write(`${notice}\n`);
  }
  // Temporary files that a build killed mid-write left in the output folder.
  if (!context.checkOnly) await removeStaleTemporaries(context.outDir, { recursive: true });
  const build = (briefs: string[], jobs: number) =>
    buildAll(briefs, {
      context,
      jobs,
      cache: !args.values.force,
      copies: args.values.copies,
      started: (file) => reporter.started(path.relative(cwd, file)),
      finished: (result) => reporter.result(result),
    });
  const results = await build(files, args.values.jobs ? Number(args.values.jobs) : defaultJobs(files.length));
  // An output folder that cannot be written fails each brief already; the manifest says so once more, never a crash.
  const published = context.checkOnly || (await publish(results, context.outDir).then(() => true, unwritable));
  reporter.summary((performance.now() - started) / 1000);
  if (args.values.watch) {
    const { watchBriefs } = await import('./watch.ts');
    return watchBriefs({
      cwd: here,
      reporter,
      roots: given.map((g) => path.resolve(here, g)),
      templatesDir: context.templatesDir,
      results,
      // One at a time in this thread: a rebuild is a brief or a few, and the renderer stays warm.
      build: (briefs) => build(briefs, 1),
      publish: (all) => publish(all, context.outDir),
      checkOnly: context.checkOnly,
    });
  }
  return results.every((r) => r.ok) && published ? EXIT.ok : EXIT.content;

  function unwritable(error: unknown): false {
    if (!(error instanceof ContentError)) throw error;
    if (args.values.format === 'text') {
      for (const d of error.diagnostics) {
        const file = path.isAbsolute(d.file) ? d.file : path.resolve(cwd, d.file);
        process.stderr.write(`${formatDiagnostic({ ...d, file }, undefined, here)}\n`);
      }
    }
    return false;
  }
}

/** The paths a command names; without any, every brief and book of the project, wherever it was run from. */
function givenPaths(positionals: string[], cwd: string): string[] {
  const booksDir = path.join(cwd, 'books');
  return positionals.length ? positionals : [path.join(cwd, 'briefs'), ...(existsSync(booksDir) ? [booksDir] : [])];
}

/** The briefs and books under those paths, or this shard's slice of them. */
async function briefsIn(given: string[], here: string, cwd: string, shardSpec: string | undefined): Promise<string[]> {
  const files = await findBriefs(given, here, path.join(cwd, 'books'));
  return shardSpec ? shard(files, shardSpec) : files;
}

/** What a build of these options reads and writes where. */
function contextOf(values: ReturnType<typeof parse>['values'], cwd: string, here: string, env: NodeJS.ProcessEnv) {
  return {
    cwd,
    root: cwd,
    briefsDir: path.join(cwd, 'briefs'),
    outDir: values.out === undefined ? path.join(cwd, 'output') : path.resolve(here, values.out),
    templatesDir: path.join(cwd, 'templates'),
    templateOverride: values.template,
    conformance: values.conformance as Conformance | undefined,
    sourceDateEpoch: sourceDateEpoch(env),
    force: values.force,
    checkOnly: values.check,
    strict: values.strict,
    releaseLevel: values['release-level'],
  } satisfies WorkerContext;
}

/**
 * The briefs a command line builds, with the context it builds them in;
 * none for a command that builds nothing or has a usage error (main says
 * what). What the build server draws ahead from (draw-ahead.ts).
 */
export async function plan(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ files: string[]; context: WorkerContext } | undefined> {
  try {
    const { values, positionals } = parse(argv);
    if (values.help || values.version || values['stop-server'] || values.merge || values.compare !== undefined)
      return undefined;
    const here = userFolder(cwd, env.INIT_CWD);
    const files = await briefsIn(givenPaths(positionals, cwd), here, cwd, values.shard);
    return { files, context: contextOf(values, cwd, here, env) };
  } catch {
    return undefined;
  }
}

/** `--merge DIR...`: the shards' outputs as one output folder (see src/distribution/merge.ts). */
async function merge(shards: string[], out: string | undefined, here: string, cwd: string): Promise<number> {
  const { mergeShards, MergeError } = await import('../distribution/merge.ts');
  const outDir = out === undefined ? path.join(cwd, 'output') : path.resolve(here, out);
  try {
    const entries = await mergeShards(shards, outDir);
    process.stdout.write(
      `${entries.length} PDFs from ${shards.length} shards merged into ${path.relative(here, outDir) || '.'}.\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.content;
  }
}

/** The manifest and the index page of what this run built. */
async function publish(results: BuildResult[], outDir: string): Promise<void> {
  const [{ writeManifest }, { writeIndex }] = await Promise.all([
    import('../distribution/manifest.ts'),
    import('../distribution/index-page.ts'),
  ]);
  const entries = await writeManifest(results, outDir);
  await writeIndex(entries, outDir);
}

/** Redlines, one brief after another in this thread. */
async function compare(files: string[], revision: string, context: WorkerContext, reporter: Reporter, started: number) {
  const [{ buildRedline }, { loadTemplates }, { bookBriefs }, { readBookStep }, { pipeline, runSteps }] =
    await Promise.all([
      import('../redline/build-redline.ts'),
      import('../stages/template.ts'),
      import('../books/load.ts'),
      import('../books/steps.ts'),
      import('../pipeline/runner.ts'),
    ]);
  const templates = await loadTemplates(context.templatesDir, context.cwd);
  const full = { ...context, templates };
  let ok = true;
  // A book is compared brief by brief: a redline of each of its briefs.
  const briefs = new Set<string>();
  for (const file of files) {
    if (!isBook(file)) {
      briefs.add(file);
      continue;
    }
    const { result, value } = await runSteps(pipeline<string>().add(readBookStep), file, full);
    if (!value) {
      reporter.result(result);
      ok = false;
    }
    for (const member of value ? bookBriefs(value) : []) briefs.add(member);
  }
  for (const file of briefs) {
    reporter.started(path.relative(context.cwd, file));
    const result = await buildRedline(file, revision, full);
    reporter.result(result);
    ok &&= result.ok;
  }
  reporter.summary((performance.now() - started) / 1000);
  return ok ? EXIT.ok : EXIT.content;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      check: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      watch: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      force: { type: 'boolean', default: false },
      shard: { type: 'string' },
      compare: { type: 'string' },
      merge: { type: 'boolean', default: false },
      'no-server': { type: 'boolean', default: false },
      'stop-server': { type: 'boolean', default: false },
      copies: { type: 'boolean', default: false },
      'release-level': { type: 'string' },
      out: { type: 'string' },
      template: { type: 'string' },
      conformance: { type: 'string' },
      version: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The command line's options, as typed: what an unknown option is compared with. */
const OPTION_NAMES = [
  '--check',
  '--strict',
  '--format',
  '--watch',
  '--jobs',
  '--force',
  '--shard',
  '--compare',
  '--merge',
  '--no-server',
  '--stop-server',
  '--copies',
  '--release-level',
  '--out',
  '--template',
  '--conformance',
  '--version',
  '--help',
];

/**
 * A usage error in the tool's own words. Node's parseArgs tells the user to
 * put an unknown option after `--`, which npm users already did.
 */
function usageMessage(error: unknown): string {
  const e = error as Error & { code?: string };
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'([^']+)'/.exec(e.message)?.[1] ?? '';
    const name = given.split('=')[0];
    const suggestion = didYouMean(name.replace(/^-+/, '--'), OPTION_NAMES);
    return `Unknown option ${name}.${suggestion ? ` ${suggestion.replaceAll('"', '')}` : ''}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /'(-[^' ]+)/.exec(e.message)?.[1] ?? 'An option';
    return /argument missing/.test(e.message) ? `${name} needs a value: ${name} VALUE.` : `${name} takes no value.`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `Unexpected argument: ${e.message}`;
  return e.message;
}

/** An unknown `--template` is a usage error, said once before anything is built. */
function checkTemplateName(name: string, templatesDir: string): void {
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(templatesDir, { withFileTypes: true });
  } catch {
    // No templates folder: every name is unknown.
  }
  const names = entries
    .filter((e) => e.isFile() && e.name.endsWith('.hbs'))
    .map((e) => e.name.slice(0, -'.hbs'.length))
    .sort();
  if (names.includes(name)) return;
  const suggestion = didYouMean(name, names) ?? `Templates: ${names.join(', ')}.`;
  throw new Error(`--template: there is no template "${name}" in templates/. ${suggestion}`);
}

/** A release level that no marking scheme has (a typo) is a usage error, said once; each brief checks its own scheme. */
async function checkReleaseLevel(level: string, templatesDir: string, cwd: string): Promise<void> {
  const { loadSchemes } = await import('../markings/load.ts');
  const schemes = await loadSchemes(path.join(templatesDir, 'markings'), cwd);
  const levels = schemes.names.flatMap((name) => {
    const loaded = schemes.get(name);
    return loaded && !Array.isArray(loaded) ? loaded.scheme.levels.map((l) => l.name) : [];
  });
  if (levels.includes(level)) return;
  const suggestion = didYouMean(level, levels) ?? `Levels: ${[...new Set(levels)].join(', ')}.`;
  throw new Error(`--release-level: "${level}" is not a level of any marking scheme. ${suggestion}`);
}

function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Where paths given by the user are taken from: the folder npm was run from
 * (INIT_CWD) when it is inside the project, else the working directory.
 */
export function userFolder(cwd: string, initCwd: string | undefined): string {
  if (!initCwd) return cwd;
  const from = path.resolve(cwd, initCwd);
  const relative = path.relative(cwd, from);
  const inside =
    relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
  return inside ? from : cwd;
}

function sourceDateEpoch(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.SOURCE_DATE_EPOCH;
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Runs the command line and sets the exit code; an exception that escapes is a bug (exit 3). */
export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    process.stderr.write(`Internal error (a bug, not a problem in your brief):\n${(error as Error).stack ?? error}\n`);
    process.exitCode = EXIT.internal;
  }
}
