import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch as chokidar } from 'chokidar';
import type { BuildResult } from '../build.ts';
import type { Reporter } from './report.ts';

interface WatchOptions {
  /** Where the user is: paths are printed relative to it. */
  cwd: string;
  reporter: Reporter;
  /** Files and folders given on the command line: where briefs are. */
  roots: string[];
  templatesDir: string;
  /** The first full build's results. */
  results: BuildResult[];
  /** Builds these briefs as a batch build does (cache, copies), reporting each. */
  build(files: string[]): Promise<BuildResult[]>;
  /** Writes the manifest and the index page of every brief known. */
  publish(results: BuildResult[]): Promise<void>;
  checkOnly?: boolean;
}

/**
 * Rebuilds only the briefs a change affects: the brief itself, or one whose
 * template, partial or image changed, through the same build as a batch
 * (so copies, the manifest and the index page follow). A content error is
 * printed and watching goes on; changes that arrive during a build are
 * queued and built next. Runs until the process is stopped.
 */
export async function watchBriefs(options: WatchOptions): Promise<never> {
  const { cwd, reporter, roots, templatesDir } = options;
  const known = new Map(options.results.map((r) => [r.absPath, r]));
  const pending = new Map<string, number>();
  let building = false;
  let timer: NodeJS.Timeout | undefined;

  const isBrief = (file: string) =>
    file.endsWith('.md') && roots.some((root) => file === root || file.startsWith(root + path.sep));
  const inTemplates = (file: string) => file.startsWith(templatesDir + path.sep);

  const watcher = chokidar([...roots, templatesDir, ...options.results.flatMap((r) => r.inputs)], {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 },
  });
  watcher.on('all', (_event, file) => {
    const absolute = path.resolve(cwd, file);
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
    const affected = new Map<string, number>();
    for (const [file, at] of changes) {
      const hit = (brief: string) => affected.set(brief, Math.min(at, affected.get(brief) ?? at));
      if (isBrief(file)) hit(file);
      for (const [brief, result] of known) {
        // A failed brief may have failed for want of this very file.
        if (result.inputs.includes(file) || (inTemplates(file) && !result.ok)) hit(brief);
      }
    }
    for (const brief of affected.keys()) if (!existsSync(brief)) known.delete(brief);
    const briefs = [...affected.keys()].filter((brief) => known.has(brief) || existsSync(brief));
    if (briefs.length) {
      const results = await options.build(briefs).catch((error: Error) => {
        reporter.note(`Internal error (a bug): ${error.stack}`);
        return [];
      });
      for (const result of results) {
        known.set(result.absPath, result);
        watcher.add(result.inputs);
        const at = affected.get(result.absPath) ?? performance.now();
        const what = options.checkOnly ? 'check' : 'PDF';
        const shown = path.relative(cwd, result.absPath) || result.absPath;
        reporter.note(
          result.ok && (options.checkOnly || result.output || result.heldBack)
            ? `  ${shown}: ${Math.round(performance.now() - at)} ms from the edit to the ${what}`
            : `  ${shown}: not rebuilt (see the problems above); the last good PDF stays`,
        );
      }
      if (!options.checkOnly) await options.publish([...known.values()]).catch(() => undefined);
    }
    building = false;
    if (pending.size) schedule();
  }

  // Said once chokidar has looked at every file: an edit made before then could go unseen.
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  reporter.note(
    `Watching ${roots.map((r) => path.relative(cwd, r) || '.').join(', ')} and templates/ for changes (Ctrl-C stops).`,
  );
  return new Promise<never>(() => {});
}
