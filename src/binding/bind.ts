import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import {
  type PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectCopier,
  PDFPage,
  type PDFPageLeaf,
  type PDFRef,
  PDFString,
  rgb,
} from 'pdf-lib';
import { drawArtifact, drawRuns, stampRuns, widthOf } from '../distribution/stamp.ts';
import { bookMetadata } from './metadata.ts';
import { type Bookmark, readOutline, writeOutline } from './outline.ts';
import { linkRefs, wrapContent } from './pages.ts';
import { JoinedStructure } from './structure.ts';
import { type NameKey, nameKey, nameTree, nameTreeEntries, prefixKey } from './trees.ts';

/**
 * Binds several PDFs into one, keeping what makes our PDFs good: the
 * structure tree of each part under one Document (a Part element per part),
 * its bookmarks under one bookmark of its own, its named destinations and
 * the links to them (renamed per part, so two parts' `footnote:1` stay
 * apart), and the first part's PDF/A identification and output intent.
 *
 * Each part is copied with one pdf-lib object copier, which copies every
 * object once: the pages, the structure elements that point at them, the
 * parent tree's entries and the outline's destinations all meet on the same
 * copied objects.
 */

export interface Part {
  /** One of our PDFs (tagged, PDF/A, bookmarks, named destinations), or any other PDF. */
  pdf: Uint8Array;
  /** The part's bookmark and structure title ("Tab A: Key dates"). */
  title: string;
  /** Printed at the foot of each of its pages as an artifact, e.g. (n) => `Tab A, page ${n}`; none when absent. */
  pageStamp?: (pageInPart: number) => string;
  /** Bookmarked under the part before it (a tab's content under its divider), not beside it. */
  nested?: boolean;
  /**
   * The path other parts' links name this part by, as our PDFs write a link
   * to another brief (`../briefs/x.pdf` from `y.pdf`: `x.pdf`): such a link
   * in a bound part opens this part's first page instead.
   */
  path?: string;
}

export interface BindOptions {
  /** The bound document's title (information dictionary, XMP, window title). */
  title: string;
  /** Its language, as a BCP 47 tag ("en-US"). */
  language: string;
  /** Its creation and modification date: never the clock, so the same inputs give the same bytes. */
  date: Date;
  /**
   * Where page stamps go at the foot of the page: right (the default, a
   * memo's tabs), or left, so a book's numbers stand clear of the tab stamps
   * its memos already carry.
   */
  stampSide?: 'left' | 'right';
}

/** The prefix a part's named destinations get in the bound PDF: `part-2/footnote:1`. */
export function partDestinationPrefix(partIndex: number): string {
  return `part-${partIndex + 1}/`;
}

/** Where a page stamp sits: its baseline above the bottom edge, its right end inside the right margin. */
const STAMP = { baseline: 9, margin: 72, size: 7.5 };

export async function bindPdfs(parts: Part[], options: BindOptions): Promise<Uint8Array> {
  if (!parts.length) throw new Error('bindPdfs needs at least one part');
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { context } = doc;
  const tree = new JoinedStructure(context);
  const bookmarks: Bookmark[] = [];
  const namedDests: [NameKey, PDFObject][] = [];
  const stamps: { page: PDFPage; text: string }[] = [];
  let first: PDFDocument | undefined;
  const partPages: PDFPage[][] = [];

  for (const [index, part] of parts.entries()) {
    const source = await PDFDocument.load(part.pdf, { updateMetadata: false });
    first ??= source;
    const copier = PDFObjectCopier.for(source.context, context);
    const copy = (object: PDFObject) => copier.copy(object);
    const retarget = retargeter(partDestinationPrefix(index));

    // Copied by reference, so structure elements' /Pg and destinations that name the page meet the same copy.
    const pages = source.getPages().map((page) => {
      const ref = copy(page.ref) as PDFRef;
      const copied = PDFPage.of(context.lookup(ref) as PDFPageLeaf, ref, doc);
      doc.addPage(copied);
      return copied;
    });
    if (!pages.length) throw new Error(`bindPdfs: the part "${part.title}" has no pages`);
    partPages.push(pages);
    for (const page of pages) {
      for (const annot of linkRefs(page)) retarget(context.lookup(annot, PDFDict));
    }

    const lang = source.catalog.lookup(PDFName.of('Lang'));
    const root = source.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    if (root)
      tree.addTagged(source, root, copy, pages, { title: part.title, lang, prefix: partDestinationPrefix(index) });
    else tree.addUntagged(pages, part.title, lang);

    for (const [key, value] of nameTreeEntries(names(source, 'Dests'))) {
      namedDests.push([prefixKey(key, partDestinationPrefix(index)), copy(value)]);
    }
    // The older form, a dictionary of names, joins the same tree.
    const dests = source.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
    for (const [key, value] of dests?.entries() ?? []) {
      namedDests.push([nameKey(partDestinationPrefix(index) + key.decodeText()), copy(value)]);
    }

    const children = readOutline(source.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict), copy, context);
    const walk = (items: Bookmark[]) => {
      for (const item of items) {
        retarget(item.dict);
        walk(item.children);
      }
    };
    walk(children);
    const firstPage = pages[0];
    const bookmark = {
      dict: context.obj({
        Title: PDFHexString.fromText(part.title),
        Dest: [firstPage.ref, 'XYZ', null, firstPage.getMediaBox().y + firstPage.getMediaBox().height, null],
      }),
      open: true,
      children,
    };
    const previous = bookmarks.at(-1);
    if (part.nested && previous) previous.children.push(bookmark);
    else bookmarks.push(bookmark);

    if (part.pageStamp) {
      const stamp = part.pageStamp;
      for (const [i, page] of pages.entries()) stamps.push({ page, text: stamp(i + 1) });
    }
  }

  linkParts(parts, partPages, context);
  tree.write(doc);
  const outlines = context.register(context.obj({ Type: 'Outlines' }));
  const visible = writeOutline(context, bookmarks, outlines);
  context.lookup(outlines, PDFDict).set(PDFName.of('Count'), PDFNumber.of(visible));
  doc.catalog.set(PDFName.of('Outlines'), outlines);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  if (namedDests.length) {
    doc.catalog.set(PDFName.of('Names'), context.obj({ Dests: context.register(nameTree(context, namedDests)) }));
  }
  await stampPages(doc, stamps, options.stampSide ?? 'right');
  bookMetadata(doc, first as PDFDocument, options);
  context.trailerInfo.ID = documentId(
    context,
    parts,
    stamps.map((stamp) => stamp.text),
    options,
  );
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  // pdf-lib always writes a PDF 1.7 header; a PDF/A-1 claim asks for 1.4. One digit, so no offset moves.
  bytes[7] = 0x30 + Math.max(...parts.map((part) => pdfVersion(part.pdf)));
  return bytes;
}

