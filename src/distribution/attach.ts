import { AFRelationship, PDFDocument } from 'pdf-lib';

/**
 * The brief's Markdown source, attached inside its PDF as an embedded file
 * (`attachSource: true`), so a reader can always recover the text. Dated from
 * the build's fixed date, so the output stays reproducible. Written as PDF/A-3
 * asks: a MIME subtype, /AFRelationship /Source, the file specification in
 * the catalog's /AF, creation and modification dates.
 */
export async function attachSource(
  pdf: Uint8Array,
  source: { name: string; text: string },
  date: Date,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  await doc.attach(Buffer.from(source.text, 'utf8'), source.name, {
    mimeType: 'text/markdown',
    // PDF/A-3: how the file relates to the document; pdf-lib lists it in the catalog's /AF.
    afRelationship: AFRelationship.Source,
    description: 'The Markdown source of this brief',
    creationDate: date,
    modificationDate: date,
  });
  return doc.save({ useObjectStreams: false });
}
