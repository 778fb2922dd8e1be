import { Document, type DocumentProps, Page, Text, View } from '@react-pdf/renderer';
import type { Definition, FootnoteDefinition, Root } from 'mdast';
import type { ReactElement } from 'react';
import type { Brief } from '../schema.ts';
import type { Theme } from '../theme.ts';
import { Frame } from './frame.tsx';
import { endnotes } from './handlers/footnote.tsx';
import { handlers } from './handlers/index.ts';
import { createState, type ImageAsset, type RenderState } from './state.ts';
import { BANNER_COLORS, makeStyles } from './styles.ts';

export interface DocumentInput {
  brief: Brief;
  theme: Theme;
  tree: Root;
  summary: Root;
  images: ReadonlyMap<string, ImageAsset>;
  /** Font families after the template's own, for scripts they lack. */
  fallbacks: string[];
  /** Written as the PDF's creation and modification date; never the clock. */
  date: Date;
}

/** Heights reserved for the chrome bands above and below the text area. */
const BAND = { banner: 14, header: 16 };

/**
 * The whole memo as a react-pdf element tree. Page chrome (classification
 * banners, running header, footer) is drawn by the page `layout`, which puts
 * react-pdf on its linear pagination engine.
 */
export function buildDocument(input: DocumentInput): ReactElement<DocumentProps> {
  const { brief, theme, tree } = input;
  const styles = makeStyles(theme, input.fallbacks);
  const definitions = new Map<string, Definition>();
  const footnotes = new Map<string, FootnoteDefinition>();
  for (const node of tree.children) {
    if (node.type === 'definition') definitions.set(node.identifier.toLowerCase(), node);
    if (node.type === 'footnoteDefinition') footnotes.set(node.identifier, node);
  }
  const state = createState({ styles, theme, images: input.images, definitions, footnotes }, handlers);
  const dateText = new Intl.DateTimeFormat(brief.language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${brief.date}T00:00:00Z`),
  );
  const body = state.all(tree);
  const margins = theme.margins;
  const chromeTop = BAND.banner + BAND.header;
  const chromeBottom = BAND.banner + BAND.header;

  return (
    <Document
      title={brief.title}
      author={[...brief.from].join('; ')}
      subject={brief.subtitle ?? brief.title}
      keywords={brief.keywords.join(', ')}
      language={brief.language}
      creator="briefing"
      producer="briefing (react-pdf)"
      creationDate={input.date}
      modificationDate={input.date}
    >
      <Page
        size={brief.paper === 'A4' ? 'A4' : 'LETTER'}
        style={[
          styles.page,
          {
            paddingLeft: margins.left,
            paddingRight: margins.right,
            paddingTop: Math.max(8, margins.top - chromeTop - 8),
            paddingBottom: Math.max(8, margins.bottom - chromeBottom - 8),
          },
        ]}
        layout={({ children, pageNumber, totalPages }) => (
          <View style={{ flexGrow: 1 }}>
            <Banner brief={brief} state={state} />
            <View style={{ height: BAND.header, justifyContent: 'flex-end' }}>
              {pageNumber && pageNumber > 1 ? (
                <View style={styles.runningHeader}>
                  <Text>{brief.shortTitle ?? brief.title}</Text>
                  <Text>{brief.classification}</Text>
                </View>
              ) : null}
            </View>
            <View style={{ flexGrow: 1, marginTop: 8, marginBottom: 8 }}>{children}</View>
            <View style={[styles.footer, { height: BAND.header }]}>
              <Text>{dateText}</Text>
              <Text>{`Page ${pageNumber} of ${totalPages}`}</Text>
            </View>
            <Banner brief={brief} state={state} />
          </View>
        )}
      >
        <Frame brief={brief} summary={input.summary} state={state} dateText={dateText} />
        {body}
        {endnotes(state, 'Notes')}
      </Page>
    </Document>
  );
}

function Banner({ brief, state }: { brief: Brief; state: RenderState }) {
  const colors = BANNER_COLORS[brief.classification];
  return (
    <View style={{ height: BAND.banner, flexDirection: 'row', justifyContent: 'center', alignItems: 'center' }}>
      <Text style={[state.styles.banner, { backgroundColor: colors.background, color: colors.text }]}>
        {brief.classification}
      </Text>
    </View>
  );
}
