import type { Theme } from '../theme.ts';

/** Page widths in points, as react-pdf sizes its LETTER and A4 pages. */
export const PAGE_WIDTH = { Letter: 612, A4: 595.28 };

/** The bottom-line box: its rule on the left and the padding inside it (styles.bottomLine). */
export const BOTTOM_LINE_BOX = { rule: 3, padding: 10 };

/** How wide the bottom line's text is set: the text width less the box's rule and padding. */
export function bottomLineWidth(theme: Theme, paper: keyof typeof PAGE_WIDTH): number {
  const { rule, padding } = BOTTOM_LINE_BOX;
  return PAGE_WIDTH[paper] - theme.margins.left - theme.margins.right - rule - 2 * padding;
}

/** Heights reserved for the chrome bands above and below the text area. */
export const BAND = { banner: 14, header: 16, copy: 11, administrative: 11 };

/** Banner, header or footer, and the 8-point gap beside the text: what each margin holds. */
const CHROME = BAND.banner + BAND.header + 8;

/** Page padding above and below: the chrome bands fill the rest of the theme's margins (and an administrative line, when there is one). */
export function topPadding(theme: Theme, administrative = false): number {
  return Math.max(8, theme.margins.top - CHROME - (administrative ? BAND.administrative : 0));
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
