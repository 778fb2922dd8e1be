import { holdBack } from '../distribution/release.ts';
import type { Classification } from '../schema.ts';
import type { BuildContext } from './context.ts';
import { type Step, Stop } from './runner.ts';

/**
 * A brief classified above `--release-level` goes no further, on every path
 * (a build, a redline, a PDF from the cache): nothing is written, copied or listed.
 */
export function guardRelease<T>(
  classificationOf: (value: T) => Classification,
): Step<T, T, Pick<BuildContext, 'releaseLevel'>> {
  return {
    name: 'release guard',
    run(value, context) {
      const heldBack = holdBack(classificationOf(value), context.releaseLevel);
      return heldBack ? new Stop(heldBack) : { value };
    },
  };
}
