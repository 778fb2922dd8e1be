import type { Image } from 'mdast';

/**
 * Every figure needs a text for readers who cannot see it: the alt text
 * (`![A bar chart of …](chart.svg)`). An image that only decorates says so
 * with an empty alt text and the title `decorative` (`![](rule.png
 * "decorative")`): it is drawn as an artifact, without a caption, and screen
 * readers skip it.
 */
export function isDecorative(image: Image): boolean {
  return !image.alt?.trim() && image.title?.trim().toLowerCase() === 'decorative';
}

/** Why an image cannot be described to a screen reader, or undefined when it can. */
export function missingAlt(image: Image): { message: string; hint: string } | undefined {
  if (image.alt?.trim() || isDecorative(image)) return undefined;
  return {
    message: `The image "${image.url}" has no alt text, so a screen reader cannot describe it.`,
    hint: 'Say what it shows between the brackets: ![A bar chart of …](chart.svg); an image that only decorates is written ![](file.png "decorative").',
  };
}
