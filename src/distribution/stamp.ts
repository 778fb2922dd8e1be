import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { beginMarkedContent, endMarkedContent, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import subsetFont from 'subset-font';
import { covers, FAMILIES } from '../pdf/fonts.ts';

/**
 * Text stamped onto finished pages (a copy's line, a tab's page number): set
 * in our own sans, embedded (PDF/A forbids fonts that are not), and drawn as
 * an artifact so screen readers skip it as page furniture.
 */

/**
 * PT Sans for text it covers (Latin and Cyrillic), else the CJK face, cut
 * down to the characters of `texts` and embedded into `doc`. HarfBuzz makes
 * the subset: pdf-lib's own subsetting garbles these TrueType fonts, and the
 * whole faces are large (PT Sans 270 KB, the CJK face 10 MB).
 */
export async function embedStampFont(doc: PDFDocument, texts: string[]): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  const text = texts.join('');
  const family = [...text].every((char) => covers(['PT Sans'], char)) ? 'PT Sans' : 'Noto Sans SC';
  const subset = await subsetFont(await readFile(FAMILIES[family]().regular), text, { targetFormat: 'truetype' });
  return doc.embedFont(subset, { subset: false });
}

/** Runs `draw` (pdf-lib drawing on `page`) inside an artifact marked-content sequence. */
export function drawArtifact(page: PDFPage, draw: () => void): void {
  page.pushOperators(beginMarkedContent('Artifact'));
  draw();
  page.pushOperators(endMarkedContent());
}
