import { Document, type DocumentProps, Page, View } from '@react-pdf/renderer';
import type { Definition, FootnoteDefinition, Heading, Root } from 'mdast';
import type { ComponentProps, ComponentType, ReactElement, ReactNode } from 'react';
import { type Conformance, documentConformance, forbidsTransparency } from '../conformance.ts';
import { administrativeLine } from '../markings/administrative.ts';
import type { Marking } from '../markings/marking.ts';
import type { Brief } from '../schema.ts';
import type { Target } from '../stages/crossref.ts';
import { anchorsBeside } from '../stages/derive.ts';
import type { Stamp } from '../stages/provenance.ts';
import type { Theme } from '../theme.ts';
import { PageChrome, stampKeywords } from './chrome.tsx';
import { longDate } from './dates.ts';
import { Frame } from './frame.tsx';
import { bottomPadding, PAGE_WIDTH, topPadding } from './geometry.ts';
import { endnotes } from './handlers/footnote.tsx';
import { handlers } from './handlers/index.ts';
import type { LaidOut } from './page-notes.tsx';
import type { PageNumbers } from './pages.tsx';
import { createState, type ImageAsset } from './state.ts';
import { makeStyles } from './styles.ts';
import { TableOfContents } from './toc.tsx';

export interface DocumentInput {
  brief: Brief;
  /** The brief's classification in its marking scheme: its portion marks, and its banner. */
  marking: Marking;
  /** The banner when attachments are marked higher than the memo: the highest of them all. */
  banner?: Marking;
  theme: Theme;
  tree: Root;
  summary: Root;
  images: ReadonlyMap<string, ImageAsset>;
  /** Figures, tables and sections by id, for `@fig:id` references (src/stages/crossref.ts). */
  targets?: ReadonlyMap<string, Target>;
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
  /** Every PDF is tagged; false only to measure what tagging costs (`npm run bench`). */
  tagged?: false;
}

const ENDNOTES_HEADING = 'Notes';

/**
 * The whole memo as a react-pdf element tree, for one layout pass; with the
 * page count it is expected to have, if known (react-pdf checks it).
 */
export function buildDocument(
  input: DocumentInput,
  pages: PageNumbers,
  pageCount?: number,
): ReactElement<DocumentProps> {
  const { brief, theme } = input;
  // Where `order` placed the bottom line among the sections, it is drawn there, from the summary.
  const placed = input.tree.children.some((node) => node.type === 'briefBlock' && node.name === 'bottom-line');
  const tree: Root = placed
    ? {
        ...input.tree,
        children: input.tree.children.map((node) =>
          node.type === 'briefBlock' && node.name === 'bottom-line' ? { ...node, summary: input.summary } : node,
        ),
      }
    : input.tree;
  const styles = makeStyles(theme, input.fallbacks);
  const definitions = new Map<string, Definition>();
  const footnotes = new Map<string, FootnoteDefinition>();
  for (const node of tree.children) {
    if (node.type === 'definition') definitions.set(node.identifier.toLowerCase(), node);
    if (node.type === 'footnoteDefinition') footnotes.set(node.identifier, node);
  }
  const portionMark = brief.portionMarks ? input.marking.portion : undefined;
  const administrative = administrativeLine(brief);
  const state = createState(
    {
      styles,
      theme,
      images: input.images,
      targets: input.targets,
      textWidth: PAGE_WIDTH[brief.paper] - theme.margins.left - theme.margins.right,
      definitions,
      footnotes,
      pages,
      portionMark,
      anchor: anchorsBeside(tree),
    },
    handlers,
  );
  const dateText = longDate(brief.date, brief.language);
  // Called, not mounted: the frame must run before the body so that notes
  // cited in the summary are numbered first.
  const prelude = input.prelude ? state.all(input.prelude) : null;
  const frame = Frame({ brief, summary: input.summary, state, dateText, logo: input.logo, bottomLineInTree: placed });
  const body = state.all(tree);
  const notesHeading: Heading = {
    type: 'heading',
    depth: 2,
    children: [{ type: 'text', value: ENDNOTES_HEADING }],
    data: { id: state.anchor(ENDNOTES_HEADING) } as Heading['data'],
  };
  const notes = theme.notes === 'endnotes' ? endnotes(state, notesHeading) : null;
  const toc = brief.toc ? <TableOfContents tree={tree} state={state} extra={notes ? [notesHeading] : []} /> : null;
  const { margins } = theme;
  // No Keywords entry rather than an empty one, which XMP would not carry.
  const keywords = [...brief.keywords, ...stampKeywords(input.stamp)].join(', ');

  return (
    <TaggedDocument
      tagged={input.tagged !== false}
      pageCountsHint={pageCount ? [pageCount] : undefined}
      linkTitles={state.linkTitles}
      languageOf={passageLanguage(brief.language)}
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
      <SettledPage
        // Footnotes at the foot of the citing page: each page is laid out until its notes and its references agree.
        settlePage={theme.notes === 'footnotes' ? state.pageNotes.settle : undefined}
        // The chrome's bands have fixed heights: only a page's footnotes change the room left for the text.
        regionKey={(page: number) => (theme.notes === 'footnotes' ? state.pageNotes.on(page).join('\n') : '')}
        size={brief.paper === 'A4' ? 'A4' : 'LETTER'}
        style={[
          styles.page,
          {
            paddingLeft: margins.left,
            paddingRight: margins.right,
            paddingTop: topPadding(theme, administrative !== undefined),
            paddingBottom: bottomPadding(theme),
          },
        ]}
        layout={({ children, pageNumber, totalPages }) => (
          <PageChrome
            brief={brief}
            marking={input.banner ?? input.marking}
            administrative={administrative}
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
      </SettledPage>
    </TaggedDocument>
  );
}

/**
 * The Document with the props the tagging in patches/@react-pdf+render reads:
 * `tagged`, how links are described, and the language of a passage; and the
 * page counts patches/@react-pdf+layout paginates with at once, when they hold.
 */
const TaggedDocument = Document as ComponentType<
  DocumentProps & {
    tagged: boolean;
    pageCountsHint?: number[];
    linkTitles: Record<string, string>;
    languageOf: (text: string) => string | undefined;
    children: ReactNode;
  }
>;

/**
 * The Page with the hooks patches/@react-pdf+layout calls: once a page's
 * content is placed, and to know which pages leave the same room for text.
 */
const SettledPage = Page as ComponentType<
  ComponentProps<typeof Page> & {
    settlePage?: (page: number, content: readonly LaidOut[]) => boolean;
    regionKey?: (page: number) => string;
  }
>;

const CYRILLIC = /\p{Script=Cyrillic}/gu;
const HAN = /\p{Script=Han}/gu;
const LETTER = /\p{L}/gu;

/**
 * A passage mostly in another script than the brief's language gets its own
 * language, so a screen reader reads it with the right voice: Cyrillic as
 * Russian, Han as Chinese.
 */
function passageLanguage(language: string) {
  const base = language.toLowerCase().split('-')[0];
  return (text: string): string | undefined => {
    const letters = text.match(LETTER)?.length ?? 0;
    if (letters === 0) return undefined;
    for (const [script, lang] of [
      [CYRILLIC, 'ru'],
      [HAN, 'zh'],
    ] as const) {
      if (lang !== base && (text.match(script)?.length ?? 0) * 2 > letters) return lang;
    }
    return undefined;
  };
}