/**
 * Renames, in a copied link or bookmark, the named destination it goes to
 * (`/Dest` or a GoTo action's `/D`) with the part's prefix. Destinations
 * given as arrays already point at the copied pages. An action shared by
 * several links is renamed once.
 */
function retargeter(prefix: string): (dict: PDFDict) => void {
  const done = new Set<PDFDict>();
  const renamed = (target: PDFObject | undefined) =>
    target instanceof PDFString || target instanceof PDFHexString
      ? prefixKey(target, prefix)
      : target instanceof PDFName
        ? nameKey(prefix + target.decodeText())
        : undefined;
  const rename = (dict: PDFDict, key: string) => {
    if (done.has(dict)) return;
    done.add(dict);
    const target = renamed(dict.lookup(PDFName.of(key)));
    if (target) dict.set(PDFName.of(key), target);
  };
  return (dict) => {
    rename(dict, 'Dest');
    const action = dict.lookup(PDFName.of('A'));
    if (action instanceof PDFDict && action.get(PDFName.of('S')) === PDFName.of('GoTo')) rename(action, 'D');
  };
}

/** The root of one of the catalog's name trees (`Dests`, `EmbeddedFiles`…). */
function names(doc: PDFDocument, tree: string): PDFDict | undefined {
  return doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of(tree), PDFDict);
}

/** Each stamp at the foot of its page, right-aligned, as an artifact, in one embedded font. */
async function stampPages(
  doc: PDFDocument,
  stamps: { page: PDFPage; text: string }[],
  side: 'left' | 'right',
): Promise<void> {
  if (!stamps.length) return;
  const runs = await stampRuns(
    doc,
    stamps.map((stamp) => stamp.text),
  );
  for (const [i, { page }] of stamps.entries()) {
    // The page's own drawing leaves the graphics state as it was found.
    wrapContent(page, 'q\n', '\nQ\n');
    const box = page.getMediaBox();
    drawArtifact(page, () =>
      drawRuns(page, runs[i], {
        x: side === 'left' ? box.x + STAMP.margin : box.x + box.width - STAMP.margin - widthOf(runs[i], STAMP.size),
        y: box.y + STAMP.baseline,
        size: STAMP.size,
        color: rgb(0.25, 0.27, 0.31),
      }),
    );
  }
}

/**
 * Links from one part to another part's file (relative web addresses, as a
 * brief links to another brief) become links to that part's first page.
 */
function linkParts(parts: Part[], partPages: PDFPage[][], context: PDFContext): void {
  const firstPages = new Map<string, PDFPage>();
  for (const [i, part] of parts.entries()) if (part.path) firstPages.set(posix.normalize(part.path), partPages[i][0]);
  if (firstPages.size === 0) return;
  for (const [i, part] of parts.entries()) {
    const base = posix.dirname(part.path ?? '');
    for (const page of partPages[i]) {
      for (const ref of linkRefs(page)) {
        const annot = context.lookup(ref, PDFDict);
        const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
        const uri = action?.lookupMaybe(PDFName.of('URI'), PDFString, PDFHexString)?.decodeText();
        if (!uri || /^[a-z][a-z0-9+.-]*:|^\/|^#/i.test(uri)) continue;
        const target = firstPages.get(posix.normalize(posix.join(base, uri.replace(/#.*$/, ''))));
        if (!target) continue;
        const box = target.getMediaBox();
        annot.delete(PDFName.of('A'));
        annot.set(PDFName.of('Dest'), context.obj([target.ref, 'XYZ', null, box.y + box.height, null]));
      }
    }
  }
}

/** The minor version a PDF's header names (`%PDF-1.4` → 4): the bound file's is the highest of its parts'. */
function pdfVersion(bytes: Uint8Array): number {
  const match = /^%PDF-1\.(\d)/.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 16)));
  return match ? Number(match[1]) : 7;
}

/** The trailer's file identifier, from the inputs only (PDF/A asks for one; a random one would change every build). */
function documentId(context: PDFContext, parts: Part[], stamps: string[], options: BindOptions): PDFArray {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part.pdf).update(`\0${part.title}\0`);
  hash.update(stamps.join('\0'));
  hash.update(`${options.title}\0${options.language}\0${options.date.toISOString()}`);
  const id = PDFHexString.of(hash.digest('hex').slice(0, 32));
  return context.obj([id, id]);
}
