import { Text, View } from '@react-pdf/renderer';
import type { Change } from '../../redline/nodes.ts';
import type { Handler } from '../state.ts';

const COLORS: Record<Change['kind'], string> = {
  inserted: '#1a5fb4',
  deleted: '#c01c28',
  changed: '#1b1b1b',
  moved: '#26a269',
};

/** Distance of a change bar from the text's left edge, in the margin, and its width. */
const BAR_OFFSET = 10;
const BAR_WIDTH = 2;

/**
 * A redline mark: inserted words underlined in blue, deleted words struck
 * through in red; a changed, added, removed or moved block gets a bar in the
 * left margin.
 */
export const redline: Handler<Change> = (node, state) => {
  const color = COLORS[node.kind];
  if (node.block) {
    // The bar is the block's own left border, moved into the margin: a block
    // split across pages has it on each page, beside its own lines.
    const reach = BAR_OFFSET + state.indent;
    return (
      <View
        style={{
          marginLeft: -reach,
          paddingLeft: reach - BAR_WIDTH,
          borderLeftWidth: BAR_WIDTH,
          borderLeftColor: color,
        }}
      >
        {state.all(node)}
      </View>
    );
  }
  const style =
    node.kind === 'deleted'
      ? { color, textDecoration: 'line-through' as const }
      : { color, textDecoration: 'underline' as const };
  return <Text style={style}>{state.all(node)}</Text>;
};
