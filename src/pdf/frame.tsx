import { Image, Text, View } from '@react-pdf/renderer';
import { imageSize } from 'image-size';
import type { Root } from 'mdast';
import type { Brief } from '../schema.ts';
import { SText, SView } from './semantic.tsx';
import type { ImageAsset, RenderState } from './state.ts';

/**
 * The blocks that open a memo, drawn from front matter before the template's
 * Markdown: masthead, the TO/FROM/SUBJECT block, and the bottom line up front.
 * A template turns each on or off in its settings.
 */
export function Frame({ brief, summary, state, dateText, logo }: FrameProps) {
  const { styles, theme } = state;
  const mark = state.portionMark ? `(${state.portionMark}) ` : '';
  return (
    <>
      {theme.blocks.masthead ? (
        <View style={styles.masthead}>
          <View style={{ flexDirection: 'row', alignItems: 'center' }}>
            {logo ? (
              <Image
                src={{ data: logo.data, format: logo.format as 'png' }}
                style={[styles.logo, { width: logoWidth(logo) }]}
              />
            ) : null}
            <SText tag="Title" style={styles.mastheadName}>
              {brief.organisation ?? theme.organisation ?? ''}
            </SText>
          </View>
          <Text style={styles.memoType}>{theme.label.replace('{type}', brief.memoType.toUpperCase())}</Text>
        </View>
      ) : null}
      {theme.blocks.memoBlock ? (
        <SView tag="Div" style={styles.memoBlock}>
          <MemoRow label="TO" value={brief.to.join('; ')} state={state} />
          <MemoRow label="FROM" value={brief.from.join('; ')} state={state} />
          {brief.cc ? <MemoRow label="CC" value={brief.cc.join('; ')} state={state} /> : null}
          <MemoRow label="DATE" value={dateText} state={state} />
          <View style={styles.memoRow}>
            <Text style={styles.memoLabel}>SUBJECT</Text>
            <SText tag="H1" style={[styles.memoValue, styles.subject]}>
              {mark}
              {brief.title}
            </SText>
          </View>
          {brief.subtitle ? (
            <View style={styles.memoRow}>
              <Text style={styles.memoLabel} />
              <Text style={[styles.memoValue, styles.subtitle]}>{brief.subtitle}</Text>
            </View>
          ) : null}
        </SView>
      ) : null}
      {theme.blocks.title ? (
        <View>
          <SText tag="H1" style={styles.title}>
            {mark}
            {brief.title}
          </SText>
          {brief.subtitle ? <Text style={[styles.subtitle, { marginBottom: 8 }]}>{brief.subtitle}</Text> : null}
        </View>
      ) : null}
      {theme.blocks.bottomLine ? (
        <SView tag="Sect" style={styles.bottomLine} wrap={false}>
          <Text style={styles.bottomLineLabel}>BOTTOM LINE</Text>
          {state.all(summary)}
        </SView>
      ) : null}
    </>
  );
}

/** The logo keeps its proportions at the masthead's height, and at most a third of the line. */
function logoWidth(logo: ImageAsset): number {
  const { width = 1, height = 1 } = imageSize(logo.data);
  return Math.min(LOGO_HEIGHT * (width / height), 160);
}

const LOGO_HEIGHT = 28;

interface FrameProps {
  logo?: ImageAsset;
  brief: Brief;
  summary: Root;
  state: RenderState;
  dateText: string;
}

function MemoRow({ label, value, state }: { label: string; value: string; state: RenderState }) {
  return (
    <View style={state.styles.memoRow}>
      <Text style={state.styles.memoLabel}>{label}</Text>
      <Text style={state.styles.memoValue}>{value}</Text>
    </View>
  );
}
