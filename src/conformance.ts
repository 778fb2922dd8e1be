/**
 * PDF/A levels a brief can be built to. "b" levels (basic: visual appearance
 * preserved); `none` writes a plain PDF with no PDF/A claim.
 */
export const CONFORMANCE_LEVELS = ['PDF/A-1b', 'PDF/A-2b', 'PDF/A-3b', 'none'] as const;
export type Conformance = (typeof CONFORMANCE_LEVELS)[number];

/** Where the level of a build came from: the command line wins over the brief, the brief over its template. */
export type ConformanceSource = 'command line' | 'brief' | 'template' | 'default';

/**
 * The level a brief is built to: `--conformance`, else the brief's
 * `conformance`, else its template's, else PDF/A-2b, or PDF/A-3b for a brief
 * that attaches its source (PDF/A-3 is PDF/A-2 plus embedded files of any
 * kind). PDF/A-2b with an attached source also becomes PDF/A-3b: PDF/A-2 only
 * embeds files that are PDF/A themselves. PDF/A-1b forbids embedded files
 * altogether; that combination is refused by the build (see `conformanceProblem`).
 */
export function resolveConformance(choices: {
  commandLine?: Conformance;
  brief?: Conformance;
  template?: Conformance;
  attachSource: boolean;
}): { level: Conformance; source: ConformanceSource } {
  const [chosen, source]: [Conformance | undefined, ConformanceSource] =
    choices.commandLine !== undefined
      ? [choices.commandLine, 'command line']
      : choices.brief !== undefined
        ? [choices.brief, 'brief']
        : choices.template !== undefined
          ? [choices.template, 'template']
          : [undefined, 'default'];
  const level = chosen ?? 'PDF/A-2b';
  return { level: choices.attachSource && level === 'PDF/A-2b' ? 'PDF/A-3b' : level, source };
}

/** PDF/A-1 allows no transparency: watermarks are drawn in a light solid colour instead. */
export function forbidsTransparency(level: Conformance): boolean {
  return level === 'PDF/A-1b';
}

/** What react-pdf's Document `conformance` prop gets: nothing for `none`. */
export function documentConformance(level: Conformance): 'PDF/A-1b' | 'PDF/A-2b' | 'PDF/A-3b' | undefined {
  return level === 'none' ? undefined : level;
}
