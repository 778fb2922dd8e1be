import { renderToBuffer } from '@react-pdf/renderer';
import { buildDocument, type DocumentInput } from './document.tsx';
import { registerFamily } from './fonts.ts';
import './hyphenation.ts';

/** Lays out and draws the memo; returns the PDF bytes. */
export async function renderPdf(input: DocumentInput): Promise<Buffer> {
  for (const family of [...Object.values(input.theme.fonts), ...input.fallbacks]) registerFamily(family);
  return renderToBuffer(buildDocument(input));
}
