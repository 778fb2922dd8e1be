import type { Root } from 'mdast';
import type { Handler } from '../state.ts';
import type { SupportedNode } from '../supported.ts';
import { code, thematicBreak } from './block.tsx';
import { blockquote } from './blockquote.tsx';
import { briefBlock } from './brief-block.tsx';
import { crossReference } from './crossref.tsx';
import { footnoteDefinition, footnoteReference } from './footnote.tsx';
import { heading } from './heading.tsx';
import { image } from './image.tsx';
import { deleted, emphasis, hardBreak, inlineCode, strong } from './inline.tsx';
import { definition, link, linkReference } from './link.tsx';
import { list, listItem } from './list.tsx';
import { paragraph } from './paragraph.tsx';
import { redline } from './redline.tsx';
import { table, tableCell, tableRow } from './table.tsx';
import { text } from './text.tsx';

/**
 * One handler per mdast node type. A type missing here is unsupported: the
 * check stage reports it with its place before layout.
 */
export const handlers: Record<SupportedNode, Handler> = {
  blockquote,
  break: hardBreak,
  briefBlock,
  code,
  crossReference,
  definition,
  delete: deleted,
  emphasis,
  footnoteDefinition,
  footnoteReference,
  heading,
  image,
  inlineCode,
  link,
  linkReference,
  list,
  listItem,
  paragraph,
  redline,
  root: (node, state) => state.all(node as Root),
  strong,
  table,
  tableCell,
  tableRow,
  text,
  thematicBreak,
} as Record<SupportedNode, Handler>;
