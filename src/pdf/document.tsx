import { Document, type DocumentProps, Page, View } from '@react-pdf/renderer';
import type { Definition, FootnoteDefinition, Root } from 'mdast';
import type { ReactElement } from 'react';
import { type Conformance, documentConformance, forbidsTransparency } from '../conformance.ts';
import { type Brief, PORTION_MARKS } from '../schema.ts';
import type { Stamp } from '../stages/provenance.ts';
import type { Theme } from '../theme.ts';
import { PageChrome, stampKeywords } from './chrome.tsx';
import { Frame } from './frame.tsx';
import { bottomPadding, topPadding } from './geometry.ts';
import { endnotes } from './handlers/footnote.tsx';
import { handlers } from './handlers/index.ts';
import type { PageNumbers } from './pages.tsx';
import { createState, type ImageAsset } from './state.ts';
import { makeStyles } from './styles.ts';
import { TableOfContents } from './toc.tsx';

export interface DocumentInput {
  brief: Brief;
  theme: Theme;
  tree: Root;
  summary: Root;
  images: ReadonlyMap<string, ImageAsset>;
  logo?: ImageAsset;
  /** Font families after the template's own, for scripts they lack. */
  fallbacks: string[];
  /** Pages before the memo, e.g. a redline's summary of changes. */
  prelude?: Root;
  /** Which version of the brief this is, from git. */
  stamp: Stamp;
  /** Written as the PDF's creation and modification date; never the clock. */
  date: Date;
  /** PDF/A level, or none. */
  conformance: Conformance;
}

const ENDNOTES_HEADING = 'Notes';

/** The whole memo as a react-pdf element tree, for one layout pass. */
export function buildDocument(input: DocumentInput, pages: PageNumbers): ReactElement<DocumentProps> {
  const { brief, theme, tree } = input;
  const styles = makeStyles(theme, input.fallbacks);
  const definitions = new Map<string, Definition>();
  const footnotes = new Map<string, FootnoteDefinition>();
  for (const node of tree.children) {
    if (node.type === 'definition') definitions.set(node.identifier.toLowerCase(), node);
    if (node.type === 'footnoteDefinition') footnotes.set(node.identifier, node);
  }
  const portionMark = brief.portionMarks ? PORTION_MARKS[brief.classification] : undefined;
  const state = createState(
    { styles, theme, images: input.images, definitions, footnotes, pages, portionMark },
    handlers,
  );
  const dateText = new Intl.DateTimeFormat(brief.language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${brief.date}T00:00:00Z`),
  );
  // Called, not mounted: the frame must run before the body so that notes
  // cited in the summary are numbered first.
  const prelude = input.prelude ? state.all(input.prelude) : null;
  const frame = Frame({ brief, summary: input.summary, state, dateText, logo: input.logo });
  const body = state.all(tree);
  const notes = theme.notes === 'endnotes' ? endnotes(state, ENDNOTES_HEADING) : null;
  const toc = brief.toc ? <TableOfContents tree={tree} state={state} extra={notes ? [ENDNOTES_HEADING] : []} /> : null;
  const { margins } = theme;
  // No Keywords entry rather than an empty one, which XMP would not carry.
  const keywords = [...brief.keywords, ...stampKeywords(input.stamp)].join(', ');

  return (
    <Document
      title={brief.title}
      author={brief.from.join('; ')}
      subject={brief.subtitle ?? brief.title}
      keywords={keywords || undefined}
      language={brief.language}
      creator="briefing"
      producer="briefing (react-pdf)"
      creationDate={input.date}
      modificationDate={input.date}
      conformance={documentConformance(input.conformance)}
    >
      <Page
        size={brief.paper === 'A4' ? 'A4' : 'LETTER'}
        style={[
          styles.page,
          {
            paddingLeft: margins.left,
            paddingRight: margins.right,
            paddingTop: topPadding(theme),
            paddingBottom: bottomPadding(theme),
          },
        ]}
        layout={({ children, pageNumber, totalPages }) => (
          <PageChrome
            brief={brief}
            stamp={input.stamp}
            state={state}
            dateText={dateText}
            pageNumber={pageNumber}
            totalPages={totalPages}
            solidWatermark={forbidsTransparency(input.conformance)}
          >
            {children}
          </PageChrome>
        )}
      >
        {prelude}
        {prelude ? <View break>{frame}</View> : frame}
        {toc}
        {body}
        {notes}
      </Page>
    </Document>
  );
}
