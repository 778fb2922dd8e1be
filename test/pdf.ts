import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Opens PDF bytes with pdf.js and returns what tests look at. */
export async function readPdf(bytes: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, string> };
  const pages: string[] = [];
  const links: { page: number; url?: string; dest?: unknown }[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
        .replace(/[ \t]+/g, ' '),
    );
    for (const a of await page.getAnnotations()) {
      if (a.subtype === 'Link') links.push({ page: n, url: a.url, dest: a.dest });
    }
  }
  const outline = ((await doc.getOutline()) ?? []) as OutlineItem[];
  const result = { pages, info, links, outline, numPages: doc.numPages, text: pages.join('\n') };
  await doc.destroy();
  return result;
}

export interface OutlineItem {
  title: string;
  items: OutlineItem[];
}

/** Text with line breaks and hyphenation joins removed, for phrase searches. */
export function flat(text: string): string {
  return text.replace(/-\n/g, '').replace(/\s+/g, ' ');
}

/**
 * The names of the fonts a PDF uses without embedding them (a reader's
 * viewer substitutes its own, so text may print as garbage or not at all):
 * every font dictionary whose descriptor has no font file. Type 3 fonts
 * draw their glyphs themselves and are always embedded.
 */
export async function unembeddedFonts(bytes: Uint8Array): Promise<string[]> {
  const { PDFDocument, PDFDict, PDFName } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const found: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('Type3') || subtype === PDFName.of('Type0')) continue; // a Type 0 font's descendant is a font of its own, checked as such
    const descriptor = object.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const file = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
    if (!file) found.push(String(object.get(PDFName.of('BaseFont'))));
  }
  return found;
}

/** The names of every font the PDF holds, embedded or not, without subset prefixes (`NotoSerif-Regular`). */
export async function fontNames(bytes: Uint8Array): Promise<string[]> {
  const { PDFDocument, PDFDict, PDFName } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const names = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    if (object.get(PDFName.of('Subtype')) === PDFName.of('Type0')) continue;
    names.add(String(object.get(PDFName.of('BaseFont'))).replace(/^\/([A-Z]{6}\+)?/, ''));
  }
  return [...names].sort();
}

/** Each run of text on each page with the name of the font it is set in (the subset prefix removed: `PTSans-Bold`). */
export async function textFonts(bytes: Uint8Array): Promise<{ text: string; font: string }[]> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    fontExtraProperties: true,
  }).promise;
  const runs: { text: string; font: string }[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getOperatorList();
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const font = page.commonObjs.get(item.fontName) as { name?: string };
      runs.push({ text: item.str, font: String(font?.name ?? '').replace(/^[A-Z]{6}\+/, '') });
    }
  }
  await doc.destroy();
  return runs;
}

/** Each run of text with its page (1-based), where its baseline starts, in points from the page's left and top, and its size. */
export async function textItems(
  bytes: Uint8Array,
): Promise<{ page: number; str: string; x: number; y: number; size: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const items: { page: number; str: string; x: number; y: number; size: number }[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.getViewport({ scale: 1 }).height;
    for (const item of (await page.getTextContent()).items) {
      if ('str' in item && item.str.trim()) {
        items.push({
          page: n,
          str: item.str,
          x: item.transform[4],
          y: height - item.transform[5],
          size: item.transform[3],
        });
      }
    }
  }
  await doc.destroy();
  return items;
}

/**
 * The dark grey horizontal rules drawn on each page (table rules are in the
 * text colour; heading, footer and masthead rules are lighter or coloured),
 * as their distance from the page top in points: the pages are drawn at
 * 144 dpi and a rule is a pixel row whose dark, grey run is at least
 * `minWidth` points long. Text never makes such a run.
 */
export async function darkRules(bytes: Uint8Array, minWidth = 200): Promise<number[][]> {
  const { renderPages } = await import('../scripts/render-pages.ts');
  const { PNG } = await import('pngjs');
  const scale = 2;
  return (await renderPages(bytes, { dpi: 72 * scale })).map((png) => {
    const { width, height, data } = PNG.sync.read(png);
    const rules: number[] = [];
    for (let y = 0; y < height; y++) {
      let run = 0;
      let longest = 0;
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        const darkGrey = Math.max(r, g, b) < 140 && Math.max(r, g, b) - Math.min(r, g, b) < 24;
        run = darkGrey ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      // One rule may cover two pixel rows: counted once.
      if (longest >= minWidth * scale && rules.at(-1) !== (y - 1) / scale) rules.push(y / scale);
      else if (longest >= minWidth * scale) rules[rules.length - 1] = y / scale;
    }
    return rules;
  });
}

/** The PDF's named destinations (what internal links point at), each with its page (1-based). */
export async function namedDestinations(bytes: Uint8Array): Promise<Record<string, number>> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const found: Record<string, number> = {};
  for (const [name, dest] of Object.entries(await doc.getDestinations())) {
    const ref = (dest as unknown[] | null)?.[0];
    if (ref && typeof ref === 'object') found[name] = (await doc.getPageIndex(ref as { num: number; gen: number })) + 1;
  }
  await doc.destroy();
  return found;
}
