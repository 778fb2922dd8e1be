import { View } from '@react-pdf/renderer';
import type { Table, TableRow } from 'mdast';
import { citedNotes, noteKey, probe } from '../pages.tsx';
import { SText, SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/**
 * react-pdf has no table primitive: a table is rows of Views. Rows never
 * split across pages; the header row repeats on every page the table reaches.
 */
export const table: Handler<Table> = (node, state) => {
  const [head, ...body] = node.children;
  return (
    <SView tag="Table" style={state.styles.table}>
      {/* Repeated on every page the table reaches; the repeats are artifacts. */}
      <SView tag="THead" fixed>
        {row(head, node, state, true)}
      </SView>
      <SView tag="TBody">
        {body.map((r, i) => (
          <View key={i} wrap={false}>
            {row(r, node, state, false)}
            {probe(state.pages, citedNotes(r).map(noteKey))}
          </View>
        ))}
      </SView>
    </SView>
  );
};

function row(node: TableRow, table: Table, state: RenderState, header: boolean) {
  return (
    <SView tag="TR" style={header ? state.styles.tableHeaderRow : state.styles.tableRow}>
      {node.children.map((cell, i) => (
        <View key={i} style={state.styles.tableCell}>
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
