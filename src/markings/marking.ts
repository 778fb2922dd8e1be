/**
 * Classification markings as data: a scheme is an ordered list of levels,
 * lowest first, each with its banner text, portion mark and colours. Two
 * schemes are built in; a project adds its own as YAML files under
 * `templates/markings/` (src/markings/load.ts). This module loads no
 * validator, so the command line and the cache can use it cheaply.
 */

export interface Level {
  /** As printed in the banner, in capitals. */
  name: string;
  /** The portion mark, printed in parentheses: (U), (OS). */
  portion: string;
  /** The banner's fill; none for a plain black-on-white banner. */
  background?: string;
  text: string;
}

export interface Scheme {
  name: string;
  title: string;
  levels: Level[];
}

/**
 * A brief's classification with all that is needed to compare, order and
 * draw it without its scheme file: kept with each result and in the cache.
 */
export interface Marking extends Level {
  scheme: string;
  /** The scheme's level names, lowest first. */
  levels: string[];
}

export const DEFAULT_SCHEME = 'us';

/** Colours from the SF 706–712 labels (see MEMO-CONVENTIONS). */
const US: Scheme = {
  name: 'us',
  title: 'United States (EO 13526 and CUI)',
  levels: [
    { name: 'UNCLASSIFIED', portion: 'U', background: '#007A33', text: '#FFFFFF' },
    { name: 'CUI', portion: 'CUI', background: '#502B85', text: '#FFFFFF' },
    { name: 'CONFIDENTIAL', portion: 'C', background: '#0033A0', text: '#FFFFFF' },
    { name: 'SECRET', portion: 'S', background: '#C8102E', text: '#FFFFFF' },
    { name: 'TOP SECRET', portion: 'TS', background: '#FF8C00', text: '#000000' },
  ],
};

/**
 * The UK Government Security Classifications: no mandated colours, so the
 * banners are black on white. OFFICIAL-SENSITIVE is OFFICIAL with a handling
 * caveat, marked as such; it ranks between OFFICIAL and SECRET for release.
 */
const UK: Scheme = {
  name: 'uk',
  title: 'United Kingdom (Government Security Classifications)',
  levels: [
    { name: 'OFFICIAL', portion: 'O', text: '#000000' },
    { name: 'OFFICIAL-SENSITIVE', portion: 'OS', text: '#000000' },
    { name: 'SECRET', portion: 'S', text: '#000000' },
    { name: 'TOP SECRET', portion: 'TS', text: '#000000' },
  ],
};

export const BUILTIN_SCHEMES: ReadonlyMap<string, Scheme> = new Map([
  [US.name, US],
  [UK.name, UK],
]);

/** A level of a scheme, as a brief's marking. */
export function markingOf(scheme: Scheme, level: Level): Marking {
  return { ...level, scheme: scheme.name, levels: scheme.levels.map((l) => l.name) };
}

/** Whether the release guard keeps a brief back at `level`, and why; `other scheme` when the level is not the brief's. */
export function holdBack(marking: Marking, level: string | undefined): string | 'other scheme' | undefined {
  if (level === undefined) return undefined;
  const limit = marking.levels.indexOf(level);
  if (limit === -1) return 'other scheme';
  return marking.levels.indexOf(marking.name) > limit
    ? `held back: its classification ${marking.name} is above the release level ${level}`
    : undefined;
}

/**
 * What a page listing these briefs must be marked: the highest level of each
 * scheme among them, in the order the schemes first appear (levels of two
 * schemes cannot be compared, so neither hides the other).
 */
export function highest(markings: Marking[]): Marking[] {
  const top = new Map<string, Marking>();
  for (const m of markings) {
    const seen = top.get(m.scheme);
    if (!seen || m.levels.indexOf(m.name) > seen.levels.indexOf(seen.name)) top.set(m.scheme, m);
  }
  return [...top.values()];
}
