import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Font, renderToBuffer as render } from '@react-pdf/renderer';
import { writeAtomic } from '../platform/files.ts';
import { runtime } from '../runtime.ts';
import { buildDocument, type DocumentInput } from './document.tsx';
import { familyFiles } from './fonts.ts';
import './hyphenation.ts';
import { newPageNumbers, settled } from './pages.tsx';
import type { ImageAsset } from './state.ts';

const registered = new Set<string>();

/**
 * Registers a family with react-pdf once per process, in all four styles:
 * react-pdf throws when a style in a fallback chain is missing.
 */
function registerFamily(name: string): void {
  if (registered.has(name)) return;
  const files = familyFiles(name);
  Font.register({
    family: name,
    fonts: [
      { src: files.regular },
      { src: files.italic, fontStyle: 'italic' },
      { src: files.bold, fontWeight: 700 },
      { src: files.boldItalic, fontWeight: 700, fontStyle: 'italic' },
    ],
  });
  registered.add(name);
}

/**
 * react-pdf loads the fonts its elements name in their styles, but not those
 * an SVG image's text names: a face no other text uses would have no data and
 * its text would fall to the PDF's non-embedded Helvetica. Each face an SVG
 * uses is registered and loaded here.
 */
async function loadSvgFaces(assets: (ImageAsset | undefined)[]): Promise<void> {
  for (const asset of assets) {
    for (const face of asset?.faces ?? []) {
      registerFamily(face.family);
      await Font.load({ fontFamily: face.family, fontStyle: face.italic ? 'italic' : 'normal' });
    }
  }
}

/** Passes settle in two, or three when the contents' page numbers move the text. */
const MAX_PASSES = 4;

/**
 * Lays out and draws the memo; returns the PDF bytes and its page count.
 * When something depends on page numbers (contents, footnotes), the memo is
 * laid out again with the numbers the previous pass found, until they hold.
 */
export async function renderPdf(input: DocumentInput, hintsDir?: string): Promise<{ pdf: Buffer; pages: number }> {
  runtime.rendered = true;
  for (const family of [...Object.values(input.theme.fonts), ...input.fallbacks]) registerFamily(family);
  await loadSvgFaces([...input.images.values(), input.logo]);
  const usesPageNumbers = input.brief.toc || input.prelude !== undefined;
  const hints = usesPageNumbers && hintsDir ? pageHints(hintsDir, input) : undefined;
  const hint = await hints?.read();
  if (hint) {
    // The numbers a build of this very content settled on last time: if they
    // still hold, one pass is enough and the bytes are those that build wrote.
    const pages = newPageNumbers(hint);
    const pdf = await render(buildDocument(input, pages));
    if (settled(pages)) return { pdf, pages: pageCount(pdf) };
  }
  let pages = newPageNumbers();
  for (let pass = 1; ; pass++) {
    const pdf = await render(buildDocument(input, pages));
    if (!usesPageNumbers || settled(pages) || pass === MAX_PASSES) {
      await hints?.write(pages.previous);
      return { pdf, pages: pageCount(pdf) };
    }
    pages = newPageNumbers(pages.current);
  }
}

/**
 * Page numbers kept between builds, as LaTeX keeps its .aux file, under the
 * hash of everything that shapes the layout: the same content starts from the
 * numbers it settled on, so a rebuild needs one pass instead of two.
 */
function pageHints(dir: string, input: DocumentInput) {
  const hash = createHash('sha256').update(
    JSON.stringify([input.brief, input.theme, input.tree, input.summary, input.fallbacks, input.date, input.stamp]),
  );
  for (const asset of [...input.images.values(), input.logo]) if (asset) hash.update(asset.data);
  const file = path.join(dir, `${hash.digest('hex')}.json`);
  return {
    read: async () =>
      readFile(file, 'utf8')
        .then((text) => new Map<string, number>(JSON.parse(text)))
        .catch(() => undefined),
    // Best effort: hints that cannot be stored cost a layout pass next time, never this build.
    write: (pages: ReadonlyMap<string, number>) =>
      writeAtomic(file, Buffer.from(JSON.stringify([...pages]))).catch(() => undefined),
  };
}

/** The page count from the PDF's page tree (react-pdf writes one `/Type /Pages` node). */
function pageCount(pdf: Buffer): number {
  const match = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
  return match ? Number(match[1]) : 0;
}
