import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runSteps } from '../pipeline/runner.ts';
import { forgetRepositories } from '../stages/provenance.ts';
import type { WorkerContext } from '../worker.ts';

/** What a command builds, and how: from `plan` in cli.ts. */
export interface Plan {
  files: string[];
  context: WorkerContext;
}

/**
 * What the build server does while no command runs: it draws, in memory,
 * what it expects the next command to build. A drawing is kept by
 * everything it is drawn from (src/pdf/render.ts), so a command that builds
 * a brief exactly as it was drawn takes the drawing instead of laying the
 * brief out again. Nothing is written.
 *
 * - After the server starts, a brief that the command which started it
 *   built, a few times over, each with a date of its own so that each is
 *   laid out: V8 compiles the layout engine's hot code over the first
 *   builds, each slower than the ones after (docs/speed.md).
 * - When a brief that the last command built is saved: that brief, once, as
 *   that command would build it.
 *
 * Not drawn ahead: a brief over MAX_BYTES (a command that arrives meanwhile
 * waits for the drawing under way), briefs saved together (a command builds
 * those in worker threads, which keep drawings of their own), and anything
 * after a command that only checked.
 * `run` queues a drawing with the server's commands, one thing at a time.
 */
export function drawAhead(run: (task: () => Promise<void>) => Promise<void>) {
  let last: Plan | undefined;
  let watchers: FSWatcher[] = [];
  let saved = new Set<string>();
  let settling: NodeJS.Timeout | undefined;
  let warming = true;

  const draw = (file: string, context: WorkerContext) =>
    run(async () => {
      try {
        // Loaded on first use, as a build loads them: a command that builds nothing never compiles templates or reads fonts.
        const [{ drawAheadSteps }, { loadTemplates }] = await Promise.all([
          import('../build.ts'),
          import('../stages/template.ts'),
        ]);
        // As a command does: whether the project is a repository now, and what it holds.
        forgetRepositories();
        const templates = await loadTemplates(context.templatesDir, context.cwd);
        await runSteps(drawAheadSteps, file, { ...context, templates });
      } catch {
        // Whatever went wrong, the command that builds this brief meets it again, and reports it.
      }
    });

  const onSave = (file: string) => {
    if (!last?.files.includes(file) || last.context.checkOnly) return;
    saved.add(file);
    // An editor's save can be several writes: drawn once they settle.
    clearTimeout(settling);
    settling = setTimeout(async () => {
      const [one, ...more] = saved;
      saved = new Set();
      const plan = last;
      if (plan && one && more.length === 0 && (await small(one))) await draw(one, plan.context);
    }, SETTLE_MS);
  };

  return {
    /** Draws a small brief of the first command's a few times, until a command arrives. */
    async warmUp(first: Plan | undefined) {
      const file = await firstSmall(first?.files ?? []);
      if (!first || !file || first.context.checkOnly) return;
      for (let i = 1; i <= WARM_UP_DRAWS && warming; i++) {
        await draw(file, { ...first.context, sourceDateEpoch: i });
      }
    },
    /** A command arrived: warming up is over. */
    commanded() {
      warming = false;
    },
    /** The command that just ran: its briefs, when saved, are drawn as it built them. */
    expect(plan: Plan | undefined) {
      const folders = foldersOf(plan);
      const same = last !== undefined && plan !== undefined && foldersOf(last).join('\n') === folders.join('\n');
      last = plan;
      if (same) return;
      for (const watcher of watchers) watcher.close();
      watchers = [];
      if (folders.length > MAX_FOLDERS) return;
      for (const folder of folders) {
        try {
          const watcher = watch(folder, { persistent: false }, (_, name) => name && onSave(path.join(folder, name)));
          watcher.on('error', () => watcher.close());
          watchers.push(watcher);
        } catch {
          // A folder that is gone or cannot be watched: its briefs are built when asked, as always.
        }
      }
    },
    close() {
      warming = false;
      clearTimeout(settling);
      for (const watcher of watchers) watcher.close();
    },
  };
}

const WARM_UP_DRAWS = 8;
const MAX_BYTES = 64 * 1024;
/** A command over more folders than this is a batch: built in worker threads, not drawn ahead. */
const MAX_FOLDERS = 16;
const SETTLE_MS = 5;

/** The folders a plan's briefs are in, each once, in order. */
const foldersOf = (plan: Plan | undefined) => [...new Set(plan?.files.map((f) => path.dirname(f)))].sort();

const small = (file: string) =>
  stat(file).then(
    (info) => info.size <= MAX_BYTES,
    () => false,
  );

async function firstSmall(files: string[]): Promise<string | undefined> {
  for (const file of files) if (file.endsWith('.md') && (await small(file))) return file;
  return undefined;
}
