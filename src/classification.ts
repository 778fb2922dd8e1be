/**
 * Classification levels, lowest first. Kept apart from the schema so that
 * the command line and the release guard can use them without loading zod.
 */
export const CLASSIFICATIONS = ['UNCLASSIFIED', 'CUI', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Portion-mark abbreviations, in the order of the levels above. */
export const PORTION_MARKS: Record<Classification, string> = {
  UNCLASSIFIED: 'U',
  CUI: 'CUI',
  CONFIDENTIAL: 'C',
  SECRET: 'S',
  'TOP SECRET': 'TS',
};
