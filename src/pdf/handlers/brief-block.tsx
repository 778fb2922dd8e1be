import { Text, View } from '@react-pdf/renderer';
import type { BriefBlock } from 'mdast';
import { BottomLine } from '../frame.tsx';
import { unhyphenated } from '../hyphenation.ts';
import { Artifact, SText, SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/** Blocks a template places with `{{{block "name"}}}`: forms for the decision maker to mark. */
export const briefBlock: Handler<BriefBlock> = (node, state) => {
  if (node.name === 'decision') return <DecisionLines state={state} />;
  if (node.name === 'approval') return <ApprovalBlock state={state} />;
  if (node.cover) return <Cover cover={node.cover} state={state} />;
  if (node.summary) return <BottomLine summary={node.summary} state={state} />;
  return node.tab ? <Divider tab={node.tab} state={state} /> : null;
};

/** A briefing book's cover: what it is, its title, and what it is for. */
function Cover({ cover, state }: { cover: { title: string; lines: string[] }; state: RenderState }) {
  const { styles } = state;
  return (
    <SView tag="Div" style={styles.divider}>
      <SText tag="P" style={styles.coverLabel}>
        BRIEFING BOOK
      </SText>
      <SText tag={state.headingTag(1)} style={styles.dividerTab} hyphenationCallback={unhyphenated}>
        {cover.title}
      </SText>
      {cover.lines.map((line) => (
        <SText key={line} tag="P" style={styles.dividerTitle}>
          {line}
        </SText>
      ))}
    </SView>
  );
}

/** The page before an attachment: only its tab letter and title. */
function Divider({ tab, state }: { tab: { letter: string; title: string }; state: RenderState }) {
  const { styles } = state;
  return (
    <SView tag="Div" style={styles.divider}>
      <SText tag={state.headingTag(1)} style={styles.dividerTab} hyphenationCallback={unhyphenated}>
        {`TAB ${tab.letter}`}
      </SText>
      <SText tag="P" style={styles.dividerTitle} hyphenationCallback={unhyphenated}>
        {tab.title}
      </SText>
    </SView>
  );
}

/** Approve ___  Disapprove ___  Let's discuss ___ : lines wide enough to initial. */
function DecisionLines({ state }: { state: RenderState }) {
  return (
    <SView tag="P" style={state.styles.decisionLines}>
      {DECISIONS.map((label) => (
        <View key={label} style={state.styles.decision}>
          <Text hyphenationCallback={unhyphenated}>{label}</Text>
          <Artifact style={state.styles.markLine} />
        </View>
      ))}
    </SView>
  );
}

const DECISIONS = ['Approve', 'Disapprove', 'Let’s discuss'];

/** The decision maker's own block: the decision, a signature line and the date. */
function ApprovalBlock({ state }: { state: RenderState }) {
  const { styles } = state;
  return (
    <SView tag="Div" style={styles.approval} wrap={false}>
      <SText tag="P" style={styles.approvalLabel}>
        DECISION
      </SText>
      <DecisionLines state={state} />
      <View style={styles.signatureRow}>
        {['Signature', 'Date'].map((label) => (
          <View key={label} style={label === 'Date' ? styles.dateField : styles.signatureField}>
            <Artifact style={styles.signatureLine} />
            <SText tag="P" style={styles.fieldLabel}>
              {label}
            </SText>
          </View>
        ))}
      </View>
    </SView>
  );
}
