import { Text } from '@react-pdf/renderer';
import type { Break, Delete, Emphasis, InlineCode, Strong } from 'mdast';
import type { Handler } from '../state.ts';

export const emphasis: Handler<Emphasis> = (node, state) => (
  <Text style={state.styles.emphasis}>{state.all(node)}</Text>
);

export const strong: Handler<Strong> = (node, state) => <Text style={state.styles.strong}>{state.all(node)}</Text>;

export const deleted: Handler<Delete> = (node, state) => <Text style={state.styles.delete}>{state.all(node)}</Text>;

export const inlineCode: Handler<InlineCode> = (node, state) => (
  <Text style={state.styles.inlineCode}>{node.value.replace(/[\n\t]/g, ' ')}</Text>
);

/** A hard break inside emphasis or a link; paragraphs split on their own top-level breaks. */
export const hardBreak: Handler<Break> = () => ' ';
