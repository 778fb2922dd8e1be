import { Text, View } from '@react-pdf/renderer';
import type { Root } from 'mdast';
import type { Brief } from '../schema.ts';
import { SText, SView } from './semantic.tsx';
import type { RenderState } from './state.ts';

/**
 * The blocks that open a memo, drawn from front matter before the template's
 * Markdown: masthead, the TO/FROM/SUBJECT block, and the bottom line up front.
 * A template turns each on or off in its settings.
 */
export function Frame({ brief, summary, state, dateText }: FrameProps) {
  const { styles, theme } = state;
  return (
    <>
      {theme.blocks.masthead ? (
        <View style={styles.masthead}>
          <SText tag="Title" style={styles.mastheadName}>
            {brief.organisation ?? ''}
          </SText>
          <Text style={styles.memoType}>{`${brief.memoType.toUpperCase()} MEMO`}</Text>
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
      {theme.blocks.bottomLine ? (
        <SView tag="Sect" style={styles.bottomLine} wrap={false}>
          <Text style={styles.bottomLineLabel}>BOTTOM LINE</Text>
          {state.all(summary)}
        </SView>
      ) : null}
    </>
  );
}

interface FrameProps {
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
