import { createHash } from 'node:crypto';
import { PDFArray, PDFDocument, PDFName, type PDFPage, PDFString, rgb } from 'pdf-lib';
import type { Reader } from '../schema.ts';
import { drawArtifact, drawRuns, stampRuns, widthOf } from './stamp.ts';
import { pdfaPart, readXmp, setXmpProperty, writeXmp, xmpDate } from './xmp.ts';

export interface Copy {
  reader: Reader;
  /** 1-based. */
  number: number;
  total: number;
  /** Unique to the reader and to this text of the brief. */
  id: string;
  bytes: Uint8Array;
}

/**
 * One PDF per named reader, stamped onto the one layout of the brief: a line
 * "Prepared for NAME, ORGANISATION — copy n of N" in the band the footer
 * keeps free, a light diagonal watermark with the reader's name, and the copy
 * identifier in the metadata. Only drawing is added; nothing is laid out
 * again, so a copy costs a small fraction of a render.
 *
 * A copy keeps the brief's PDF/A level: its XMP gets the same keywords as
 * the document information, and its dates stay the brief's (a copy is made
 * by the same build, from the same inputs; never the clock). Under PDF/A-1,
 * which allows no transparency, the watermark is a light solid grey drawn
 * beneath the page's own content instead of a translucent one on top.
 */
export async function makeCopies(
  base: Uint8Array,
  readers: Reader[],
  options: { brief: string; lineY: number },
): Promise<Copy[]> {
  const baseHash = createHash('sha256').update(base).digest('hex');
  const copies: Copy[] = [];
  for (const [index, reader] of readers.entries()) {
    const id = copyId(options.brief, reader, baseHash);
    const line = `Prepared for ${reader.name}${reader.organisation ? `, ${reader.organisation}` : ''} — copy ${index + 1} of ${readers.length} · ${id}`;
    const doc = await PDFDocument.load(base, { updateMetadata: false });
    const [runs, markRuns] = await stampRuns(doc, [line, reader.name]);
    const xmp = readXmp(doc);
    const opaque = pdfaPart(xmp) === 1;
    for (const page of doc.getPages()) {
      // What a copy adds is page furniture, not content: an artifact to screen readers.
      drawArtifact(page, () => {
        const { width, height } = page.getSize();
        const size = 7.5;
        drawRuns(page, runs, {
          x: (width - widthOf(runs, size)) / 2,
          y: options.lineY,
          size,
          color: rgb(0.25, 0.27, 0.31),
        });
        const markSize = Math.min(54, (width * 0.9) / Math.max(1, widthOf(markRuns, 1)));
        const angle = 35;
        const run = widthOf(markRuns, markSize);
        const radians = (angle * Math.PI) / 180;
        drawRuns(page, markRuns, {
          x: width / 2 - (Math.cos(radians) * run) / 2,
          y: height / 2 - (Math.sin(radians) * run) / 2,
          size: markSize,
          angle,
          // The translucent grey as it shows on white paper, when transparency is not allowed.
          ...(opaque ? { color: rgb(0.93, 0.93, 0.94) } : { color: rgb(0.55, 0.55, 0.6), opacity: 0.16 }),
        });
      });
      if (opaque) underContent(page);
    }
    const keywords = doc.getKeywords();
    doc.setKeywords([...(keywords ? [keywords] : []), `copy ${id}`, `prepared for ${reader.name}`]);
    // Modified no earlier than created: the brief's own dates, which come from git or SOURCE_DATE_EPOCH.
    const created = doc.getCreationDate();
    const modified = doc.getModificationDate();
    const date = created && (!modified || modified < created) ? created : modified;
    if (date) doc.setModificationDate(date);
    if (xmp) {
      let updated = setXmpProperty(xmp, 'pdf:Keywords', doc.getKeywords() ?? '');
      if (date) updated = setXmpProperty(updated, 'xmp:ModifyDate', xmpDate(date));
      writeXmp(doc, updated);
    }
    // A custom Info entry, for tools that look a copy up by its identifier.
    (doc as unknown as { getInfoDict(): { set(k: PDFName, v: PDFString): void } })
      .getInfoDict()
      .set(PDFName.of('CopyID'), PDFString.of(id));
    copies.push({
      reader,
      number: index + 1,
      total: readers.length,
      id,
      bytes: await doc.save({ useObjectStreams: false }),
    });
  }
  return copies;
}

/**
 * Moves the content stream pdf-lib drew into (the last one) to the front of
 * the page's contents, so the page's own drawing covers it. pdf-lib wraps
 * what it draws in q … Q, so the page's content starts from the same state.
 */
function underContent(page: PDFPage): void {
  const contents = page.node.Contents();
  if (!(contents instanceof PDFArray) || contents.size() < 2) return;
  const drawn = contents.get(contents.size() - 1);
  contents.remove(contents.size() - 1);
  contents.insert(0, drawn);
}

/** "C-" and ten hex digits: the same reader of the same text always gets the same identifier. */
export function copyId(brief: string, reader: Reader, baseHash: string): string {
  const hash = createHash('sha256').update(`${brief}\0${reader.name}\0${reader.organisation ?? ''}\0${baseHash}`);
  return `C-${hash.digest('hex').slice(0, 10).toUpperCase()}`;
}
