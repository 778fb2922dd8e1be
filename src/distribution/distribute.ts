import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildResult } from '../build.ts';
import { ContentError } from '../diagnostics/diagnostic.ts';
import { writeAtomic } from '../platform/files.ts';
import type { WorkerContext } from '../worker.ts';
import { makeCopies } from './copies.ts';
import { resolveReaders } from './readers.ts';

/**
 * Named readers' copies of a built brief, under `output/<brief>/copies/`,
 * stamped onto the PDF just built (or reused). A brief without readers is
 * returned as it is; a broken reader list fails the brief.
 */
export async function withCopies(result: BuildResult, context: WorkerContext): Promise<BuildResult> {
  const distribution = result.meta?.distribution;
  if (!result.ok || result.heldBack || !result.output || !result.meta || !distribution) return result;
  try {
    const { readers } = await resolveReaders(distribution, context.briefsDir, context.cwd);
    const base = await readFile(result.output);
    const name = path.relative(context.briefsDir, result.absPath).replace(/\.md$/i, '');
    const copies = await makeCopies(base, readers, { brief: name, lineY: result.meta.copyLineY });
    // Beside the brief's PDF, as written: `output/x/copies/`, or `output/x.NAME/copies/` with another template.
    const folder = path.join(result.output.replace(/\.pdf$/i, ''), 'copies');
    const written = [];
    for (const copy of copies) {
      const file = path.join(folder, `${String(copy.number).padStart(2, '0')}-${slug(copy.reader.name)}.pdf`);
      await writeAtomic(file, copy.bytes);
      written.push({ path: file, reader: copy.reader, id: copy.id });
    }
    return { ...result, copies: written };
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    return { ...result, ok: false, diagnostics: [...result.diagnostics, ...error.diagnostics] };
  }
}

/** A reader's name as a file name: letters and digits of any script, joined by hyphens. */
function slug(name: string): string {
  return (
    name
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'reader'
  );
}
