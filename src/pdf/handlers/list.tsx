import { Text, View } from '@react-pdf/renderer';
import type { List, ListItem } from 'mdast';
import { SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/** Width of the marker column (styles.listMarker). */
const MARKER_WIDTH = 18;

/** Markers the body and sans faces both cover. */
const BULLETS = ['•', '–', '·'];

/** Nested lists indent; unordered markers change with depth; task items show a box. */
export const list: Handler<List> = (node, state) => {
  const depth = state.listDepth;
  const inner: RenderState = {
    ...state,
    tight: node.spread !== true,
    listDepth: depth + 1,
    indent: state.indent + MARKER_WIDTH,
  };
  return (
    <SView tag="L" style={depth === 0 ? state.styles.list : { marginTop: 2 }}>
      {node.children.map((item, i) => (
        <View key={i} style={state.styles.listItem}>
          <Text style={state.styles.listMarker}>{marker(node, item, i, depth)}</Text>
          <SView tag="LBody" style={state.styles.listBody}>
            {inner.one(item, node)}
          </SView>
        </View>
      ))}
    </SView>
  );
};

export const listItem: Handler<ListItem> = (node, state) => state.all(node);

function marker(node: List, item: ListItem, index: number, depth: number): string {
  if (item.checked === true) return '[x]';
  if (item.checked === false) return '[ ]';
  if (node.ordered) return `${(node.start ?? 1) + index}.`;
  return BULLETS[depth % BULLETS.length];
}
