import { Text, View } from '@react-pdf/renderer';
import type { Table, TableRow } from 'mdast';
import { crossrefData } from '../../stages/crossref.ts';
import { citedNotes, noteMark } from '../page-notes.tsx';
import { SText, SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';
import { columnShares } from '../table-widths.ts';

/**
 * react-pdf has no table primitive: a table is rows of Views. Rows never
 * split across pages; the header row repeats on every page the table
 * reaches, with the top rule above it, so a table that moves to the next
 * page takes its rule along. A caption (`: Caption` after the table) goes
 * above it, numbered ("Table 1."). Caption, header and the first two rows
 * start a page together, and the last row never goes on alone: react-pdf's
 * pagination never breaks right after an element that asks for presence
 * ahead (`minPresenceAhead`), so a table whose start does not fit moves whole
 * to the next page, rule and header with it, instead of leaving them at the
 * foot of this one.
 */
export const table: Handler<Table> = (node, state) => {
  const [head, ...body] = node.children;
  const { attributes, caption, label } = crossrefData(node);
  const available = state.textWidth - state.indent;
  const shares = columnShares(node, state.theme, available, attributes?.widths);
  const widths = shares.map((share) => `${(share * 100).toFixed(3)}%`);
  // Neither the first row nor the last stands alone on a page: no break after the first, nor before the last.
  const bodyRow = (r: TableRow, i: number) => (
    <View key={i} wrap={false} minPresenceAhead={i === 0 || i === body.length - 2 ? KEEP_WITH_NEXT : undefined}>
      {row(r, node, widths, state, false)}
      {noteMark(citedNotes(r))}
    </View>
  );
  if (label && attributes?.id) state.linkTitles[attributes.id] = label;
  const captionNotes = caption ? noteMark(citedNotes(caption)) : null;
  return (
    <SView tag="Table" id={attributes?.id} style={state.styles.table}>
      {/* Where notes cited in the caption land: the table's first page, as the caption stays with what follows it. */}
      {captionNotes}
      {caption ? (
        <SText tag="Caption" style={state.styles.tableCaption} wrap={false} minPresenceAhead={KEEP_WITH_NEXT}>
          {state.portionMark ? `(${state.portionMark}) ` : ''}
          {label ? <Text style={state.styles.captionLabel}>{`${label}. `}</Text> : null}
          {state.all(caption)}
        </SText>
      ) : null}
      {/* Repeated on every page the table reaches, its top rule with it (unbreakable, so the rule never stays behind alone); the repeats are artifacts. */}
      <SView tag="THead" fixed wrap={false} style={state.styles.tableHead} minPresenceAhead={KEEP_WITH_NEXT}>
        {row(head, node, widths, state, true)}
      </SView>
      <SView tag="TBody" style={state.styles.tableBody}>
        {body.map(bodyRow)}
      </SView>
    </SView>
  );
};

/** Any presence ahead: what matters is that no page break follows the element. */
const KEEP_WITH_NEXT = 1;

function row(node: TableRow, table: Table, widths: string[], state: RenderState, header: boolean) {
  return (
    <SView tag="TR" style={header ? state.styles.tableHeaderRow : state.styles.tableRow}>
      {node.children.map((cell, i) => (
        <View key={i} style={[state.styles.tableCell, { width: widths[i] }]}>
          <SText
            tag={header ? 'TH' : 'TD'}
            scope={header ? 'Column' : undefined}
            style={[
              header ? state.styles.tableHeaderText : state.styles.tableCellText,
              { textAlign: table.align?.[i] ?? 'left' },
            ]}
          >
            {state.all(cell)}
          </SText>
        </View>
      ))}
    </SView>
  );
}

/** Rows and cells are laid out by the table handler. */
export const tableRow: Handler = () => null;
export const tableCell: Handler = () => null;
