import {
  PDFArray,
  type PDFContext,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  type PDFPage,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { annotations, linkRefs, wrapContent } from './pages.ts';
import { type NameKey, nameTree, nameTreeEntries, numberTree, numberTreeEntries, prefixKey } from './trees.ts';

/**
 * One structure tree for the bound PDF: a Document element holding a Part
 * element per part. A tagged part keeps its own tree under its Part, its
 * parent tree keys moved past the parts before it; an untagged part becomes
 * one Figure, so every page's content is tagged.
 */
export class JoinedStructure {
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
      for (const annot of annotations(page)) move(annot, 'StructParent');
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
