import { deflateSync } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';
import { AnnotationMode, getDocument, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';

type RenderParameters = Parameters<PDFPageProxy['render']>[0];

export interface RenderOptions {
  /** Resolution of the pictures: 72 gives one pixel per PDF point. */
  dpi: number;
  /**
   * Rounds each colour channel to 32 levels (an error of at most 4/255, invisible) and, where a page then has
   * at most 256 colours, as text pages do, stores it as an 8-bit palette PNG: about a quarter of the size.
   * For pictures that are committed, such as test goldens and README images.
   */
  compact?: boolean;
}

/**
 * Draws every page of a PDF with pdf.js onto a Skia canvas (@napi-rs/canvas) and returns one PNG per page, in order.
 *
 * The same bytes give the same PNGs, byte for byte: each page is drawn on a fresh opaque white canvas, annotations
 * (link boxes) and form widgets are left out, and the PNG has no time stamp or other metadata. The PDF's fonts
 * must be embedded (ours are): no standard font data is loaded.
 */
export async function renderPages(pdfBytes: Uint8Array, { dpi, compact = false }: RenderOptions): Promise<Buffer[]> {
  if (!(dpi > 0)) throw new RangeError(`dpi must be a positive number, not ${dpi}`);
  const doc = await getDocument({
    // pdf.js takes over (detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(pdfBytes),
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pngs: Buffer[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      const canvas = createCanvas(width, height);
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      await page.render({
        // pdf.js is typed for the DOM; Skia's canvas has the same shape wherever pdf.js touches it.
        canvas: canvas as unknown as RenderParameters['canvas'],
        canvasContext: context as unknown as RenderParameters['canvasContext'],
        viewport,
        background: '#ffffff',
        annotationMode: AnnotationMode.DISABLE,
      }).promise;
      const rgba = context.getImageData(0, 0, width, height).data;
      pngs.push(compact ? compactPng(rgba, width, height) : rgbPng(rgba, width, height));
      page.cleanup();
    }
    return pngs;
  } finally {
    await doc.destroy();
  }
}

/** RGBA pixels, drawn on opaque white so that alpha is always 255, as an RGB PNG. */
function rgbPng(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 6, inputHasAlpha: true, deflateLevel: 9 });
}

const LEVELS = 32;

function compactPng(rgba: Uint8ClampedArray, width: number, height: number): Buffer {
  const step = 255 / (LEVELS - 1);
  const rounded = new Uint8Array(rgba.length);
  for (let i = 0; i < rgba.length; i++) rounded[i] = i % 4 === 3 ? 255 : Math.round(Math.round(rgba[i] / step) * step);
  // Palette entries in order of first appearance, which depends on the pixels alone.
  const palette = new Map<number, number>();
  const indices = new Uint8Array(width * height);
  for (let p = 0; p < indices.length; p++) {
    const colour = (rounded[p * 4] << 16) | (rounded[p * 4 + 1] << 8) | rounded[p * 4 + 2];
    let index = palette.get(colour);
    if (index === undefined) {
      if (palette.size === 256) return rgbPng(rounded, width, height);
      index = palette.size;
      palette.set(colour, index);
    }
    indices[p] = index;
  }
  return palettePng(indices, [...palette.keys()], width, height);
}

/** An 8-bit indexed PNG, every row unfiltered (best for palette images). */
function palettePng(indices: Uint8Array, colours: number[], width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // bit depth 8, colour type 3 (indexed), deflate, adaptive filters, no interlace
  const plte = Buffer.alloc(colours.length * 3);
  for (const [i, c] of colours.entries()) plte.set([c >> 16, (c >> 8) & 255, c & 255], i * 3);
  const rows = Buffer.alloc((width + 1) * height); // each row: filter type 0, then its indices
  for (let y = 0; y < height; y++) rows.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(data.length + 12);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
