import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFString,
} from 'pdf-lib';

/**
 * Name trees and number trees (PDF 32000-1, 7.9.6 and 7.9.7): read as flat
 * lists of entries, written back as one sorted leaf. A bound PDF holds a few
 * thousand entries at most, which one leaf carries well.
 */

export type NameKey = PDFString | PDFHexString;

/** Every [key, value] of a name tree, leaves in order; values as stored (references stay references). */
export function nameTreeEntries(root: PDFDict | undefined): [NameKey, PDFObject][] {
  return leaves(root, 'Names').flatMap(([key, value]) =>
    key instanceof PDFString || key instanceof PDFHexString ? [[key, value] as [NameKey, PDFObject]] : [],
  );
}

/** Every [key, value] of a number tree, leaves in order. */
export function numberTreeEntries(root: PDFDict | undefined): [number, PDFObject][] {
  return leaves(root, 'Nums').flatMap(([key, value]) =>
    key instanceof PDFNumber ? [[key.asNumber(), value] as [number, PDFObject]] : [],
  );
}

function leaves(root: PDFDict | undefined, kind: 'Names' | 'Nums'): [PDFObject, PDFObject][] {
  const found: [PDFObject, PDFObject][] = [];
  const seen = new Set<PDFDict>();
  const visit = (node: PDFDict) => {
    // A tree whose kids loop back would never end.
    if (seen.has(node)) return;
    seen.add(node);
    const pairs = node.lookup(PDFName.of(kind));
    if (pairs instanceof PDFArray) {
      for (let i = 0; i + 1 < pairs.size(); i += 2) found.push([pairs.lookup(i) as PDFObject, pairs.get(i + 1)]);
    }
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) {
      for (let i = 0; i < kids.size(); i++) {
        const kid = kids.lookup(i);
        if (kid instanceof PDFDict) visit(kid);
      }
    }
  };
  if (root) visit(root);
  return found;
}

/** A name tree of one leaf, keys sorted by their bytes as the format asks. */
export function nameTree(context: PDFContext, entries: [NameKey, PDFObject][]): PDFDict {
  const sorted = [...entries].sort(([a], [b]) => compareBytes(a.asBytes(), b.asBytes()));
  return context.obj({ Names: sorted.flat() });
}

/** A number tree of one leaf, keys in ascending order. */
export function numberTree(context: PDFContext, entries: [number, PDFObject][]): PDFDict {
  const sorted = [...entries].sort(([a], [b]) => a - b);
  return context.obj({ Nums: sorted.flatMap(([key, value]) => [PDFNumber.of(key), value]) });
}

/** The key with `prefix` (plain ASCII, no parentheses or backslashes) in front, its own bytes kept as they are. */
export function prefixKey(key: NameKey, prefix: string): NameKey {
  if (key instanceof PDFHexString)
    return PDFHexString.of(Buffer.from(prefix, 'latin1').toString('hex') + key.asString());
  return PDFString.of(prefix + key.asString());
}

/** A name (a PDF name object's text, one byte per character) as a name tree key: as hex, so any byte is safe. */
export function nameKey(text: string): NameKey {
  return PDFHexString.of(Buffer.from(text, 'latin1').toString('hex'));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
