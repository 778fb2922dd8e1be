import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import {
  beginMarkedContent,
  degrees,
  endMarkedContent,
  type PDFDocument,
  type PDFFont,
  type PDFPage,
  type RGB,
} from 'pdf-lib';
import subsetFont from 'subset-font';
import { covers, FAMILIES, fallbackChain, fallbackFamilies } from '../pdf/fonts.ts';

/**
 * Text stamped onto finished pages (a copy's line and watermark, a tab's page
 * number): set in our own sans, embedded (PDF/A forbids fonts that are not),
 * and drawn as an artifact so screen readers skip it as page furniture.
 */

/** A piece of stamped text and the embedded face that sets it. */
export interface Run {
  text: string;
  font: PDFFont;
}

/**
 * Each text cut into runs, each set in the first face of PT Sans's fallback
 * chain that has its characters, as the brief's own text falls back: PT Sans
 * covers Latin and Cyrillic, a name in Greek or Chinese takes a Noto face.
 * Each face is embedded once, cut down by HarfBuzz to the characters it sets:
 * pdf-lib's own subsetting garbles these TrueType fonts, and the whole faces
 * are large (PT Sans 270 KB, the CJK face 10 MB).
 */
export async function stampRuns(doc: PDFDocument, texts: string[]): Promise<Run[][]> {
  doc.registerFontkit(fontkit);
  const chain = fallbackChain('PT Sans', fallbackFamilies(texts.join(''), ['PT Sans']));
  const pieces = texts.map((text) => {
    const runs: { text: string; family: string }[] = [];
    for (const char of text) {
      const family = chain.find((name) => char === ' ' || covers([name], char)) ?? 'PT Sans';
      const last = runs[runs.length - 1];
      if (last && (last.family === family || char === ' ')) last.text += char;
      else runs.push({ text: char, family });
    }
    return runs;
  });
  const used = new Map<string, string>();
  for (const run of pieces.flat()) used.set(run.family, (used.get(run.family) ?? '') + run.text);
  const faces = new Map<string, PDFFont>();
  for (const [family, chars] of used) {
    const subset = await subsetFont(await readFile(FAMILIES[family].files().regular), chars, {
      targetFormat: 'truetype',
    });
    faces.set(family, await doc.embedFont(subset, { subset: false }));
  }
  return pieces.map((runs) => runs.map((run) => ({ text: run.text, font: faces.get(run.family) as PDFFont })));
}

export function widthOf(runs: Run[], size: number): number {
  return runs.reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
}

/** Draws the runs one after the other along a line at `angle` degrees from (x, y). */
export function drawRuns(
  page: PDFPage,
  runs: Run[],
  options: { x: number; y: number; size: number; angle?: number; color: RGB; opacity?: number },
): void {
  const { size, angle = 0, ...style } = options;
  const radians = (angle * Math.PI) / 180;
  let advance = 0;
  for (const run of runs) {
    page.drawText(run.text, {
      ...style,
      x: options.x + Math.cos(radians) * advance,
      y: options.y + Math.sin(radians) * advance,
      size,
      font: run.font,
      ...(angle ? { rotate: degrees(angle) } : {}),
    });
    advance += run.font.widthOfTextAtSize(run.text, size);
  }
}

/** Runs `draw` (pdf-lib drawing on `page`) inside an artifact marked-content sequence. */
export function drawArtifact(page: PDFPage, draw: () => void): void {
  page.pushOperators(beginMarkedContent('Artifact'));
  draw();
  page.pushOperators(endMarkedContent());
}
