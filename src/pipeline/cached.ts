import type { CacheHit } from '../cache.ts';
import type { BuildContext } from './context.ts';
import { guardRelease } from './release-guard.ts';
import { type Finished, type Pipeline, pipeline } from './runner.ts';

/** A PDF from the cache needs no templates. */
type CacheContext = Omit<BuildContext, 'templates'>;

/**
 * A brief whose inputs have not changed since its PDF was cached: the same
 * runner as a build, so its warnings are reported again (errors under
 * `--strict`, and then nothing is put in place) and the release guard holds.
 * Light on purpose: a run where every brief is unchanged loads no stage.
 */
export function cachedSteps(hit: CacheHit & { meta: NonNullable<CacheHit['meta']> }, output: string) {
  return pipeline<string, CacheContext>()
    .add<typeof hit>({
      name: 'cached',
      run: () => ({ value: hit, inputs: hit.inputs, diagnostics: hit.diagnostics }),
    })
    .add(
      guardRelease(
        (cached) => cached.meta.marking,
        () => {
          // Built again, the brief reports this at its classification.
          throw new Error('the release level is of another marking scheme');
        },
      ),
    )
    .add<Finished>({
      name: 'restore',
      output: true,
      async run(cached) {
        await cached.restore(output);
        return { value: { output, pages: cached.pages, meta: cached.meta, cached: true } };
      },
    }) satisfies Pipeline<string, Finished, CacheContext>;
}
