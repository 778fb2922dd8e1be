import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildResult } from '../build.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { formatDiagnostic } from '../diagnostics/format.ts';
import { realInsideSync } from '../platform/paths.ts';

export type Format = 'text' | 'json';

interface Totals {
  built: number;
  failed: number;
  warnings: number;
  heldBack: number;
}

/**
 * Everything the build says: a line per brief, diagnostics with code frames
 * on stderr, a live progress line on a terminal, a closing summary; or, with
 * `--format json`, only the diagnostics as one JSON array on stdout.
 */
export class Reporter {
  private readonly totals: Totals = { built: 0, failed: 0, warnings: 0, heldBack: 0 };
  private readonly collected: Diagnostic[] = [];
  private readonly live: boolean;
  private done = 0;

  constructor(
    /**
     * `cwd`: where paths are shown from (the user's folder); `root`: the
     * project, which the paths in results and diagnostics are relative to
     * (default: `cwd`).
     */
    private readonly options: { format: Format; cwd: string; root?: string; checkOnly: boolean; total: number },
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {
    // No live line when output is captured, in CI, or for a single brief.
    this.live = options.format === 'text' && Boolean(err.isTTY) && !process.env.CI && options.total > 1;
  }

  started(source: string): void {
    if (this.live) this.err.write(`\r\x1b[K[${this.done + 1}/${this.options.total}] ${this.shown(source)}`);
  }

  result(result: BuildResult): void {
    this.done++;
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
    this.totals.warnings += warnings;
    if (result.heldBack) this.totals.heldBack++;
    else if (result.ok) this.totals.built++;
    else this.totals.failed++;
    if (this.options.format === 'json') {
      this.collected.push(...result.diagnostics);
      return;
    }
    if (this.live) this.err.write('\r\x1b[K');
    for (const d of sorted(result.diagnostics)) {
      const root = this.options.root ?? this.options.cwd;
      this.err.write(`${formatDiagnostic({ ...d, file: this.shown(d.file) }, sourceOf(d, root), this.options.cwd)}\n`);
    }
    this.out.write(`${this.line(result)}\n`);
  }

  private line(result: BuildResult): string {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.length - errors;
    const warned = warnings ? `, ${plural(warnings, 'warning')}` : '';
    const source = this.shown(result.source);
    if (!result.ok) return `${source} failed: ${plural(errors, 'problem')}${warned}`;
    if (result.heldBack) return `${source} ${result.heldBack}`;
    if (this.options.checkOnly) return `${source} ok (${result.ms} ms${warned})`;
    const output = path.relative(this.options.cwd, result.output ?? '');
    const how = result.cached ? 'unchanged' : `${result.ms} ms`;
    const copies = result.copies?.length
      ? `, ${plural(result.copies.length, 'named copy').replace('copys', 'copies')}`
      : '';
    return `${source} → ${output} (${plural(result.pages ?? 0, 'page')}, ${how}${copies}${warned})`;
  }

  /** The closing line (text), or the collected diagnostics (JSON). */
  summary(seconds: number): void {
    if (this.options.format === 'json') {
      const json = sorted(this.collected).map(({ code, severity, file, line, column, message, hint }) => ({
        code,
        severity,
        file: path.isAbsolute(file) ? path.relative(this.options.cwd, file) : this.shown(file),
        line,
        column,
        message,
        hint: hint ?? null,
      }));
      this.out.write(`${JSON.stringify(json, null, 2)}\n`);
      return;
    }
    const { built, failed, warnings, heldBack } = this.totals;
    const verb = this.options.checkOnly ? 'checked' : 'built';
    const tail = [
      failed ? `${failed} failed` : '',
      heldBack ? `${heldBack} held back` : '',
      warnings ? plural(warnings, 'warning') : '',
    ].filter(Boolean);
    const total = built + failed + heldBack;
    const briefs = `brief${total === 1 ? '' : 's'}`;
    const more = tail.length ? `; ${tail.join('; ')}` : '';
    this.out.write(`${built} of ${total} ${briefs} ${verb} in ${seconds.toFixed(1)} s${more}.\n`);
  }

  /**
   * A path relative to the project, as results and diagnostics give it, shown
   * from the user's folder. A name that is not a path (`REV:briefs/x.md`, the
   * old version of a redline) is shown as it is.
   */
  private shown(file: string): string {
    const root = this.options.root;
    if (!root || root === this.options.cwd || path.isAbsolute(file) || /^[^/\\]*:/.test(file)) return file;
    return path.relative(this.options.cwd, path.resolve(root, file)) || file;
  }

  /** A line of its own, for watch mode. */
  note(text: string): void {
    if (this.options.format === 'text') this.err.write(`${text}\n`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** The text shown in a code frame; a file that cannot be read as text gets no frame. */
function sourceOf(d: Diagnostic, cwd: string): string | undefined {
  try {
    const file = path.resolve(cwd, d.file);
    // A symbolic link out of the repository (a template pointing at a secret) is never shown.
    if (!realInsideSync(file, cwd)) return undefined;
    const text = readFileSync(file, 'utf8');
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}
