import { Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import type { Marking } from '../markings/marking.ts';
import type { Brief } from '../schema.ts';
import type { Stamp } from '../stages/provenance.ts';
import { BAND } from './geometry.ts';
import { pageFootnotes } from './handlers/footnote.tsx';
import { FRAME_KEY, pageOf } from './pages.tsx';
import { Artifact, SText } from './semantic.tsx';
import type { RenderState } from './state.ts';

interface ChromeProps {
  brief: Brief;
  marking: Marking;
  /** PRE-DECISIONAL / DELIBERATIVE, an embargo: on its own line under the top banner, never in it. */
  administrative?: string;
  stamp: Stamp;
  state: RenderState;
  dateText: string;
  children: ReactNode;
  pageNumber?: number;
  totalPages?: number;
  /** PDF/A-1 allows no transparency: the watermark is drawn in a light solid colour. */
  solidWatermark?: boolean;
}

/** The DRAFT watermark's grey at its opacity over white paper, for when transparency is not allowed. */
const SOLID_WATERMARK = '#ebebeb';

/**
 * What repeats on every page around the text: classification banners top and
 * bottom, the administrative marking line, the running header from page 2, footnotes cited on the page, the
 * footer with date and "Page X of Y", and a DRAFT watermark for drafts. Used
 * as the page `layout`, which also puts react-pdf on its linear pagination.
 */
export function PageChrome({
  brief,
  marking,
  administrative,
  stamp,
  state,
  dateText,
  children,
  pageNumber = 1,
  totalPages = 1,
  solidWatermark = false,
}: ChromeProps) {
  const { styles, theme } = state;
  const { opacity: _opacity, ...opaque } = styles.watermark;
  const watermark = solidWatermark ? { ...opaque, color: SOLID_WATERMARK } : styles.watermark;
  const { chrome } = theme;
  // An uncommitted edit can never pass for the released text: DRAFT on every page, page 1 included.
  const draft = brief.status === 'draft' || stamp.uncommitted;
  // The short title runs from the page after the memo's first (page 2, or the page after a redline's summary).
  const titled = pageNumber > 1 && pageNumber !== pageOf(state.pages, FRAME_KEY);
  return (
    <View style={{ flexGrow: 1 }}>
      {/* Solid (PDF/A-1), it goes under the content, which it would otherwise hide. */}
      {draft && solidWatermark ? (
        <SText tag="Artifact" style={watermark}>
          DRAFT
        </SText>
      ) : null}
      {chrome.banner ? <Banner marking={marking} state={state} /> : null}
      {administrative ? (
        <Artifact style={{ height: BAND.administrative, justifyContent: 'flex-end' }}>
          <Text style={styles.administrative}>{administrative}</Text>
        </Artifact>
      ) : null}
      <Artifact style={{ height: BAND.header, justifyContent: 'flex-end' }}>
        {chrome.runningHeader && (titled || draft) ? (
          <View style={styles.runningHeader}>
            <Text>{titled ? (brief.shortTitle ?? brief.title) : ''}</Text>
            <Text>{draft ? 'DRAFT' : ''}</Text>
          </View>
        ) : null}
      </Artifact>
      <View style={{ flexGrow: 1, marginTop: 8, marginBottom: 8 }}>{children}</View>
      {theme.notes === 'footnotes' ? pageFootnotes(state, pageNumber) : null}
      {chrome.footer ? (
        <Artifact style={[styles.footer, { height: BAND.header }]}>
          <Text>{dateText}</Text>
          <Text>{stampText(stamp)}</Text>
          <Text>{`Page ${pageNumber} of ${totalPages}`}</Text>
        </Artifact>
      ) : null}
      {brief.distribution ? <View style={{ height: BAND.copy }} /> : null}
      {chrome.banner ? <Banner marking={marking} state={state} /> : null}
      {/* Translucent, it is drawn last, over the content: a shaded box must not hide it. */}
      {draft && !solidWatermark ? (
        <SText tag="Artifact" style={watermark}>
          DRAFT
        </SText>
      ) : null}
    </View>
  );
}

/** "v3 · 1a2b3c4 · 2021-03-29", and "+ uncommitted changes" when the brief or its inputs differ from that commit. */
export function stampText(stamp: Stamp): string {
  const parts = [stamp.version, stamp.commit ? `${stamp.commit.short} · ${stamp.commit.date}` : undefined];
  const text = parts.filter(Boolean).join(' · ');
  if (!stamp.uncommitted) return text;
  return stamp.commit ? `${text} + uncommitted changes` : 'uncommitted draft';
}

/** The stamp as PDF keywords, for tools that read metadata. */
export function stampKeywords(stamp: Stamp): string[] {
  return [
    stamp.version ? `version ${stamp.version}` : '',
    stamp.commit ? `commit ${stamp.commit.hash}` : '',
    stamp.uncommitted ? 'uncommitted changes' : '',
  ].filter(Boolean);
}

/** The classification in its scheme's colours; a scheme without colours gets black capitals on white. */
function Banner({ marking, state }: { marking: Marking; state: RenderState }) {
  return (
    <Artifact style={{ height: BAND.banner, flexDirection: 'row', justifyContent: 'center', alignItems: 'center' }}>
      <Text style={[state.styles.banner, { backgroundColor: marking.background, color: marking.text }]}>
        {marking.name}
      </Text>
    </Artifact>
  );
}
