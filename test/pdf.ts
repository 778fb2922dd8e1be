import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Opens PDF bytes with pdf.js and returns what tests look at. */
export async function readPdf(bytes: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, string> };
  const pages: string[] = [];
  const links: { page: number; url?: string; dest?: unknown }[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
        .replace(/[ \t]+/g, ' '),
    );
    for (const a of await page.getAnnotations()) {
      if (a.subtype === 'Link') links.push({ page: n, url: a.url, dest: a.dest });
    }
  }
  const outline = ((await doc.getOutline()) ?? []) as OutlineItem[];
  const result = { pages, info, links, outline, numPages: doc.numPages, text: pages.join('\n') };
  await doc.destroy();
  return result;
}

export interface OutlineItem {
  title: string;
  items: OutlineItem[];
}

/** Text with line breaks and hyphenation joins removed, for phrase searches. */
export function flat(text: string): string {
  return text.replace(/-\n/g, '').replace(/\s+/g, ' ');
}
