import { Text, View } from '@react-pdf/renderer';
import type { Paragraph, PhrasingContent } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { Fragment } from 'react';
import { crossrefData } from '../../stages/crossref.ts';
import { keepingWhole } from '../hyphenation.ts';
import { citedNotes, noteMark } from '../page-notes.tsx';
import { SText, SView } from '../semantic.tsx';
import type { Handler } from '../state.ts';
import { figure } from './image.tsx';

/**
 * A paragraph is one Text; hard breaks split it into several Texts, since a
 * newline character would fall to non-embedded Helvetica. An image alone in
 * its paragraph is a figure. A bold run-in label is never hyphenated.
 */
export const paragraph: Handler<Paragraph> = (node, state) => {
  // A table's caption prints with its table.
  if (crossrefData(node).isCaption) return null;
  const [only] = node.children;
  if (node.children.length === 1 && only.type === 'image') return figure(only, state);
  // `\newpage` on a line of its own, as in Pandoc: what follows starts a new page.
  if (node.children.length === 1 && only.type === 'text' && only.value.trim() === '\\newpage') return <View break />;
  const style = state.tight ? [state.styles.paragraph, { marginBottom: 2 }] : state.styles.paragraph;
  const lines = splitAtBreaks(node.children);
  const mark = state.portionMark ? `(${state.portionMark}) ` : '';
  const render = (children: PhrasingContent[]) =>
    children.map((child, i) => <Fragment key={i}>{state.one(child, node)}</Fragment>);
  const notes = noteMark(citedNotes(node));
  const hyphenationCallback = keepingWhole(runInWords(node));
  if (lines.length === 1) {
    return (
      <>
        <SText tag="P" style={style} orphans={2} widows={2} hyphenationCallback={hyphenationCallback}>
          {mark}
          {render(node.children)}
        </SText>
        {notes}
      </>
    );
  }
  return (
    <>
      <SView
        tag="P"
        style={{ marginBottom: style === state.styles.paragraph ? state.styles.paragraph.marginBottom : 2 }}
      >
        {lines.map((line, i) => (
          <Text key={i} style={[state.styles.paragraph, { marginBottom: 0 }]} hyphenationCallback={hyphenationCallback}>
            {i === 0 ? mark : ''}
            {render(line)}
          </Text>
        ))}
      </SView>
      {notes}
    </>
  );
};

function splitAtBreaks(children: PhrasingContent[]): PhrasingContent[][] {
  const lines: PhrasingContent[][] = [[]];
  for (const child of children) {
    if (child.type === 'break') lines.push([]);
    else lines[lines.length - 1].push(child);
  }
  return lines;
}

/** The words of a leading bold label ("**Assessment.** We judge…"), as the layout splits them: at spaces. */
function runInWords(node: Paragraph): Set<string> {
  const [first] = node.children;
  return new Set(first?.type === 'strong' ? mdToString(first).split(/ +/).filter(Boolean) : []);
}
