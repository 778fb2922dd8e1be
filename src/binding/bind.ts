import { createHash } from 'node:crypto';
import {
  PDFArray,
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
  PDFRef,
  PDFStream,
  PDFString,
  rgb,
} from 'pdf-lib';
import { drawArtifact, embedStampFont } from '../distribution/stamp.ts';
import { bookMetadata } from './metadata.ts';
import { type Bookmark, readOutline, writeOutline } from './outline.ts';
import { type NameKey, nameKey, nameTree, nameTreeEntries, numberTree, numberTreeEntries, prefixKey } from './trees.ts';

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
}

export interface BindOptions {
  /** The bound document's title (information dictionary, XMP, window title). */
  title: string;
  /** Its language, as a BCP 47 tag ("en-US"). */
  language: string;
  /** Its creation and modification date: never the clock, so the same inputs give the same bytes. */
  date: Date;
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
    bookmarks.push({
      dict: context.obj({
        Title: PDFHexString.fromText(part.title),
        Dest: [firstPage.ref, 'XYZ', null, firstPage.getMediaBox().y + firstPage.getMediaBox().height, null],
      }),
      open: true,
      children,
    });

    if (part.pageStamp) {
      const stamp = part.pageStamp;
      for (const [i, page] of pages.entries()) stamps.push({ page, text: stamp(i + 1) });
    }
  }

  tree.write(doc);
  const outlines = context.register(context.obj({ Type: 'Outlines' }));
  const visible = writeOutline(context, bookmarks, outlines);
  context.lookup(outlines, PDFDict).set(PDFName.of('Count'), PDFNumber.of(visible));
  doc.catalog.set(PDFName.of('Outlines'), outlines);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  if (namedDests.length) {
    doc.catalog.set(PDFName.of('Names'), context.obj({ Dests: context.register(nameTree(context, namedDests)) }));
  }
  await stampPages(doc, stamps);
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

