import path from 'node:path';
import { ContentError, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { BuildContext, BuildResult } from './context.ts';

/** What a step gives back: the next value, the files it read, and the problems it found. */
export interface Done<T> {
  value: T;
  inputs?: string[];
  diagnostics?: Diagnostic[];
}

/** A step that ends a brief early without a problem: the release guard holding it back. */
export class Stop {
  constructor(readonly heldBack: string) {}
}

/** One named step of the pipeline; a content problem is thrown as a ContentError. */
export interface Step<I, O, C = BuildContext> {
  name: string;
  /**
   * The step makes the brief's output (a redline's diff, the stamp, the PDF):
   * not run once a problem has been found. The checks before it all run, so
   * every problem of a brief is reported in one pass.
   */
  output?: boolean;
  run(input: I, context: C): Promise<Done<O> | Stop> | Done<O> | Stop;
}

/** What the last step of a pipeline hands back: the file written and what distribution needs. */
export type Finished = Pick<BuildResult, 'output' | 'pages' | 'meta' | 'cached'>;

/**
 * A list of steps, each taking the value the one before it returned. `add`
 * makes a longer list and leaves this one as it is, so variants (check-only,
 * a redline) are the same list cut or extended, never a copy of it.
 */
export class Pipeline<I, O, C = BuildContext> {
  constructor(readonly steps: readonly Step<unknown, unknown, C>[] = []) {}

  add<N>(step: Step<O, N, C>): Pipeline<I, N, C> {
    return new Pipeline([...this.steps, step as Step<unknown, unknown, C>]);
  }
}

export function pipeline<I, C = BuildContext>(): Pipeline<I, I, C> {
  return new Pipeline<I, I, C>();
}

/** What the runner itself reads of the context; a pipeline's steps may need more. */
type RunnerContext = Pick<BuildContext, 'cwd' | 'strict'>;

/**
 * Runs a brief through a pipeline and owns the bookkeeping every path shares:
 * the files read (what the cache keys and watch mode follow), the problems
 * found, `--strict` (a warning counts as an error: the checks go on, nothing
 * is made), a held-back brief, and the time taken. A content problem
 * ends the brief as diagnostics; any other exception is a bug and propagates.
 */
export async function runPipeline<C extends RunnerContext>(
  steps: Pipeline<string, Finished, C>,
  absPath: string,
  context: C,
): Promise<BuildResult> {
  const { result, value } = await runSteps(steps, absPath, context);
  return value === undefined ? result : { ...result, ...value };
}

/**
 * The runner itself, for a pipeline that ends in any value: a brief's result
 * (`ok` false, no value, when a problem or the release guard stopped it), and
 * the last step's value when every step ran. A memo's attachments run
 * through it to be checked and drawn.
 */
export async function runSteps<T, C extends RunnerContext>(
  steps: Pipeline<string, T, C>,
  absPath: string,
  context: C,
): Promise<{ result: BuildResult; value?: T }> {
  const started = performance.now();
  const inputs = [absPath];
  const diagnostics: Diagnostic[] = [];
  const result = (fields: Partial<BuildResult>): BuildResult => ({
    source: path.relative(context.cwd, absPath) || absPath,
    absPath,
    ok: false,
    diagnostics,
    inputs: [...new Set(inputs)],
    ms: Math.round(performance.now() - started),
    ...fields,
  });
  let value: unknown = absPath;
  try {
    for (const step of steps.steps) {
      if (step.output && failed(diagnostics)) return { result: result({}) };
      const done = await step.run(value, context);
      if (done instanceof Stop) return { result: result({ ok: !failed(diagnostics), heldBack: done.heldBack }) };
      inputs.push(...(done.inputs ?? []));
      diagnostics.push(...strictly(done.diagnostics ?? [], context.strict));
      value = done.value;
    }
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    diagnostics.push(...strictly(error.diagnostics, context.strict));
    return { result: result({}) };
  }
  if (failed(diagnostics)) return { result: result({}) };
  return { result: result({ ok: true }), value: value as T };
}

const failed = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');

/** Under `--strict`, a warning counts as an error. */
function strictly(diagnostics: Diagnostic[], strict?: boolean): Diagnostic[] {
  return strict ? diagnostics.map((d) => ({ ...d, severity: 'error' as const })) : diagnostics;
}
