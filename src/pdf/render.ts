import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Font, renderToBuffer as render } from '@react-pdf/renderer';
import { writeAtomic } from '../platform/files.ts';
import { kept } from '../platform/kept.ts';
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

/**
 * Page numbers never move the layout: the contents' number column takes the
 * same space blank or filled, the running header's band is as tall without
 * its title, and the footer's "Page X of Y" sits in a band of its own. So the
 * numbers one pass finds are the numbers the memo prints, and a second pass
 * only prints them; a third is a safeguard.
 */
const MAX_PASSES = 3;

/** Where the page numbers of a brief's last build are kept between builds, and under what name. */
export interface PageHints {
  dir: string;
  /** The brief and the variant of it being drawn (template, redline): one set of numbers each. */
  key: string;
}

/**
 * Lays out and draws the memo; returns the PDF bytes, its page count and
 * how many times it was laid out. When something prints page numbers (the
 * contents, the running header after a redline's summary), the memo is laid
 * out again with the numbers the previous pass found, until they hold.
 * Footnotes need no second pass: each page settles its own (page-notes.tsx).
 */
export async function renderPdf(
  input: DocumentInput,
  hintsAt?: PageHints,
): Promise<{ pdf: Buffer; pages: number; passes: number }> {
  runtime.rendered = true;
  const usesPageNumbers = input.brief.toc || input.prelude !== undefined;
  const hints = hintsAt ? pageHints(hintsAt) : undefined;
  const key = drawingKey(input);
  let drawnHere = false;
  const make = () => {
    drawnHere = true;
    return draw(input, usesPageNumbers, hints);
  };
  const drawn = key === undefined ? make() : drawings.get(key, make);
  // A drawing that failed is not kept: the next build of the same input meets the same problem anew.
  if (key !== undefined) drawn.catch(() => drawings.drop(key));
  const { pdf, pages, numbers, passes } = await drawn;
  // Drawn for another build: this brief's hints are brought up to date as its own drawing would have.
  if (!drawnHere) await hints?.keep(numbers, pages, await hints.read());
  // Each caller gets bytes of its own: a kept drawing is never changed through one.
  return { pdf: Buffer.from(pdf), pages, passes: drawnHere ? passes : 0 };
}

/**
 * Drawings kept by everything they are drawn from, the whole DocumentInput
 * (images by a hash of their bytes): a brief drawn again exactly as before
 * (built with --force, or drawn ahead by the build server after it was
 * saved, src/cli/draw-ahead.ts) is not laid out again. A drawing depends on its
 * input alone (test/differential.test.ts); page hints change how many
 * passes it takes, never its bytes.
 */
const drawings = kept<Promise<Drawing>>(4);

interface Drawing {
  pdf: Buffer;
  pages: number;
  numbers: ReadonlyMap<string, number>;
  passes: number;
}

export function drawingKey(input: DocumentInput): string | undefined {
  const asset = (a: ImageAsset | undefined) => a && { ...a, data: createHash('sha256').update(a.data).digest('hex') };
  const plain = { ...input, images: [...input.images].map(([name, a]) => [name, asset(a)]), logo: asset(input.logo) };
  try {
    // Functions are left out: their code is the tool's, and a build process is tied to one version of it.
    const text = JSON.stringify(plain, (_, value) => (value instanceof Map ? [...value] : value));
    return createHash('sha256').update(text).digest('hex');
  } catch {
    // An input that refers to itself has no such key: it is drawn, and not kept.
    return undefined;
  }
}

async function draw(
  input: DocumentInput,
  usesPageNumbers: boolean,
  hints: ReturnType<typeof pageHints> | undefined,
): Promise<Drawing> {
  for (const family of [...Object.values(input.theme.fonts), ...input.fallbacks]) registerFamily(family);
  await loadSvgFaces([...input.images.values(), input.logo]);
  // As LaTeX reads its .aux file: the numbers the last build of this brief
  // settled on, and its page count. Since numbers never move the layout,
  // where they still hold the pass drew what a build from scratch draws in
  // its second pass; where they do not, this pass found the right ones and
  // counts as the first. react-pdf checks the count itself (pageCountsHint).
  const kept = await hints?.read();
  let pages = newPageNumbers(usesPageNumbers ? kept?.numbers : undefined);
  let count = kept?.count;
  for (let pass = 1; ; pass++) {
    const pdf = await render(buildDocument(input, pages, count));
    count = pageCount(pdf);
    const done = !usesPageNumbers || settled(pages);
    if (done || pass === MAX_PASSES) {
      const numbers = usesPageNumbers ? pages.current : new Map<string, number>();
      await hints?.keep(numbers, count, kept);
      return { pdf, pages: count, numbers, passes: pass };
    }
    pages = newPageNumbers(pages.current);
  }
}

const same = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>) =>
  a.size === b.size && [...a].every(([key, page]) => b.get(key) === page);

interface Hints {
  numbers: ReadonlyMap<string, number>;
  count: number;
}

/** Page numbers kept between builds, one file per brief and variant; a lost or stale file costs a pass, never the bytes. */
function pageHints({ dir, key }: PageHints) {
  const file = path.join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  return {
    read: async () =>
      readFile(file, 'utf8')
        .then((text) => {
          const { numbers, count } = JSON.parse(text) as { numbers: [string, number][]; count: number };
          return { numbers: new Map(numbers), count };
        })
        .catch(() => undefined),
    /** Stores the numbers and count a build settled on, when they are not those kept (`known`, as read). */
    async keep(numbers: ReadonlyMap<string, number>, count: number, known: Hints | undefined) {
      if (count === known?.count && same(numbers, known.numbers)) return;
      // Best effort: hints that cannot be stored cost a layout pass next time, never this build.
      await writeAtomic(file, Buffer.from(JSON.stringify({ numbers: [...numbers], count }))).catch(() => undefined);
    },
  };
}

/** The page count from the PDF's page tree (react-pdf writes one `/Type /Pages` node). */
function pageCount(pdf: Buffer): number {
  const match = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
  return match ? Number(match[1]) : 0;
}
