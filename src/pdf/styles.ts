import { StyleSheet } from '@react-pdf/renderer';
import type { Classification } from '../schema.ts';
import type { Theme } from '../theme.ts';

/** Banner colours from the SF 706–712 labels (see MEMO-CONVENTIONS). */
export const BANNER_COLORS: Record<Classification, { background: string; text: string }> = {
  UNCLASSIFIED: { background: '#007A33', text: '#FFFFFF' },
  CUI: { background: '#502B85', text: '#FFFFFF' },
  CONFIDENTIAL: { background: '#0033A0', text: '#FFFFFF' },
  SECRET: { background: '#C8102E', text: '#FFFFFF' },
  'TOP SECRET': { background: '#FF8C00', text: '#000000' },
};

/**
 * All styles in one place, computed from the template's theme. Line height is
 * given in points on text styles only: react-pdf drops `render` output under
 * any ancestor with `lineHeight` (issues #3402, #3566).
 */
export function makeStyles(theme: Theme, fallbacks: string[] = []) {
  const { sizes, colors } = theme;
  // Each family is followed by the fallback chain, character by character.
  const chain = (name: string) => (fallbacks.length ? [name, ...fallbacks] : name);
  const fonts = { body: chain(theme.fonts.body), heading: chain(theme.fonts.heading), mono: chain(theme.fonts.mono) };
  const lead = (size: number) => `${Math.round(size * theme.leading * 100) / 100}pt`;
  const gap = sizes.body * 0.7;
  return StyleSheet.create({
    page: { fontFamily: fonts.body, fontSize: sizes.body, color: colors.text },
    paragraph: {
      fontSize: sizes.body,
      lineHeight: lead(sizes.body),
      marginBottom: gap,
      textAlign: theme.align,
    },
    heading1: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.title,
      lineHeight: lead(sizes.title * 0.9),
      color: colors.accent,
      marginTop: gap,
      marginBottom: gap,
    },
    heading2: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.h2,
      lineHeight: lead(sizes.h2 * 0.9),
      color: colors.accent,
      marginTop: gap * 1.2,
      marginBottom: gap * 0.6,
      paddingBottom: 2,
      borderBottomWidth: 0.75,
      borderBottomColor: colors.rule,
    },
    heading3: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.h3,
      lineHeight: lead(sizes.h3),
      color: colors.text,
      marginTop: gap * 0.8,
      marginBottom: gap * 0.4,
    },
    heading4: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.body,
      lineHeight: lead(sizes.body),
      color: colors.muted,
      marginTop: gap * 0.6,
      marginBottom: gap * 0.3,
    },
    emphasis: { fontStyle: 'italic' },
    strong: { fontWeight: 700 },
    delete: { textDecoration: 'line-through' },
    inlineCode: { fontFamily: fonts.mono, fontSize: sizes.body * 0.9 },
    link: { color: colors.accent, textDecoration: 'underline' },
    noteRef: { fontSize: sizes.body * 0.62, verticalAlign: 'super', color: colors.accent, textDecoration: 'none' },
    codeBlock: {
      fontFamily: fonts.mono,
      fontSize: sizes.body * 0.85,
      lineHeight: lead(sizes.body * 0.85),
      backgroundColor: colors.shade,
      padding: 8,
      marginBottom: gap,
    },
    list: { marginBottom: gap },
    listItem: { flexDirection: 'row' },
    listMarker: { width: 18, fontSize: sizes.body, lineHeight: lead(sizes.body) },
    listBody: { flex: 1 },
    blockquote: {
      marginLeft: 18,
      marginBottom: gap,
      paddingLeft: 10,
      borderLeftWidth: 2,
      borderLeftColor: colors.rule,
      color: colors.muted,
    },
    callout: { marginBottom: gap, padding: 8, paddingBottom: 2, borderLeftWidth: 3, backgroundColor: colors.shade },
    calloutLabel: { fontFamily: fonts.heading, fontWeight: 700, fontSize: sizes.small, marginBottom: 3 },
    rule: { borderBottomWidth: 0.75, borderBottomColor: colors.rule, marginTop: gap * 0.5, marginBottom: gap * 1.5 },
    table: { marginBottom: gap, borderTopWidth: 1, borderTopColor: colors.text, borderBottomWidth: 1 },
    tableRow: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: colors.rule },
    tableHeaderRow: { flexDirection: 'row', borderBottomWidth: 0.75, borderBottomColor: colors.text },
    tableCell: { flex: 1, paddingVertical: 3, paddingHorizontal: 4 },
    tableCellText: { fontSize: sizes.body * 0.9, lineHeight: lead(sizes.body * 0.9) },
    tableHeaderText: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.small,
      lineHeight: lead(sizes.small),
    },
    figure: { marginBottom: gap, alignItems: 'center' },
    image: { maxWidth: '100%', maxHeight: 320, objectFit: 'contain' },
    caption: { fontSize: sizes.small, lineHeight: lead(sizes.small), color: colors.muted, marginTop: 4 },
    notes: { marginTop: gap },
    note: { flexDirection: 'row', marginBottom: 3 },
    noteNumber: { width: 18, fontSize: sizes.small, lineHeight: lead(sizes.small), color: colors.accent },
    noteText: { flex: 1 },
    noteParagraph: { fontSize: sizes.small, lineHeight: lead(sizes.small), marginBottom: 2, textAlign: theme.align },
    // Frame: masthead, memo block, bottom line up front.
    masthead: {
      flexDirection: 'row',
      justifyContent: 'space-between',
      alignItems: 'flex-end',
      borderBottomWidth: 2,
      borderBottomColor: colors.accent,
      paddingBottom: 5,
      marginBottom: 10,
    },
    mastheadName: { fontFamily: fonts.heading, fontWeight: 700, fontSize: 13, color: colors.accent },
    memoType: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.small + 0.5,
      color: colors.muted,
    },
    memoBlock: { marginBottom: 10, borderBottomWidth: 0.75, borderBottomColor: colors.rule, paddingBottom: 6 },
    memoRow: { flexDirection: 'row', marginBottom: 2.5 },
    memoLabel: {
      width: 64,
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.small + 0.5,
      lineHeight: lead(sizes.body),
      color: colors.muted,
    },
    memoValue: { flex: 1, fontSize: sizes.body, lineHeight: lead(sizes.body) },
    subject: { fontWeight: 700 },
    title: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.title,
      lineHeight: lead(sizes.title * 0.88),
      color: colors.accent,
      marginTop: 4,
    },
    subtitle: { fontStyle: 'italic', color: colors.muted },
    bottomLine: {
      backgroundColor: colors.shade,
      borderLeftWidth: 3,
      borderLeftColor: colors.accent,
      padding: 10,
      paddingBottom: 3,
      marginBottom: 12,
    },
    bottomLineLabel: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: sizes.small,
      color: colors.accent,
      marginBottom: 4,
    },
    // Page chrome.
    frame: { flexGrow: 1, paddingTop: 18, paddingBottom: 16 },
    banner: {
      fontFamily: fonts.heading,
      fontWeight: 700,
      fontSize: 8.5,
      paddingHorizontal: 8,
      paddingTop: 1.5,
      paddingBottom: 0.5,
    },
    runningHeader: {
      flexDirection: 'row',
      justifyContent: 'space-between',
      fontFamily: fonts.heading,
      fontSize: sizes.small,
      color: colors.muted,
      borderBottomWidth: 0.5,
      borderBottomColor: colors.rule,
      paddingBottom: 3,
    },
    footer: {
      flexDirection: 'row',
      justifyContent: 'space-between',
      fontFamily: fonts.heading,
      fontSize: sizes.small,
      color: colors.muted,
      borderTopWidth: 0.5,
      borderTopColor: colors.rule,
      paddingTop: 3,
    },
  });
}

export type Styles = ReturnType<typeof makeStyles>;