/** The link annotations of a page, each as an indirect object (a structure element can only point at those). */
function linkRefs(page: PDFPage): PDFRef[] {
  const annots = page.node.Annots();
  const found: PDFRef[] = [];
  for (let i = 0; annots && i < annots.size(); i++) {
    const annot = annots.lookup(i);
    if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
    const stored = annots.get(i);
    const ref = stored instanceof PDFRef ? stored : page.doc.context.register(annot);
    annots.set(i, ref);
    found.push(ref);
  }
  return found;
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

/**
 * One structure tree for the bound PDF: a Document element holding a Part
 * element per part. A tagged part keeps its own tree under its Part, its
 * parent tree keys moved past the parts before it; an untagged part becomes
 * one Figure, so every page's content is tagged.
 */
class JoinedStructure {
  readonly document: PDFRef;
  private readonly parentTree: [number, PDFObject][] = [];
  private readonly ids: [NameKey, PDFObject][] = [];
  private readonly roleMap = new Map<string, PDFObject>();
  private readonly classMap = new Map<string, PDFObject>();
  private nextKey = 0;

  constructor(private readonly context: PDFContext) {
    this.document = context.register(context.obj({ Type: 'StructElem', S: 'Document', K: [] }));
  }

  addTagged(
    source: PDFDocument,
    root: PDFDict,
    copy: (object: PDFObject) => PDFObject,
    pages: PDFPage[],
    { title, lang, prefix }: { title: string; lang: PDFObject | undefined; prefix: string },
  ): void {
    const part = copy(partElement(source, root, title, lang)) as PDFRef;
    this.join(part);
    const shift = this.nextKey;
    const entries = numberTreeEntries(root.lookupMaybe(PDFName.of('ParentTree'), PDFDict));
    for (const [key, value] of entries) this.parentTree.push([key + shift, copy(value)]);
    const next = root.lookup(PDFName.of('ParentTreeNextKey'));
    this.nextKey += Math.max(next instanceof PDFNumber ? next.asNumber() : 0, ...entries.map(([key]) => key + 1));
    // The keys that pages, annotations and forms give into the parent tree move with it.
    const shifted = new Set<PDFDict>();
    const move = (dict: PDFDict, key: string) => {
      const value = dict.get(PDFName.of(key));
      if (value instanceof PDFNumber && !shifted.has(dict))
        dict.set(PDFName.of(key), PDFNumber.of(value.asNumber() + shift));
      shifted.add(dict);
    };
    for (const page of pages) {
      move(page.node, 'StructParents');
      for (const annot of allAnnotations(page)) move(annot, 'StructParent');
      const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
      for (const [, ref] of xobjects?.entries() ?? []) {
        const xobject = this.context.lookup(ref);
        if (xobject instanceof PDFStream) move(xobject.dict, 'StructParents');
      }
    }
    for (const [map, mine] of [
      ['RoleMap', this.roleMap],
      ['ClassMap', this.classMap],
    ] as const) {
      // Two parts that map the same name differently cannot both be kept: the first part's wins.
      for (const [key, value] of root.lookupMaybe(PDFName.of(map), PDFDict)?.entries() ?? []) {
        if (!mine.has(key.decodeText())) mine.set(key.decodeText(), copy(value));
      }
    }
    // Element identifiers are unique within a document: they get the part's prefix too.
    for (const [key, element] of nameTreeEntries(root.lookupMaybe(PDFName.of('IDTree'), PDFDict))) {
      const id = prefixKey(key, prefix);
      const copied = this.context.lookup(copy(element));
      if (copied instanceof PDFDict) copied.set(PDFName.of('ID'), id);
      this.ids.push([id, copy(element)]);
    }
  }

  addUntagged(pages: PDFPage[], title: string, lang: PDFObject | undefined): void {
    const { context } = this;
    const count = `${pages.length} ${pages.length === 1 ? 'page' : 'pages'}`;
    const figure = context.register(
      context.obj({
        Type: 'StructElem',
        S: 'Figure',
        Alt: PDFHexString.fromText(`Attachment: ${title}, ${count}`),
        K: [],
      }),
    );
    const part = context.register(
      context.obj({ Type: 'StructElem', S: 'Part', T: PDFHexString.fromText(title), K: [figure] }),
    );
    if (lang) context.lookup(part, PDFDict).set(PDFName.of('Lang'), lang);
    context.lookup(figure, PDFDict).set(PDFName.of('P'), part);
    this.join(part);
    const kids = context.lookup(figure, PDFDict).lookup(PDFName.of('K'), PDFArray);
    for (const page of pages) {
      const key = this.nextKey++;
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(key));
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
      this.parentTree.push([key, context.obj([figure])]);
      kids.push(context.obj({ Type: 'MCR', Pg: page.ref, MCID: 0 }));
      wrapContent(page, '/Figure <</MCID 0>> BDC\n', '\nEMC\n');
      for (const annot of linkRefs(page)) this.tieLink(annot, page, part, title);
    }
  }

  /** A link of an untagged part: a Link element of its own, and a description when it has none. */
  private tieLink(annot: PDFRef, page: PDFPage, part: PDFRef, title: string): void {
    const { context } = this;
    const dict = context.lookup(annot, PDFDict);
    const key = this.nextKey++;
    dict.set(PDFName.of('StructParent'), PDFNumber.of(key));
    if (!dict.has(PDFName.of('Contents'))) {
      const uri = dict.lookupMaybe(PDFName.of('A'), PDFDict)?.lookup(PDFName.of('URI'));
      const text =
        uri instanceof PDFString || uri instanceof PDFHexString
          ? `Link to ${uri.decodeText()}`
          : `Link within ${title}`;
      dict.set(PDFName.of('Contents'), PDFHexString.fromText(text));
    }
    const link = context.register(
      context.obj({
        Type: 'StructElem',
        S: 'Link',
        P: part,
        Pg: page.ref,
        K: [{ Type: 'OBJR', Obj: annot, Pg: page.ref }],
      }),
    );
    context.lookup(part, PDFDict).lookup(PDFName.of('K'), PDFArray).push(link);
    this.parentTree.push([key, link]);
  }

  /** The StructTreeRoot, the MarkInfo that says the PDF is tagged. */
  write(doc: PDFDocument): void {
    const { context } = this;
    const entries: Record<string, PDFObject> = {
      K: context.obj([this.document]),
      ParentTree: context.register(numberTree(context, this.parentTree)),
      ParentTreeNextKey: PDFNumber.of(this.nextKey),
    };
    for (const [name, map] of [
      ['RoleMap', this.roleMap],
      ['ClassMap', this.classMap],
    ] as const) {
      if (map.size) entries[name] = context.obj(Object.fromEntries([...map].map(([k, v]) => [k, v])));
    }
    if (this.ids.length) entries.IDTree = context.register(nameTree(context, this.ids));
    const root = context.register(context.obj({ Type: 'StructTreeRoot', ...entries }));
    context.lookup(this.document, PDFDict).set(PDFName.of('P'), root);
    doc.catalog.set(PDFName.of('StructTreeRoot'), root);
    doc.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  }

  private join(part: PDFRef): void {
    this.context.lookup(part, PDFDict).set(PDFName.of('P'), this.document);
    this.context.lookup(this.document, PDFDict).lookup(PDFName.of('K'), PDFArray).push(part);
  }
}

