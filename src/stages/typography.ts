import type { Heading, Nodes, Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { setFormatCharacters } from './format-characters.ts';
import { eachNode } from './markdown.ts';

/** How a Markdown tree is set; a template can turn smart punctuation off (`smart: false`). */
export interface Typography {
  smart: boolean;
}

/**
 * Pandoc's `smart` extension: straight quotes curl (“ ” ‘ ’, and ’ for
 * apostrophes), `--` is an en dash, `---` an em dash, `...` an ellipsis.
 * Quotes pair across emphasis and links within a paragraph; code spans and
 * code blocks are left as typed.
 */
const smartPunctuation = unified().use(remarkSmartypants, {
  dashes: 'oldschool',
  ellipses: 'unspaced',
  backticks: false,
});

/** What smart punctuation changes: blocks without any are not handed to it, which costs the most of this step. */
const STRAIGHT = /["']|--|\.\.\./;

/**
 * The tree's text as it will be set: format characters set or dropped (see
 * format-characters.ts), in code as well, and punctuation made typographic.
 * Positions are kept. A web address written out as a link's text
 * (`https://a.org/x--y`) stays as typed, like code.
 */
export function typeset(tree: Root, typography: Typography): void {
  eachNode(tree, (node) => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code')
      node.value = setFormatCharacters(node.value);
    else if (node.type === 'image' && node.alt) node.alt = setFormatCharacters(node.alt);
  });
  if (!typography.smart) return;
  const addresses: { node: { value: string }; value: string }[] = [];
  const blocks: Nodes[] = [];
  eachNode(tree, (node) => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      const text = mdToString(node);
      if (STRAIGHT.test(text)) blocks.push(node);
      // GitHub makes a heading's anchor from its text as typed (`--` stays two hyphens in it).
      if (node.type === 'heading') node.data = { ...node.data, typed: text } as Heading['data'];
    }
    if (node.type !== 'link') return;
    const [only] = node.children;
    if (node.children.length === 1 && only.type === 'text' && node.url.endsWith(only.value))
      addresses.push({ node: only, value: only.value });
  });
  // Block by block, as quotes pair within a paragraph, heading or table cell.
  for (const block of blocks) smartPunctuation.runSync({ type: 'root', children: [block] } as Root);
  for (const { node, value } of addresses) node.value = value;
}

/** A heading's text as typed, before punctuation was made typographic: what its anchor is made from. */
export function typedText(heading: Heading): string {
  return (heading.data as { typed?: string } | undefined)?.typed ?? mdToString(heading);
}
