import { PDFArray, PDFDict, PDFName, type PDFPage, PDFRef } from 'pdf-lib';

/** What binding reads and changes on a copied page: its annotations and its content streams. */

/** The link annotations of a page, each as an indirect object (a structure element can only point at those). */
export function linkRefs(page: PDFPage): PDFRef[] {
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

/** Every annotation of a page. */
export function annotations(page: PDFPage): PDFDict[] {
  const annots = page.node.Annots();
  const found: PDFDict[] = [];
  for (let i = 0; annots && i < annots.size(); i++) {
    const annot = annots.lookup(i);
    if (annot instanceof PDFDict) found.push(annot);
  }
  return found;
}

/** Puts `before` and `after` (content operators) around everything the page draws. */
export function wrapContent(page: PDFPage, before: string, after: string): void {
  const { context } = page.doc;
  const contents = page.node.get(PDFName.of('Contents'));
  const resolved = contents instanceof PDFRef ? context.lookup(contents) : contents;
  const streams = resolved instanceof PDFArray ? resolved.asArray() : contents ? [contents] : [];
  const start = context.register(context.stream(before));
  const end = context.register(context.stream(after));
  page.node.set(PDFName.of('Contents'), context.obj([start, ...streams, end]));
}
