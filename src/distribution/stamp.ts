import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { beginMarkedContent, endMarkedContent, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { covers, FAMILIES } from '../pdf/fonts.ts';

/**
 * Text stamped onto finished pages (a copy's line, a tab's page number): set
 * in our own sans, embedded (PDF/A forbids fonts that are not), and drawn as
 * an artifact so screen readers skip it as page furniture.
 */

/** PT Sans for text it covers (Latin and Cyrillic), else the CJK face; embedded into `doc`. */
export async function embedStampFont(doc: PDFDocument, texts: string[]): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  const family = texts.every((text) => [...text].every((char) => covers(['PT Sans'], char)))
    ? 'PT Sans'
    : 'Noto Sans SC';
  // Embedded whole: pdf-lib's subsetting garbles these TrueType fonts.
  return doc.embedFont(await readFile(FAMILIES[family]().regular), { subset: false });
}

/** Runs `draw` (pdf-lib drawing on `page`) inside an artifact marked-content sequence. */
export function drawArtifact(page: PDFPage, draw: () => void): void {
  page.pushOperators(beginMarkedContent('Artifact'));
  draw();
  page.pushOperators(endMarkedContent());
}
