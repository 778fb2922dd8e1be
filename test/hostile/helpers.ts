import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'vitest';
import { ContentError, type Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { markBrief } from '../../src/markings/mark.ts';
import { applyTemplate } from '../../src/stages/apply-template.ts';
import { checkContent } from '../../src/stages/check.ts';
import { derive } from '../../src/stages/derive.ts';
import { assembleMarkdown } from '../../src/stages/markdown.ts';
import { parseBrief } from '../../src/stages/parse.ts';
import { readSource } from '../../src/stages/read.ts';
import { loadTemplates, type TemplateSet } from '../../src/stages/template.ts';
import { validateBrief } from '../../src/stages/validate.ts';
import { runCli, writeFile } from '../helpers.ts';
import { readPdf } from '../pdf.ts';

/** Generous: only a guard against hangs, never a performance assertion. */
export const HANG_GUARD_MS = 20_000;

/** Runs the real command and measures how long it took. */
export function timedRun(cwd: string, args: string[] = []) {
  const started = performance.now();
  const run = runCli(cwd, args);
  return { ...run, ms: performance.now() - started };
}

/** The diagnostics a run printed: `PATH:LINE:COL: error: MESSAGE [CODE]` lines. */
export function reported(
  stderr: string,
): { file: string; line: number; column: number; code: string; message: string }[] {
  return [...stderr.matchAll(/^(.+?):(\d+):(\d+): (?:error|warning): (.*) \[([A-Z0-9_]+)\]$/gm)].map((m) => ({
    file: m[1],
    line: Number(m[2]),
    column: Number(m[3]),
    message: m[4],
    code: m[5],
  }));
}

/** A run that ended as a failed brief (exit 1) with the given code, not a crash (exit 3) or a stack trace. */
export function expectFailedWith(run: ReturnType<typeof timedRun>, code: string) {
  expect(run.stderr, 'no internal error').not.toContain('Internal error');
  expect(run.stderr, 'no stack trace').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(run.code, run.stderr).toBe(1);
  const found = reported(run.stderr).find((d) => d.code === code);
  expect(found, `no ${code} in:\n${run.stderr}`).toBeDefined();
  expect(run.ms, 'finished within the hang guard').toBeLessThan(HANG_GUARD_MS);
  return found as NonNullable<typeof found>;
}

/** A whole PDF: its header, its end-of-file marker, and pdf.js opens it. */
export async function expectCompletePdf(file: string): Promise<void> {
  expect(existsSync(file), `${file} exists`).toBe(true);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString('latin1'), `${file} starts with %PDF-`).toBe('%PDF-');
  expect(bytes.subarray(-32).toString('latin1').trimEnd().endsWith('%%EOF'), `${file} ends with %%EOF`).toBe(true);
  const pdf = await readPdf(bytes);
  expect(pdf.numPages).toBeGreaterThan(0);
}

let templateCache: { root: string; templates: Promise<TemplateSet> } | undefined;

/**
 * The stages of one brief, in this process, up to the check: what the CLI
 * runs before layout. `root` is a workspace (with its templates); the text
 * is written to briefs/fuzz.md. Resolves to the diagnostics of a
 * ContentError, or [] when the brief passed; anything else rejects.
 */
export async function runStages(
  root: string,
  text: string | Uint8Array,
  file = 'briefs/fuzz.md',
): Promise<Diagnostic[]> {
  writeFile(root, file, text);
  if (templateCache?.root !== root) {
    templateCache = { root, templates: loadTemplates(path.join(root, 'templates'), root) };
  }
  const templates = await templateCache.templates;
  try {
    const source = await readSource(path.join(root, file), root);
    await checkContent(
      derive(assembleMarkdown(applyTemplate(markBrief(validateBrief(parseBrief(source)), templates), templates))),
      root,
    );
    return [];
  } catch (error) {
    if (error instanceof ContentError) return error.diagnostics;
    throw error;
  }
}

/**
 * Whether micromark's edit map has the fix from
 * patches/micromark-util-edit-map+*.patch: without it, closing a container
 * copies every event parsed so far, so many small block quotes take
 * quadratic time.
 */
export const editMapPatched = (() => {
  try {
    const micromark = createRequire(import.meta.url).resolve('micromark');
    const editMap = createRequire(micromark).resolve('micromark-util-edit-map');
    return readFileSync(editMap, 'utf8').includes('What comes before the first edit stays where it is');
  } catch {
    return false;
  }
})();
