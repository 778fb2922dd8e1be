import type { Theme } from '../theme.ts';

/** Heights reserved for the chrome bands above and below the text area. */
export const BAND = { banner: 14, header: 16, copy: 11 };

/** Banner, header or footer, and the 8-point gap beside the text: what each margin holds. */
const CHROME = BAND.banner + BAND.header + 8;

/** Page padding above and below: the chrome bands fill the rest of the theme's margins. */
export function topPadding(theme: Theme): number {
  return Math.max(8, theme.margins.top - CHROME);
}

export function bottomPadding(theme: Theme): number {
  return Math.max(8, theme.margins.bottom - CHROME);
}

/**
 * Where a named reader's copy line goes, in points from the page bottom: a
 * band the chrome keeps empty, above the bottom banner, in every brief that
 * names readers, so copies are stamped on the one layout.
 */
export function copyLineY(theme: Theme): number {
  return bottomPadding(theme) + (theme.chrome.banner ? BAND.banner : 0) + 3;
}
