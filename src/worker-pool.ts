import type { Piscina } from 'piscina';
import type { BuildResult } from './build.ts';
import type { WorkerContext, WorkerTask } from './worker.ts';

/**
 * Worker threads for a build of more than one job. A command that runs in
 * its own process starts them and stops them when it ends. The warm build
 * process (src/cli/server.ts) keeps them between commands, so a rebuild of
 * many briefs does not pay each worker's start-up and warm-up again; each
 * command's tasks tell the workers it is a new command, and they take up
 * its environment and read the templates and repositories anew, as a fresh
 * process would.
 */
export interface WorkerPool {
  run(file: string): Promise<BuildResult>;
  close(): Promise<void>;
}

let warm: { pool: Piscina; jobs: number } | undefined;
let keep = false;
let commands = 0;

/** In the build server: pools outlive commands, until `closeWorkers()`. */
export function keepWorkers(): void {
  keep = true;
}

export async function closeWorkers(): Promise<void> {
  const pool = warm?.pool;
  warm = undefined;
  await pool?.destroy();
}

export async function workerPool(context: WorkerContext, jobs: number): Promise<WorkerPool> {
  // A warm pool with more threads serves a command with fewer jobs: no more than `jobs` briefs go to it at once.
  const pool = warm && warm.jobs >= jobs ? warm.pool : await startPool(jobs);
  const command = ++commands;
  const env = { ...process.env };
  const waiting: (() => void)[] = [];
  let running = 0;
  const run = async (file: string) => {
    if (running >= jobs) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return (await pool.run({ file, context, command, env } satisfies WorkerTask)) as BuildResult;
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  return { run, close: () => (keep ? Promise.resolve() : pool.destroy()) };
}

async function startPool(jobs: number): Promise<Piscina> {
  await closeWorkers();
  const { Piscina } = await import('piscina');
  // Beside this module: worker.ts in the sources; the launcher (bin/briefing.mjs) names its own entry in the bundle.
  const worker = new URL(process.env.BRIEFING_WORKER ?? './worker.ts', import.meta.url);
  const pool = new Piscina({
    filename: worker.href,
    maxThreads: jobs,
    minThreads: jobs,
    // As for the main thread (bin/briefing.mjs): a young generation that fits a brief's layout.
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
  });
  if (keep) warm = { pool, jobs };
  return pool;
}
