import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch as chokidar } from 'chokidar';
import { type BuildContext, type BuildResult, buildBrief } from './build.ts';
import type { Reporter } from './report.ts';
import { loadTemplates } from './stages/template.ts';

interface WatchOptions {
  context: BuildContext;
  reporter: Reporter;
  /** Files and folders given on the command line: where briefs are. */
  roots: string[];
  templatesDir: string;
  /** The first full build's results. */
  results: BuildResult[];
}

/**
 * Rebuilds only the briefs a change affects: the brief itself, or one whose
 * template, partial or image changed. A content error is printed and
 * watching goes on; changes that arrive during a build are queued and built
 * next. Runs until the process is stopped.
 */
export async function watchBriefs({ context, reporter, roots, templatesDir, results }: WatchOptions): Promise<never> {
  const known = new Map(results.map((r) => [r.absPath, r]));
  const pending = new Map<string, number>();
  let building = false;
  let timer: NodeJS.Timeout | undefined;

  const isBrief = (file: string) =>
    file.endsWith('.md') && roots.some((root) => file === root || file.startsWith(root + path.sep));
  const inTemplates = (file: string) => file.startsWith(templatesDir + path.sep);

  const watcher = chokidar([...roots, templatesDir, ...results.flatMap((r) => r.inputs)], {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 },
  });
  watcher.on('all', (_event, file) => {
    const absolute = path.resolve(context.cwd, file);
    if (!pending.has(absolute)) pending.set(absolute, performance.now());
    schedule();
  });

  function schedule() {
    if (building) return; // picked up when the current build ends
    clearTimeout(timer);
    timer = setTimeout(flush, 25);
  }

  async function flush() {
    building = true;
    const changes = new Map(pending);
    pending.clear();
    if ([...changes.keys()].some(inTemplates)) {
      context.templates = await loadTemplates(templatesDir, context.cwd);
    }
    const affected = new Map<string, number>();
    for (const [file, at] of changes) {
      const hit = (brief: string) => affected.set(brief, Math.min(at, affected.get(brief) ?? at));
      if (isBrief(file)) hit(file);
      for (const [brief, result] of known) {
        // A failed brief may have failed for want of this very file.
        if (result.inputs.includes(file) || (inTemplates(file) && !result.ok)) hit(brief);
      }
    }
    for (const [brief, at] of affected) {
      if (!existsSync(brief)) {
        known.delete(brief);
        continue;
      }
      reporter.started(path.relative(context.cwd, brief));
      const result = await buildBrief(brief, context).catch((error: Error) => {
        reporter.note(`Internal error (a bug): ${error.stack}`);
        return undefined;
      });
      if (!result) continue;
      known.set(brief, result);
      watcher.add(result.inputs);
      reporter.result(result);
      reporter.note(
        `  ${result.source}: ${Math.round(performance.now() - at)} ms from the edit to the ${context.checkOnly ? 'check' : 'PDF'}`,
      );
    }
    building = false;
    if (pending.size) schedule();
  }

  // Said once chokidar has looked at every file: an edit made before then could go unseen.
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  reporter.note(
    `Watching ${roots.map((r) => path.relative(context.cwd, r) || '.').join(', ')} and templates/ for changes (Ctrl-C stops).`,
  );
  return new Promise<never>(() => {});
}
