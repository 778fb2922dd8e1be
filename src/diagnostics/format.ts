import path from 'node:path';
import type { Diagnostic } from './diagnostic.ts';

/**
 * Formats one diagnostic the way compilers do:
 *   PATH:LINE:COL: error: MESSAGE
 *   a few lines of source with a caret under the column
 *   hint: …
 * `source` is the text of the file the diagnostic points into, when known.
 */
export function formatDiagnostic(d: Diagnostic, source: string | undefined, cwd = process.cwd()): string {
  const shown = path.isAbsolute(d.file) ? path.relative(cwd, d.file) || d.file : d.file;
  const out = [`${shown}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`];
  if (source !== undefined) out.push(codeFrame(source, d.line, d.column));
  if (d.hint) out.push(`  hint: ${d.hint}`);
  return out.join('\n');
}

/** Up to two lines before the problem line, the line, and a caret under the column. */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line);
  const width = String(last).length;
  const rows: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    rows.push(`${marker} ${String(n).padStart(width)} | ${lines[n - 1]}`);
  }
  const caretPad = ' '.repeat(Math.max(0, column - 1));
  rows.push(`  ${' '.repeat(width)} | ${caretPad}^`);
  return rows.join('\n');
}
