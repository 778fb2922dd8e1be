import { type PDFDict, type PDFDocument, PDFName, PDFObjectCopier } from 'pdf-lib';
import { escapeXml, readXmp, setXmpProperty, writeXmp, xmpDate } from '../distribution/xmp.ts';

/**
 * The bound document's metadata: its own title, language and date; the
 * first part's author, producer, output intent and XMP, so the PDF/A and
 * PDF/UA identification it claims carry over. PDF/A asks the information
 * dictionary and the XMP to agree, so each change is made to both, and what
 * described the first part alone (its subject and keywords) is left out.
 */
export function bookMetadata(
  doc: PDFDocument,
  first: PDFDocument,
  options: { title: string; language: string; date: Date },
): void {
  doc.setTitle(options.title, { showInWindowTitleBar: true });
  doc.setLanguage(options.language);
  doc.setCreationDate(options.date);
  doc.setModificationDate(options.date);
  const info = (document: PDFDocument) => (document as unknown as { getInfoDict(): PDFDict }).getInfoDict();
  for (const key of ['Author', 'Creator', 'Producer']) {
    const value = info(first).lookup(PDFName.of(key));
    if (value) info(doc).set(PDFName.of(key), value.clone());
  }
  const intents = first.catalog.get(PDFName.of('OutputIntents'));
  if (intents)
    doc.catalog.set(PDFName.of('OutputIntents'), PDFObjectCopier.for(first.context, doc.context).copy(intents));
  const xmp = readXmp(first);
  if (!xmp) return;
  const title = `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(options.title)}</rdf:li></rdf:Alt></dc:title>`;
  let updated = /<dc:title>[\s\S]*?<\/dc:title>/.test(xmp)
    ? xmp.replace(/<dc:title>[\s\S]*?<\/dc:title>/, () => title)
    : xmp.replace(
        '</rdf:RDF>',
        () =>
          `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">${title}</rdf:Description>\n</rdf:RDF>`,
      );
  updated = updated
    .replace(/\s*<dc:description>[\s\S]*?<\/dc:description>/, '')
    .replace(/\s*<pdf:Keywords>[^<]*<\/pdf:Keywords>/, '');
  updated = setXmpProperty(updated, 'xmp:CreateDate', xmpDate(options.date));
  updated = setXmpProperty(updated, 'xmp:ModifyDate', xmpDate(options.date));
  writeXmp(doc, updated);
}
