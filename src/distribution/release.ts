import { CLASSIFICATIONS, type Classification } from '../classification.ts';

/** Why a brief may not be released at this level, or undefined when it may. */
export function holdBack(classification: Classification, level: Classification | undefined): string | undefined {
  if (!level) return undefined;
  return CLASSIFICATIONS.indexOf(classification) > CLASSIFICATIONS.indexOf(level)
    ? `held back: its classification ${classification} is above the release level ${level}`
    : undefined;
}

/** The highest of these markings: what a page listing them all must be marked. */
export function highest(classifications: Classification[]): Classification {
  return classifications.reduce<Classification>(
    (top, c) => (CLASSIFICATIONS.indexOf(c) > CLASSIFICATIONS.indexOf(top) ? c : top),
    'UNCLASSIFIED',
  );
}
