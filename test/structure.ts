/**
 * A structure checker for tagged PDFs, of our own: pdf-lib reads the whole
 * structure tree from the file (every element, its type, attributes and
 * content), pdf.js replays every page's content stream and reports each
 * painting operator that lies outside both tagged content and an artifact.
 * Tests assert on the report, so a broken tag shows as a named problem.
 */

import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface StructElement {
  type: string;
  alt?: string;
  lang?: string;
  scope?: string;
  children: StructElement[];
  /** Marked content this element holds directly: page index (0-based) and MCID. */
  content: { page: number; mcid: number }[];
  /** Annotations tied to this element (links). */
  annotations: number;
}

export interface StructureReport {
  tagged: boolean;
  lang?: string;
  displayDocTitle: boolean;
  /** Pages without `/Tabs /S`. */
  pagesWithoutTabs: number[];
  root?: StructElement;
  /** Painting operators outside tagged content and artifacts, as `page N: operator`. */
  untagged: string[];
  /** Link annotations without a `/StructParent`, or whose parent is not a Link element. */
  linksWithoutElement: string[];
  /** Link annotations without a `/Contents` description. */
  linksWithoutDescription: string[];
  /** Heading types (`H1`, `H2`…) in reading order. */
  headings: string[];
  xmp: string;
}

/** Every element of a tree, depth first, parents before children. */
export function elements(root: StructElement | undefined): StructElement[] {
  if (!root) return [];
  return [root, ...root.children.flatMap((child) => elements(child))];
}

/** The problems a reader with a screen reader would meet, in words; empty when the PDF is well tagged. */
export function structureProblems(report: StructureReport): string[] {
  const problems: string[] = [];
  if (!report.tagged) problems.push('not marked as tagged (/MarkInfo /Marked true)');
  if (!report.root) problems.push('no structure tree');
  if (!report.lang) problems.push('no /Lang');
  if (!report.displayDocTitle) problems.push('the viewer does not show the document title');
  if (report.pagesWithoutTabs.length) problems.push(`pages without /Tabs /S: ${report.pagesWithoutTabs.join(', ')}`);
  problems.push(...report.untagged.map((op) => `untagged ${op}`));
  problems.push(...report.linksWithoutElement.map((link) => `link without its Link element: ${link}`));
  problems.push(...report.linksWithoutDescription.map((link) => `link without a description: ${link}`));
  for (const figure of elements(report.root).filter((e) => e.type === 'Figure')) {
    if (!figure.alt?.trim()) problems.push('a Figure without alt text');
  }
  if (report.headings.length && report.headings[0] !== 'H1')
    problems.push(`the first heading is ${report.headings[0]}`);
  let level = 0;
  for (const heading of report.headings) {
    const next = Number(heading.slice(1));
    if (next > level + 1) problems.push(`heading level skipped: ${heading} after H${level}`);
    level = next;
  }
  if (!/pdfuaid:part[^0-9]*1/.test(report.xmp)) problems.push('no PDF/UA identifier (pdfuaid:part 1) in the XMP');
  return problems;
}

const PAINTING = new Set(
  [
    'fill',
    'eoFill',
    'stroke',
    'fillStroke',
    'eoFillStroke',
    'closeStroke',
    'closeFillStroke',
    'closeEOFillStroke',
    'showText',
    'showSpacedText',
    'nextLineShowText',
    'nextLineSetSpacingShowText',
    'paintImageXObject',
    'paintInlineImageXObject',
    'paintImageMaskXObject',
    'paintImageXObjectRepeat',
    'paintImageMaskXObjectRepeat',
    'paintSolidColorImageMask',
    'shadingFill',
  ].map((name) => OPS[name as keyof typeof OPS]),
);
const NAMES = Object.fromEntries(Object.entries(OPS).map(([name, code]) => [code, name]));

