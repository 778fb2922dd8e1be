import { Image, View } from '@react-pdf/renderer';
import { imageSize } from 'image-size';
import type { Root } from 'mdast';
import type { Brief } from '../schema.ts';
import { longDate } from './dates.ts';
import { FRAME_KEY, probe } from './pages.tsx';
import { Artifact, SText, SView } from './semantic.tsx';
import type { ImageAsset, RenderState } from './state.ts';

/**
 * The blocks that open a memo, drawn from front matter before the template's
 * Markdown: masthead, the TO/FROM/SUBJECT block, and the bottom line up front.
 * A template turns each on or off in its settings.
 */
export function Frame({ brief, summary, state, dateText, logo, bottomLineInTree }: FrameProps) {
  const { styles, theme } = state;
  const mark = state.portionMark ? `(${state.portionMark}) ` : '';
  return (
    <>
      {/* Where the memo starts (after a redline's summary of changes): its page shows no running header. */}
      {probe(state.pages, [FRAME_KEY])}
      {theme.blocks.masthead ? (
        <View style={styles.masthead}>
          <View style={{ flexDirection: 'row', alignItems: 'center' }}>
            {logo ? (
              <Artifact>
                <Image
                  src={{ data: logo.data, format: logo.format as 'png' }}
                  style={[styles.logo, { width: logoWidth(logo) }]}
                />
              </Artifact>
            ) : null}
            <SText tag="P" style={styles.mastheadName}>
              {brief.organisation ?? theme.organisation ?? ''}
            </SText>
          </View>
          <SText tag="P" style={styles.memoType}>
            {theme.label.replace('{type}', brief.memoType.toUpperCase())}
          </SText>
        </View>
      ) : null}
      {theme.blocks.masthead && brief.decideBy && daysBetween(brief.date, brief.decideBy) <= URGENT_DAYS ? (
        <SText tag="P" style={styles.urgent}>
          {`DECISION NEEDED BY ${longDate(brief.decideBy, brief.language).toLocaleUpperCase(brief.language)}`}
        </SText>
      ) : null}
      {theme.blocks.memoBlock ? (
        <SView tag="L" style={styles.memoBlock}>
          <MemoRow label="TO" value={brief.to.join('; ')} state={state} />
          <MemoRow label="FROM" value={brief.from.join('; ')} state={state} />
          {brief.cc ? <MemoRow label="CC" value={brief.cc.join('; ')} state={state} /> : null}
          <MemoRow label="DATE" value={dateText} state={state} />
          {brief.decideBy ? (
            <MemoRow label="DECIDE BY" value={longDate(brief.decideBy, brief.language)} state={state} />
          ) : null}
          <SView tag="LI" style={styles.memoRow}>
            <SText tag="Lbl" style={styles.memoLabel}>
              SUBJECT
            </SText>
            <SView tag="LBody" style={styles.memoBody}>
              <SText tag={state.headingTag(1)} style={[styles.memoText, styles.subject]}>
                {mark}
                {brief.title}
              </SText>
              {brief.subtitle ? (
                <SText tag="P" style={[styles.memoText, styles.subtitle, styles.memoSubtitle]}>
                  {brief.subtitle}
                </SText>
              ) : null}
            </SView>
          </SView>
        </SView>
      ) : null}
      {theme.blocks.title ? (
        <View>
          <SText tag={state.headingTag(1)} style={styles.title}>
            {mark}
            {brief.title}
          </SText>
          {brief.subtitle ? (
            <SText tag="P" style={[styles.subtitle, { marginBottom: 8 }]}>
              {brief.subtitle}
            </SText>
          ) : null}
        </View>
      ) : null}
      {theme.blocks.bottomLine && !bottomLineInTree ? <BottomLine summary={summary} state={state} /> : null}
    </>
  );
}

/** The bottom line up front, in its box. */
export function BottomLine({ summary, state }: { summary: Root; state: RenderState }) {
  return (
    <SView tag="Sect" style={state.styles.bottomLine} wrap={false}>
      <SText tag={state.headingTag(2)} style={state.styles.bottomLineLabel}>
        BOTTOM LINE
      </SText>
      {state.all(summary)}
    </SView>
  );
}

/** A decision due within this many days of the memo's date (never the clock's) is flagged under the masthead. */
const URGENT_DAYS = 7;

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** The logo keeps its proportions at the masthead's height, and at most a third of the line. */
function logoWidth(logo: ImageAsset): number {
  const { width = 1, height = 1 } = imageSize(logo.data);
  return Math.min(LOGO_HEIGHT * (width / height), 160);
}

const LOGO_HEIGHT = 28;

interface FrameProps {
  logo?: ImageAsset;
  /** The brief's `order` places the bottom line among its sections (a block in the tree). */
  bottomLineInTree?: boolean;
  brief: Brief;
  summary: Root;
  state: RenderState;
  dateText: string;
}

function MemoRow({ label, value, state }: { label: string; value: string; state: RenderState }) {
  return (
    <SView tag="LI" style={state.styles.memoRow}>
      <SText tag="Lbl" style={state.styles.memoLabel}>
        {label}
      </SText>
      <SText tag="LBody" style={state.styles.memoValue}>
        {value}
      </SText>
    </SView>
  );
}
