import type { Definition, FootnoteDefinition, Nodes, Parents } from 'mdast';
import { createElement, Fragment, type ReactNode } from 'react';
import type { Target } from '../stages/crossref.ts';
import { anchorsBeside } from '../stages/derive.ts';
import type { SvgFace } from '../stages/svg.ts';
import type { Theme } from '../theme.ts';
import { PAGE_WIDTH } from './geometry.ts';
import { type PageNotes, pageNotes } from './page-notes.tsx';
import type { PageNumbers } from './pages.tsx';
import type { Styles } from './styles.ts';

/** An image already resolved, checked and read by the images stage. */
export interface ImageAsset {
  /** The file it was read from, after symbolic links. */
  path: string;
  data: Buffer;
  format: 'png' | 'jpg' | 'svg';
  /** For an SVG: the faces its text is set in (`data` names them), which layout must have loaded. */
  faces?: SvgFace[];
}

export type Handler<N extends Nodes = Nodes> = (node: N, state: RenderState, parent?: Parents) => ReactNode;

/**
 * What every handler can reach while the mdast tree becomes react-pdf
 * elements: the styles, resolved images, note numbering, and `one`/`all` to
 * render children through the handler map.
 */
export interface RenderState {
  styles: Styles;
  theme: Theme;
  images: ReadonlyMap<string, ImageAsset>;
  /** Figures, tables and sections that `@fig:id` references name, by id. */
  targets: ReadonlyMap<string, Target>;
  /** The width of the text column, in points: what tables share out and image widths are relative to. */
  textWidth: number;
  definitions: ReadonlyMap<string, Definition>;
  footnotes: ReadonlyMap<string, FootnoteDefinition>;
  /** Note number for a footnote identifier, assigned in order of first reference. */
  noteNumber(identifier: string): number;
  /** Identifiers of the notes cited so far, in number order. */
  citedNotes(): string[];
  /** A unique anchor id for a heading the brief's tree does not hold (its own headings carry derived ids). */
  anchor(text: string): string;
  /** The outline parent for a heading of this depth; records this heading as the latest of its depth. */
  outlineParent(depth: number, ref: string): string | undefined;
  /**
   * The structure type of the next heading, in reading order: `H1`… with no
   * level skipped (a `###` straight after the subject is tagged H2), whatever
   * size it is set in.
   */
  headingTag(depth: number): string;
  /** How a screen reader describes a link to an id (`footnote:3` → "Footnote 3"); filled while rendering. */
  linkTitles: Record<string, string>;
  /** Page numbers from the previous layout pass, and probes for this one. */
  pages: PageNumbers;
  /** Which footnotes sit at the foot of each page, settled as pages are laid out. */
  pageNotes: PageNotes;
  /** Portion mark such as "U" printed before each paragraph, when the brief asks for them. */
  portionMark?: string;
  /** True inside a tight list, where paragraphs get no space after. */
  tight: boolean;
  /** How many lists enclose the node being rendered. */
  listDepth: number;
  /** How far (points) enclosing lists and quotations indent the text: change bars reach back to the margin. */
  indent: number;
  /** Renders a node with this state; a handler passes a changed copy (`{ ...state, tight }`) to its children. */
  one(this: RenderState, node: Nodes, parent?: Parents): ReactNode;
  all(this: RenderState, parent: Parents): ReactNode[];
}

export function createState(
  base: Pick<RenderState, 'styles' | 'theme' | 'images' | 'definitions' | 'footnotes' | 'pages' | 'portionMark'> &
    Partial<Pick<RenderState, 'anchor' | 'targets' | 'textWidth'>>,
  handlers: Record<string, Handler>,
): RenderState {
  const numbers = new Map<string, number>();
  const outline: (string | undefined)[] = [];
  let headingLevel = 0;
  const state: RenderState = {
    ...base,
    targets: base.targets ?? new Map(),
    textWidth: base.textWidth ?? PAGE_WIDTH.Letter - base.theme.margins.left - base.theme.margins.right,
    tight: false,
    listDepth: 0,
    indent: 0,
    noteNumber(identifier) {
      let n = numbers.get(identifier);
      if (n === undefined) {
        n = numbers.size + 1;
        numbers.set(identifier, n);
      }
      return n;
    },
    citedNotes: () => [...numbers.keys()],
    pageNotes: pageNotes((id) => numbers.get(id) ?? 0),
    anchor: base.anchor ?? anchorsBeside({ type: 'root', children: [] }),
    headingTag(depth) {
      headingLevel = Math.min(depth, headingLevel + 1);
      return `H${headingLevel}`;
    },
    linkTitles: {},
    outlineParent(depth, ref) {
      const parent = outline.slice(0, depth).findLast((r) => r !== undefined);
      outline[depth] = ref;
      outline.length = depth + 1;
      return parent;
    },
    one(node, parent) {
      const handler = handlers[node.type];
      // The check stage reports unsupported constructs with their place before
      // layout starts, so reaching this is a bug, not a content problem.
      if (!handler) throw new Error(`No PDF handler for mdast node "${node.type}"`);
      return handler(node, this, parent);
    },
    all(parent) {
      return parent.children.map((child, i) => createElement(Fragment, { key: i }, this.one(child, parent)));
    },
  };
  return state;
}
