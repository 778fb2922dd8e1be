import { Text, View } from '@react-pdf/renderer';
import type { Code } from 'mdast';
import { SView } from '../semantic.tsx';
import type { Handler } from '../state.ts';

/** Code blocks keep their lines: one Text per line, since a newline character would fall to Helvetica. */
export const code: Handler<Code> = (node, state) => (
  <SView tag="Code" style={state.styles.codeBlock} wrap={false}>
    {node.value.split('\n').map((line, i) => (
      <Text key={i}>{line.replace(/\t/g, '    ') || ' '}</Text>
    ))}
  </SView>
);

export const thematicBreak: Handler = (_node, state) => <View style={state.styles.rule} />;
