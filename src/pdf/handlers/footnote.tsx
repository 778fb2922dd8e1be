import { Link, Text, View } from '@react-pdf/renderer';
import type { FootnoteReference, Heading } from 'mdast';
import { SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/** A superscript number linking to the note; the note links back. Ids have a colon, which heading ids never do. */
export const footnoteReference: Handler<FootnoteReference> = (node, state) => {
  // A template that does not print the body (the brief card) prints no notes: a field's reference goes with them.
  if (!state.footnotes.has(node.identifier)) return null;
  const n = state.noteNumber(node.identifier);
  state.linkTitles[`footnote:${n}`] = `Footnote ${n}`;
  return (
    <Link src={`#footnote:${n}`} style={state.styles.noteRef}>
      <Text id={`footnote-ref:${n}`} style={state.styles.noteRef}>
        {String(n)}
      </Text>
    </Link>
  );
};

/** Definitions are drawn as footnotes or endnotes, not where they stand. */
export const footnoteDefinition: Handler = () => null;

function Note({ id, n, state }: { id: string; n: number; state: RenderState }) {
  const definition = state.footnotes.get(id);
  if (!definition) return null;
  // Paragraphs inside a note are set at note size, without portion marks.
  const small: RenderState = {
    ...state,
    portionMark: undefined,
    styles: { ...state.styles, paragraph: state.styles.noteParagraph },
  };
  state.linkTitles[`footnote-ref:${n}`] = `Back to the reference to footnote ${n}`;
  return (
    <SView tag="Note" style={state.styles.note} wrap={false}>
      <Link src={`#footnote-ref:${n}`} style={state.styles.noteNumber}>
        <Text id={`footnote:${n}`}>{`${n}.`}</Text>
      </Link>
      <View style={state.styles.noteText}>{small.all(definition)}</View>
    </SView>
  );
}

/** Endnotes: every cited note after the text, under their own heading. */
export function endnotes(state: RenderState, heading: Heading) {
  // Numbers are given in order of first reference: call after the body.
  const cited = state.citedNotes().map((id) => ({ id, n: state.noteNumber(id) }));
  if (cited.length === 0) return null;
  return (
    <SView tag="Div" style={state.styles.notes}>
      {state.one(heading)}
      {cited.map(({ id, n }) => (
        <Note key={id} id={id} n={n} state={state} />
      ))}
    </SView>
  );
}

/**
 * Footnotes for one page, above the footer, under a short rule: the notes
 * whose references landed on it, as the page's layout settled them (page-notes.tsx).
 */
export function pageFootnotes(state: RenderState, pageNumber: number) {
  const here = state.pageNotes.on(pageNumber).map((id) => ({ id, n: state.noteNumber(id) }));
  if (here.length === 0) return null;
  return (
    <SView tag="Div" style={state.styles.footnotes}>
      <View style={state.styles.footnoteRule} />
      {here.map(({ id, n }) => (
        <Note key={id} id={id} n={n} state={state} />
      ))}
    </SView>
  );
}
