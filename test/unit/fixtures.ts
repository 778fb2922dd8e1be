import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ContentError, type Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import type { SourceFile } from '../../src/stages/read.ts';
import { tempFolder } from '../temp.ts';

/** Shared by the unit tests: temporary folders, inline sources and ContentError inspection. */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh folder under the system's temporary directory, removed after the test file. */
export function tempDir(prefix = 'briefing-unit-'): string {
  return tempFolder(prefix);
}

/** Writes `files` (path relative to `dir` → contents) into `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [file, contents] of Object.entries(files)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }
}

/** A temporary repository with a copy of the real templates and the given files. */
export function workspace(files: Record<string, string | Uint8Array> = {}): string {
  const dir = tempDir('briefing-ws-');
  cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  mkdirSync(path.join(dir, 'briefs'), { recursive: true });
  writeFiles(dir, files);
  return dir;
}

/** A brief's text as the read stage would hand it on. */
export function source(text: string, file = 'briefs/test.md'): SourceFile {
  return { path: file, absPath: path.resolve('/virtual', file), text };
}

/**
 * A valid brief. Its lines are fixed: 1 `---`, 2 title, 3 date, 4 to, 5 from,
 * 6 summary, then the `extra` lines, then `---` and the body.
 */
export function briefText({
  extra = '',
  body = 'Some **body** text.\n',
  summary = 'The bottom line.',
  title = 'A test brief',
}: {
  extra?: string;
  body?: string;
  summary?: string;
  title?: string;
} = {}): string {
  return `---\ntitle: ${title}\ndate: 2021-03-29\nto: Director\nfrom: Analyst\nsummary: ${summary}\n${extra}---\n${body}`;
}

/** The diagnostics of the ContentError that `run` throws; fails the test if it throws nothing or something else. */
export function diagnosticsOf(run: () => unknown): Diagnostic[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).diagnostics;
  }
  throw new Error('expected a ContentError, but nothing was thrown');
}

export async function diagnosticsOfAsync(run: () => Promise<unknown>): Promise<Diagnostic[]> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).diagnostics;
  }
  throw new Error('expected a ContentError, but nothing was thrown');
}

/** The parts of a diagnostic that say what and where. */
export function place(d: Diagnostic): [code: string, line: number, column: number] {
  return [d.code, d.line, d.column];
}

/** A valid 1×1 PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
