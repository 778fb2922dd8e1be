import { View } from '@react-pdf/renderer';
import type { Code } from 'mdast';
import { SText } from '../semantic.tsx';
import type { Handler } from '../state.ts';

/** Code blocks keep their lines: one Text per line, since a newline character would fall to Helvetica. */
export const code: Handler<Code> = (node, state) => (
  <View style={state.styles.codeBlock} wrap={false}>
    {node.value.split('\n').map((line, i) => (
      <SText key={i} tag="Code">
        {line.replace(/\t/g, '    ') || ' '}
      </SText>
    ))}
  </View>
);

export const thematicBreak: Handler = (_node, state) => <View style={state.styles.rule} />;
