import { Text, View } from '@react-pdf/renderer';
import type { Change } from '../../redline/nodes.ts';
import type { Handler } from '../state.ts';

const COLORS: Record<Change['kind'], string> = {
  inserted: '#1a5fb4',
  deleted: '#c01c28',
  changed: '#1b1b1b',
  moved: '#26a269',
};

/** Distance of a change bar from the text's left edge, in the margin. */
const BAR_OFFSET = 10;

/**
 * A redline mark: inserted words underlined in blue, deleted words struck
 * through in red; a changed, added, removed or moved block gets a bar in the
 * left margin.
 */
export const redline: Handler<Change> = (node, state) => {
  const color = COLORS[node.kind];
  if (node.block) {
    return (
      <View>
        <View
          fixed={false}
          style={{
            position: 'absolute',
            left: -(BAR_OFFSET + state.indent),
            top: 0,
            bottom: 0,
            width: 2,
            backgroundColor: color,
          }}
        />
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
