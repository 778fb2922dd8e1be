import { Link, Text, View } from '@react-pdf/renderer';
import type { FootnoteReference } from 'mdast';
import { SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/** A superscript number linking to the note; the note links back. */
export const footnoteReference: Handler<FootnoteReference> = (node, state) => {
  const n = state.noteNumber(node.identifier);
  return (
    <Link src={`#note-${n}`} style={state.styles.noteRef}>
      <Text id={`noteref-${n}`} style={state.styles.noteRef}>
        {String(n)}
      </Text>
    </Link>
  );
};

/** Definitions are gathered into the notes at the end. */
export const footnoteDefinition: Handler = () => null;

/**
 * Endnotes, numbered in order of first reference. Must run after the body so
 * that every reference has its number.
 */
export function endnotes(state: RenderState, heading: string) {
  const numbered = [...state.footnotes.keys()].map((id) => ({ id, n: state.noteNumber(id) })).sort((a, b) => a.n - b.n);
  if (numbered.length === 0) return null;
  // Paragraphs inside a note are set at note size.
  const small: RenderState = { ...state, styles: { ...state.styles, paragraph: state.styles.noteParagraph } };
  return (
    <SView tag="Note" style={state.styles.notes}>
      {state.one({ type: 'heading', depth: 2, children: [{ type: 'text', value: heading }] })}
      {numbered.map(({ id, n }) => {
        const definition = state.footnotes.get(id);
        if (!definition) return null;
        return (
          <View key={id} style={state.styles.note} wrap={false}>
            <Link src={`#noteref-${n}`} style={state.styles.noteNumber}>
              <Text id={`note-${n}`}>{`${n}.`}</Text>
            </Link>
            <View style={state.styles.noteText}>{small.all(definition)}</View>
          </View>
        );
      })}
    </SView>
  );
}