/**
 * The part's Part element, made in its source document before copying: its
 * Document element renamed (so whatever points at it points at the Part), or
 * a new element holding the root's kids. Nothing then points back at the
 * source's StructTreeRoot, which is left behind.
 */
function partElement(source: PDFDocument, root: PDFDict, title: string, lang: PDFObject | undefined): PDFRef {
  const { context } = source;
  const rootKids = root.get(PDFName.of('K'));
  const kids = rootKids instanceof PDFArray ? rootKids.asArray() : rootKids === undefined ? [] : [rootKids];
  const only = kids.length === 1 ? context.lookup(kids[0]) : undefined;
  let ref: PDFRef;
  if (kids[0] instanceof PDFRef && only instanceof PDFDict && only.get(PDFName.of('S')) === PDFName.of('Document')) {
    ref = kids[0];
  } else {
    ref = context.register(context.obj({ Type: 'StructElem', K: kids }));
    for (const kid of kids) {
      const element = context.lookup(kid);
      if (element instanceof PDFDict) element.set(PDFName.of('P'), ref);
    }
  }
  const part = context.lookup(ref, PDFDict);
  part.set(PDFName.of('S'), PDFName.of('Part'));
  part.set(PDFName.of('T'), PDFHexString.fromText(title));
  part.delete(PDFName.of('P'));
  if (lang && !part.has(PDFName.of('Lang'))) part.set(PDFName.of('Lang'), lang);
  return ref;
}

function allAnnotations(page: PDFPage): PDFDict[] {
  const annots = page.node.Annots();
  const found: PDFDict[] = [];
  for (let i = 0; annots && i < annots.size(); i++) {
    const annot = annots.lookup(i);
    if (annot instanceof PDFDict) found.push(annot);
  }
  return found;
}

/** Puts `before` and `after` (content operators) around everything the page draws. */
function wrapContent(page: PDFPage, before: string, after: string): void {
  const { context } = page.doc;
  const contents = page.node.get(PDFName.of('Contents'));
  const resolved = contents instanceof PDFRef ? context.lookup(contents) : contents;
  const streams = resolved instanceof PDFArray ? resolved.asArray() : contents ? [contents] : [];
  const start = context.register(context.stream(before));
  const end = context.register(context.stream(after));
  page.node.set(PDFName.of('Contents'), context.obj([start, ...streams, end]));
}

/** Each stamp at the foot of its page, right-aligned, as an artifact, in one embedded font. */
async function stampPages(doc: PDFDocument, stamps: { page: PDFPage; text: string }[]): Promise<void> {
  if (!stamps.length) return;
  const font = await embedStampFont(
    doc,
    stamps.map((stamp) => stamp.text),
  );
  for (const { page, text } of stamps) {
    // The page's own drawing leaves the graphics state as it was found.
    wrapContent(page, 'q\n', '\nQ\n');
    const box = page.getMediaBox();
    drawArtifact(page, () =>
      page.drawText(text, {
        x: box.x + box.width - STAMP.margin - font.widthOfTextAtSize(text, STAMP.size),
        y: box.y + STAMP.baseline,
        size: STAMP.size,
        font,
        color: rgb(0.25, 0.27, 0.31),
      }),
    );
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
