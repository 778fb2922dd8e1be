import { holdBack, type Marking } from '../markings/marking.ts';
import type { BuildContext } from './context.ts';
import { type Step, Stop } from './runner.ts';

/**
 * A brief classified above `--release-level` goes no further, on every path
 * (a build, a redline, a PDF from the cache): nothing is written, copied or
 * listed. A release level of another marking scheme than the brief's cannot
 * be compared: `otherScheme` says what then happens on this path.
 */
export function guardRelease<T>(
  markingOf: (value: T) => Marking,
  otherScheme: (value: T, level: string) => never,
): Step<T, T, Pick<BuildContext, 'releaseLevel'>> {
  return {
    name: 'release guard',
    run(value, context) {
      const heldBack = holdBack(markingOf(value), context.releaseLevel);
      if (heldBack === 'other scheme') otherScheme(value, context.releaseLevel as string);
      return heldBack ? new Stop(heldBack) : { value };
    },
  };
}
