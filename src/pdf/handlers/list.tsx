import type { List, ListItem } from 'mdast';
import { textWidth } from '../fonts.ts';
import { SText, SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/** Width of the marker column (styles.listMarker), unless a wider number needs more. */
const MARKER_WIDTH = 18;
/** Space between the widest number and its item's text. */
const MARKER_GAP = 5;

/** Markers the body and sans faces both cover. */
const BULLETS = ['•', '–', '·'];

/** Nested lists indent; unordered markers change with depth; task items show a box. */
export const list: Handler<List> = (node, state) => {
  const depth = state.listDepth;
  const markers = node.children.map((item, i) => marker(node, item, i, depth));
  const width = markerWidth(markers, state);
  const inner: RenderState = {
    ...state,
    tight: node.spread !== true,
    listDepth: depth + 1,
    indent: state.indent + width,
  };
  return (
    <SView tag="L" style={depth === 0 ? state.styles.list : { marginTop: 2 }}>
      {node.children.map((item, i) => (
        // An item that asks for a decision stays whole: its text with the lines to mark.
        <SView tag="LI" key={i} style={state.styles.listItem} wrap={!asksDecision(item)}>
          <SText tag="Lbl" style={[state.styles.listMarker, { width }]}>
            {markers[i]}
          </SText>
          <SView tag="LBody" style={state.styles.listBody}>
            {inner.one(item, node)}
          </SView>
        </SView>
      ))}
    </SView>
  );
};

export const listItem: Handler<ListItem> = (node, state) => state.all(node);

const asksDecision = (item: ListItem) => item.children.some((c) => c.type === 'briefBlock' && c.name === 'decision');

/** The marker column fits the widest marker: `2021.` starts a list in CommonMark. */
function markerWidth(markers: string[], state: RenderState): number {
  const { fonts, sizes } = state.theme;
  const widest = Math.max(...markers.map((m) => textWidth(fonts.body, m, sizes.body)));
  return Math.max(MARKER_WIDTH, Math.ceil(widest + MARKER_GAP));
}

function marker(node: List, item: ListItem, index: number, depth: number): string {
  if (item.checked === true) return '[x]';
  if (item.checked === false) return '[ ]';
  if (node.ordered) return `${(node.start ?? 1) + index}.`;
  return BULLETS[depth % BULLETS.length];
}
