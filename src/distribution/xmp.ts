import { decodePDFRawStream, type PDFDocument, PDFName, PDFRawStream, PDFStream } from 'pdf-lib';

/**
 * The XMP metadata of a PDF that pdf-lib changes after rendering. PDF/A
 * requires the document information dictionary and the XMP to agree, so a
 * change to one (a copy's keywords or dates) is made to the other too.
 */

/** Text as XML character data or an attribute value. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

/** A date as XMP writes it: UTC, to the second (as pdfkit writes xmp:CreateDate). */
export function xmpDate(date: Date): string {
  return `${date.toISOString().split('.')[0]}Z`;
}

/** The catalog's XMP packet as text, or undefined when there is none. */
export function readXmp(doc: PDFDocument): string | undefined {
  const stream = doc.catalog.lookup(PDFName.of('Metadata'));
  if (!(stream instanceof PDFStream)) return undefined;
  const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
  return new TextDecoder().decode(bytes);
}

/** Replaces the catalog's XMP packet (uncompressed, as PDF/A recommends, so tools can find it). */
export function writeXmp(doc: PDFDocument, xml: string): void {
  const stream = doc.context.stream(new TextEncoder().encode(xml), { Type: 'Metadata', Subtype: 'XML' });
  const existing = doc.catalog.get(PDFName.of('Metadata'));
  if (existing && 'objectNumber' in existing) doc.context.assign(existing as never, stream);
  else doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}

/** The PDF/A part the XMP claims (1, 2, 3), or undefined. */
export function pdfaPart(xml: string | undefined): number | undefined {
  const match = xml && /<pdfaid:part>\s*(\d)\s*<\/pdfaid:part>/.exec(xml);
  return match ? Number(match[1]) : undefined;
}

/**
 * Sets a simple property (`pdf:Keywords`, `xmp:ModifyDate`) to `value`
 * (escaped here): replaced where it is, else added to the description of its
 * namespace that pdfkit writes. XMP without that description is left as it is.
 */
export function setXmpProperty(xml: string, property: string, value: string): string {
  const escaped = escapeXml(value);
  const existing = new RegExp(`<${property}>[^<]*</${property}>`);
  if (existing.test(xml)) return xml.replace(existing, () => `<${property}>${escaped}</${property}>`);
  const prefix = property.split(':')[0];
  const description = new RegExp(`(<rdf:Description [^>]*xmlns:${prefix}="[^"]*"[^>]*>)`);
  return xml.replace(description, (open) => `${open}\n            <${property}>${escaped}</${property}>`);
}
