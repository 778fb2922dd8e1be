/**
 * The pipeline of one brief, as one list of named steps (src/pipeline/steps.ts)
 * run by one runner (src/pipeline/runner.ts), which owns what every path
 * shares: the files read, the problems found, `--strict`, a held-back brief.
 *
 *   read → parse → validate → markings → release guard → sources → template → markdown → order → derive
 *        → cite → check → attachments → release guard → stamp → render → page budget → bind → attach → write
 *
 * Checking is the list cut after `check`; a redline inserts its diff before
 * `stamp` and writes elsewhere (src/redline/build-redline.ts). The batch
 * (src/build-all.ts), worker threads, watch mode and copies all come here, and
 * an unchanged brief's PDF comes from the cache through the same runner
 * (src/pipeline/cached.ts), so the release guard, `--strict`, page budgets and
 * check-only hold on every path.
 */
import { bookGuard, bookMarkings, bookTabs, drawBookStep, readBookStep, writeBook } from './books/steps.ts';
import type { BuildContext, BuildResult } from './pipeline/context.ts';
import { type Finished, pipeline, runPipeline } from './pipeline/runner.ts';
import {
  attach,
  attachments,
  attachmentsGuard,
  bind,
  briefOutput,
  check,
  cite,
  derive,
  drawInMemory,
  markdown,
  markings,
  order,
  pageBudget,
  parse,
  read,
  releaseGuard,
  render,
  sources,
  stamp,
  template,
  validate,
  write,
} from './pipeline/steps.ts';
import { isBook } from './platform/files.ts';

export type { BuildContext, BuildResult } from './pipeline/context.ts';

/** One brief's checks, on its own: what a memo's attached briefs go through. */
const briefChecks = pipeline<string>()
  .add(read)
  .add(parse)
  .add(validate)
  .add(markings)
  .add(releaseGuard)
  .add(sources)
  .add(template)
  .add(markdown)
  .add(order)
  .add(derive)
  .add(cite)
  .add(check);

/** Up to a brief known to be printable, its attachments with it: what `check:brief` runs. */
export const checkSteps = briefChecks.add(attachments(briefChecks)).add(attachmentsGuard);

/** Checking writes nothing: the list ends with the checks. */
export const checkOnlySteps = checkSteps.add<Finished>({ name: 'checked', run: () => ({ value: {} }) });

/** A brief drawn, its attachments bound after it: what a book takes of each brief. */
const drawSteps = checkSteps.add(stamp()).add(render).add(pageBudget).add(bind);

export const buildSteps = drawSteps.add(attach).add(write(briefOutput));

/** A brief laid out and drawn in memory: what the build server draws ahead (src/cli/draw-ahead.ts). */
export const drawAheadSteps = checkSteps.add(stamp()).add(drawInMemory);

/**
 * A briefing book (`books/<name>.yaml`): its briefs through the steps above,
 * its marking derived from theirs, its own pages drawn, all bound. Checking
 * draws the briefs (a book's page numbers need them) and writes nothing.
 */
const bookChecks = pipeline<string>().add(readBookStep).add(bookTabs(drawSteps)).add(bookMarkings).add(bookGuard);
export const bookSteps = bookChecks.add(drawBookStep).add(writeBook);
const bookCheckOnlySteps = bookChecks.add<Finished>({ name: 'checked', run: () => ({ value: {} }) });

/** One brief or book: checked, or built and written, as the context says. */
export function buildBrief(absPath: string, context: BuildContext): Promise<BuildResult> {
  if (isBook(absPath)) return runPipeline(context.checkOnly ? bookCheckOnlySteps : bookSteps, absPath, context);
  return runPipeline(context.checkOnly ? checkOnlySteps : buildSteps, absPath, context);
}
