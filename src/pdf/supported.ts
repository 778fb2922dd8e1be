/**
 * The mdast node types the PDF can draw. The check stage reads this list
 * (without loading react-pdf); the handler map must have exactly these keys,
 * which its type enforces.
 */
export const SUPPORTED_NODES = [
  'blockquote',
  'break',
  // Placed by templates only ({{{block "decision"}}}); Markdown never produces it.
  'briefBlock',
  'code',
  // `@fig:id`: made from text by src/stages/crossref.ts.
  'crossReference',
  'definition',
  'delete',
  'emphasis',
  'footnoteDefinition',
  'footnoteReference',
  'heading',
  'image',
  'inlineCode',
  'link',
  'linkReference',
  'list',
  'listItem',
  'paragraph',
  // Made by redlines only; Markdown never produces it.
  'redline',
  'root',
  'strong',
  'table',
  'tableCell',
  'tableRow',
  'text',
  'thematicBreak',
] as const;

export type SupportedNode = (typeof SUPPORTED_NODES)[number];