export async function readStructure(bytes: Uint8Array): Promise<StructureReport> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const catalog = doc.catalog;
  const dictAt = (dict: PDFDict | undefined, key: string) => {
    const value = dict?.lookup(PDFName.of(key));
    return value instanceof PDFDict ? value : undefined;
  };
  const text = (object: PDFObject | undefined) =>
    object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined;
  const pageRefs = doc.getPages().map((page) => page.ref);
  const pageIndex = (ref: PDFObject | undefined) => (ref instanceof PDFRef ? pageRefs.indexOf(ref) : -1);

  const markInfo = dictAt(catalog, 'MarkInfo');
  const viewer = dictAt(catalog, 'ViewerPreferences');
  const treeRoot = dictAt(catalog, 'StructTreeRoot');
  const metadata = catalog.lookup(PDFName.of('Metadata'));
  const xmp =
    metadata && 'getContents' in metadata
      ? Buffer.from((metadata as unknown as { getContents(): Uint8Array }).getContents()).toString('utf8')
      : '';

  const parentsOfAnnotations = new Map<string, PDFDict>();
  const parentTree = dictAt(treeRoot, 'ParentTree');
  const nums = parentTree?.lookup(PDFName.of('Nums'));
  for (let i = 0; nums instanceof PDFArray && i < nums.size(); i += 2) {
    const value = nums.lookup(i + 1);
    if (value instanceof PDFDict) parentsOfAnnotations.set(String((nums.get(i) as PDFNumber).asNumber()), value);
  }

  const toElement = (dict: PDFDict, inheritedPage: number): StructElement => {
    const type = (dict.get(PDFName.of('S')) as PDFName).decodeText();
    const page = dict.has(PDFName.of('Pg')) ? pageIndex(dict.get(PDFName.of('Pg'))) : inheritedPage;
    const attributes = dictAt(dict, 'A');
    const element: StructElement = {
      type,
      alt: text(dict.lookup(PDFName.of('Alt'))),
      lang: text(dict.lookup(PDFName.of('Lang'))),
      scope: (attributes?.get(PDFName.of('Scope')) as PDFName | undefined)?.decodeText(),
      children: [],
      content: [],
      annotations: 0,
    };
    const kids = dict.lookup(PDFName.of('K'));
    const list = kids instanceof PDFArray ? kids.asArray() : kids === undefined ? [] : [kids];
    for (const kid of list) {
      const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      if (value instanceof PDFNumber) element.content.push({ page, mcid: value.asNumber() });
      else if (value instanceof PDFDict) {
        const kind = (value.get(PDFName.of('Type')) as PDFName | undefined)?.decodeText();
        if (kind === 'MCR') {
          const mcid = (value.get(PDFName.of('MCID')) as PDFNumber).asNumber();
          element.content.push({ page: pageIndex(value.get(PDFName.of('Pg'))), mcid });
        } else if (kind === 'OBJR') element.annotations += 1;
        else element.children.push(toElement(value, page));
      }
    }
    return element;
  };
  const rootKids = treeRoot?.lookup(PDFName.of('K'));
  const rootElement = rootKids instanceof PDFArray ? rootKids.lookup(0) : rootKids;
  const root = rootElement instanceof PDFDict ? toElement(rootElement, -1) : undefined;

  const pagesWithoutTabs: number[] = [];
  const linksWithoutElement: string[] = [];
  const linksWithoutDescription: string[] = [];
  doc.getPages().forEach((page, i) => {
    if ((page.node.get(PDFName.of('Tabs')) as PDFName | undefined)?.decodeText() !== 'S') pagesWithoutTabs.push(i + 1);
    const annots = page.node.Annots();
    for (let a = 0; annots && a < annots.size(); a++) {
      const annot = annots.lookup(a, PDFDict);
      if ((annot.get(PDFName.of('Subtype')) as PDFName).decodeText() !== 'Link') continue;
      const name = `page ${i + 1}, link ${a + 1}`;
      const key = annot.get(PDFName.of('StructParent'));
      const parent = key instanceof PDFNumber ? parentsOfAnnotations.get(String(key.asNumber())) : undefined;
      if ((parent?.get(PDFName.of('S')) as PDFName | undefined)?.decodeText() !== 'Link')
        linksWithoutElement.push(name);
      if (!text(annot.lookup(PDFName.of('Contents')))?.trim()) linksWithoutDescription.push(name);
    }
  });

  const untagged: string[] = [];
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  for (let n = 1; n <= pdf.numPages; n++) {
    const { fnArray, argsArray } = await (await pdf.getPage(n)).getOperatorList();
    // Each open marked-content sequence: whether it makes what is inside tagged content or an artifact.
    const stack: boolean[] = [];
    fnArray.forEach((fn, i) => {
      const args = argsArray[i] as unknown[];
      if (fn === OPS.beginMarkedContent) stack.push((args[0] as { name: string }).name === 'Artifact');
      else if (fn === OPS.beginMarkedContentProps) stack.push(args[0] === 'Artifact' || typeof args[1] === 'number');
      else if (fn === OPS.endMarkedContent) stack.pop();
      else {
        const painting = fn === OPS.constructPath ? PAINTING.has(args[0] as number) : PAINTING.has(fn);
        if (painting && !stack.some(Boolean))
          untagged.push(`page ${n}: ${NAMES[fn === OPS.constructPath ? (args[0] as number) : fn]}`);
      }
    });
  }
  await pdf.destroy();

  return {
    tagged: markInfo?.get(PDFName.of('Marked'))?.toString() === 'true',
    lang: text(catalog.lookup(PDFName.of('Lang'))),
    displayDocTitle: viewer?.get(PDFName.of('DisplayDocTitle'))?.toString() === 'true',
    pagesWithoutTabs,
    root,
    untagged,
    linksWithoutElement,
    linksWithoutDescription,
    headings: elements(root)
      .map((e) => e.type)
      .filter((type) => /^H\d$/.test(type)),
    xmp,
  };
}
