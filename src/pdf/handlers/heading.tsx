import { View } from '@react-pdf/renderer';
import type { Heading } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { headingId } from '../../stages/derive.ts';
import { unhyphenated } from '../hyphenation.ts';
import { citedNotes, noteMark } from '../page-notes.tsx';
import { headingKey, probe } from '../pages.tsx';
import { SText } from '../semantic.tsx';
import type { Handler } from '../state.ts';

/**
 * Headings carry an anchor for cross-references and the table of contents,
 * and an outline entry nested under the nearest higher heading. They never
 * end a page: about four lines of what follows must fit after them, and are
 * never hyphenated.
 */
export const heading: Handler<Heading> = (node, state) => {
  const title = mdToString(node);
  const id = headingId(node) ?? state.anchor(title);
  const parent = state.outlineParent(node.depth, id);
  state.linkTitles[id] = title;
  const style = [state.styles.heading1, state.styles.heading2, state.styles.heading3][node.depth - 1];
  // The probe shares an unbreakable box with the heading, so it reports the
  // heading's page; the box must have text after it on the same page.
  return (
    <View wrap={false} minPresenceAhead={state.theme.sizes.body * 4}>
      <SText
        tag={state.headingTag(node.depth)}
        id={id}
        bookmark={{ title, ref: id, parent, expanded: true }}
        style={style ?? state.styles.heading4}
        hyphenationCallback={unhyphenated}
      >
        {state.portionMark ? `(${state.portionMark}) ` : ''}
        {state.all(node)}
      </SText>
      {probe(state.pages, [headingKey(id)])}
      {noteMark(citedNotes(node))}
    </View>
  );
};
