import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The text of a source's local copy, and how a place in it is named: a line, or a page of a PDF. */
export interface SourceText {
  /** As given in the front matter. */
  name: string;
  text: string;
  /** Offsets where each page starts, for a PDF. */
  pages?: number[];
}

const KINDS = ['.txt', '.md', '.pdf'];

/** Reads a `.txt` or `.md` file as UTF-8, a `.pdf` file's text with pdf.js. */
export async function readSourceText(
  file: string,
  name: string,
): Promise<SourceText | { error: string; hint: string }> {
  const kind = path.extname(file).toLowerCase();
  if (!KINDS.includes(kind)) {
    return { error: `The source's file "${name}" is not a .txt, .md or .pdf file.`, hint: 'Save its text as .txt.' };
  }
  const data = await readFile(file);
  if (kind !== '.pdf') return { name, text: data.toString('utf8') };
  try {
    return { name, ...(await pdfText(data)) };
  } catch (error) {
    return {
      error: `The source's file "${name}" cannot be read as a PDF (${(error as Error).message}).`,
      hint: 'Save its text as .txt.',
    };
  }
}

/** A PDF's text, page by page: a line break where pdf.js reports one, a blank line between pages. */
async function pdfText(data: Buffer): Promise<{ text: string; pages: number[] }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0, isEvalSupported: false }).promise;
  try {
    let text = '';
    const pages: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(text.length);
      text += content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      text += '\n\n';
    }
    return { text, pages };
  } finally {
    await doc.destroy();
  }
}

/** "line 12" of a text file, "page 3" of a PDF, for an offset in its text. */
export function placeIn(source: SourceText, offset: number): string {
  if (source.pages) return `page ${source.pages.findLastIndex((start) => start <= offset) + 1}`;
  return `line ${source.text.slice(0, offset).split('\n').length}`;
}
