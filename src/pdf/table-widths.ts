import type { Nodes, Table } from 'mdast';
import type { Theme } from '../theme.ts';
import { textWidth } from './fonts.ts';

/** A cell's horizontal padding, both sides (styles.tableCell). */
const CELL_PADDING = 8;
/** A margin for rounding in layout, so a word measured to fit does fit. */
const SLACK = 2;

/**
 * The share of the table's width each column gets, from what its cells hold,
 * as browsers lay out tables: every column is at least as wide as its
 * longest word (so no word is hyphenated while another column has room), and
 * the width left over goes to the columns whose text would still wrap, in
 * proportion to how much more they would need to set it on one line. Words
 * are measured in the fonts they print in (header in bold heading type, the
 * body in the body face, bold where strong, code in mono), so the result is
 * the same on every machine. A table that gives `widths` keeps them.
 */
export function columnShares(table: Table, theme: Theme, available: number, given?: number[]): number[] {
  if (given) return given;
  const columns = table.children[0]?.children.length ?? 0;
  const least = new Array<number>(columns).fill(0);
  const most = new Array<number>(columns).fill(0);
  table.children.forEach((row, r) => {
    const header = r === 0;
    row.children.slice(0, columns).forEach((cell, c) => {
      const { longestWord, oneLine } = measure(cell, theme, header);
      least[c] = Math.max(least[c], longestWord + CELL_PADDING + SLACK);
      most[c] = Math.max(most[c], oneLine + CELL_PADDING + SLACK);
    });
  });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  let widths: number[];
  if (sum(most) <= available) {
    // Everything fits on one line: the spare width is shared in proportion.
    widths = most.map((w) => w + ((available - sum(most)) * w) / sum(most));
  } else if (sum(least) >= available) {
    widths = least;
  } else {
    const room = available - sum(least);
    const want = sum(most) - sum(least);
    widths = least.map((w, i) => w + (room * (most[i] - least[i])) / want);
  }
  const total = sum(widths);
  return widths.map((w) => w / total);
}

interface Run {
  text: string;
  family: string;
  bold: boolean;
}

/** The widest word of a cell and its whole text on one line, in points. */
function measure(cell: Nodes, theme: Theme, header: boolean): { longestWord: number; oneLine: number } {
  const size = header ? theme.sizes.small : theme.sizes.body * 0.9;
  const runs: Run[] = [];
  const walk = (node: Nodes, bold: boolean) => {
    if (node.type === 'text')
      runs.push({ text: node.value, family: header ? theme.fonts.heading : theme.fonts.body, bold });
    else if (node.type === 'inlineCode') runs.push({ text: node.value, family: theme.fonts.mono, bold: false });
    // A reference prints as a label such as "Figure 2": measured as the widest of its kind would be.
    else if (node.type === 'crossReference') runs.push({ text: 'Figure 99', family: theme.fonts.body, bold });
    else if ('children' in node)
      for (const child of node.children) walk(child as Nodes, bold || node.type === 'strong');
  };
  walk(cell, header);
  let longestWord = 0;
  let oneLine = 0;
  for (const run of runs) {
    oneLine += textWidth(run.family, run.text.replace(/\s+/g, ' '), size, run.bold);
    for (const word of run.text.split(/\s+/).filter(Boolean)) {
      longestWord = Math.max(longestWord, textWidth(run.family, word, size, run.bold));
    }
  }
  return { longestWord, oneLine };
}
