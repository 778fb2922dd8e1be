import os from 'node:os';
import pMap from 'p-map';
import type { BuildContext, BuildResult } from './build.ts';
import { BuildCache, gitState } from './cache.ts';
import { cachedSteps } from './pipeline/cached.ts';
import { runPipeline } from './pipeline/runner.ts';
import { isBook, outputPathFor } from './platform/files.ts';
import type { WorkerContext } from './worker.ts';
import { workerPool } from './worker-pool.ts';

export interface BuildAllOptions {
  context: WorkerContext;
  /** Worker threads; 1 builds in this thread. */
  jobs: number;
  /** Reuse PDFs whose inputs have not changed. */
  cache: boolean;
  /** Also write a copy for each named reader. */
  copies?: boolean;
  started(file: string): void;
  /** Called in the order of `files`, whatever order the builds finish in. */
  finished(result: BuildResult): void;
}

/** The default number of workers: one per core, no more than there are briefs to build. */
export function defaultJobs(briefs: number): number {
  return Math.max(1, Math.min(os.availableParallelism(), briefs));
}

/** The I-th of N slices (1-based) of the sorted briefs: every N-th brief, so slices stay even. */
export function shard(files: string[], spec: string): string[] {
  const match = /^(\d+)\/(\d+)$/.exec(spec);
  const [i, n] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!(n >= 1 && i >= 1 && i <= n)) throw new Error(`--shard takes I/N with 1 ≤ I ≤ N, not "${spec}".`);
  return [...files].sort().filter((_, index) => index % n === i - 1);
}

/**
 * Builds many briefs: unchanged ones come from the cache without loading the
 * renderer at all; the rest are built in worker threads (or in this thread
 * for one job). Results are reported in the order of `files`.
 */
export async function buildAll(files: string[], options: BuildAllOptions): Promise<BuildResult[]> {
  const { context } = options;
  const useCache = options.cache && !context.checkOnly;
  const cache = useCache
    ? new BuildCache(context.outDir, context.root, context, await gitState(context.root))
    : undefined;
  const results: (BuildResult | undefined)[] = new Array(files.length);
  let reported = 0;
  const settle = async (index: number, built: BuildResult) => {
    // Loaded only for copies: pdf-lib and the fonts are not needed otherwise.
    results[index] = options.copies
      ? await (await import('./distribution/distribute.ts')).withCopies(built, context)
      : built;
    while (reported < files.length && results[reported]) options.finished(results[reported++] as BuildResult);
  };

  // Lookups only read files: many at once keep the disk busy instead of waiting on each in turn.
  const fromCache = await pMap(
    files,
    async (file) => {
      const hit = await cache?.lookup(file);
      if (!hit?.meta) return undefined;
      const output = hit.output ?? outputPathFor(file, context.briefsDir, context.outDir);
      // A cached PDF that cannot be put in place is built again (and then reports why it cannot be written).
      return runPipeline(cachedSteps({ ...hit, meta: hit.meta }, output), file, context).catch(() => undefined);
    },
    { concurrency: LOOKUPS_AT_ONCE },
  );
  const todo: number[] = [];
  for (const [index, result] of fromCache.entries()) {
    if (result) await settle(index, result);
    else todo.push(index);
  }
  if (todo.length === 0) return results as BuildResult[];

  const run = await runner(context, Math.min(options.jobs, todo.length));
  try {
    // Books after briefs: a book takes its briefs' PDFs from the cache when they were just built.
    for (const phase of [todo.filter((i) => !isBook(files[i])), todo.filter((i) => isBook(files[i]))]) {
      await Promise.all(
        phase.map(async (index) => {
          options.started(files[index]);
          const result = await run(files[index]);
          if (cache && result.ok && !result.heldBack) await cache.store(result);
          await settle(index, result);
        }),
      );
    }
  } finally {
    await run.close();
  }
  return results as BuildResult[];
}

const LOOKUPS_AT_ONCE = 16;

type Runner = ((file: string) => Promise<BuildResult>) & { close(): Promise<void> };

/** Builds in this thread for one job, else in a pool of worker threads. */
async function runner(context: WorkerContext, jobs: number): Promise<Runner> {
  if (jobs <= 1) {
    const [{ buildBrief }, { loadTemplates }] = await Promise.all([
      import('./build.ts'),
      import('./stages/template.ts'),
    ]);
    const full: BuildContext = { ...context, templates: await loadTemplates(context.templatesDir, context.cwd) };
    let queue = Promise.resolve();
    // One at a time, in order: the fonts and layout engine are not reentrant.
    const run = (file: string) => {
      const next = queue.then(() => buildBrief(file, full));
      queue = next.then(
        () => undefined,
        () => undefined,
      );
      return next;
    };
    return Object.assign(run, { close: async () => {} });
  }
  const pool = await workerPool(context, jobs);
  return Object.assign(pool.run, { close: pool.close });
}
