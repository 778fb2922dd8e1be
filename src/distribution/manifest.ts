import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildResult } from '../build.ts';
import { writeAtomic } from '../platform/files.ts';
import type { Reader } from '../schema.ts';
import type { BriefMeta } from './meta.ts';

export interface ManifestEntry {
  /** The PDF, relative to the output folder. */
  pdf: string;
  source: string;
  title: string;
  classification: BriefMeta['classification'];
  /** The classification's marking scheme, its levels lowest first, and its banner colours. */
  marking: BriefMeta['marking'];
  date: string;
  summary: string;
  template: string;
  version: string | null;
  commit: string | null;
  /** `draft` (status: draft), `uncommitted` (built from uncommitted changes), or null for the released text. */
  draft: BriefMeta['draft'];
  pages: number;
  bytes: number;
  sha256: string;
  reader?: Reader;
  copyId?: string;
}

/**
 * `output/manifest.json`: every PDF this run built or kept (briefs and
 * copies), with what a reader or a registry needs to trust it. Sorted by
 * path and free of clock times, so the same build gives the same manifest.
 */
export async function writeManifest(results: BuildResult[], outDir: string): Promise<ManifestEntry[]> {
  // Files are read all at once: the disk is not left waiting on each in turn.
  const perBrief = await Promise.all(
    results.map(async (result): Promise<ManifestEntry[]> => {
      if (!result.ok || result.heldBack || !result.output || !result.meta) return [];
      const { meta } = result;
      const base = {
        source: result.source.split(path.sep).join('/'),
        title: meta.title,
        classification: meta.classification,
        marking: meta.marking,
        date: meta.date,
        summary: meta.summary,
        template: meta.template,
        version: meta.version ?? null,
        commit: meta.commit ?? null,
        draft: meta.draft ?? null,
        pages: result.pages ?? 0,
      };
      const entry = async (
        file: string,
        extra: Pick<ManifestEntry, 'reader' | 'copyId'> = {},
      ): Promise<ManifestEntry> => ({
        pdf: relative(outDir, file),
        ...base,
        ...(await fileFacts(file)),
        ...extra,
      });
      return Promise.all([
        entry(result.output),
        ...(result.copies ?? []).map((copy) => entry(copy.path, { reader: copy.reader, copyId: copy.id })),
      ]);
    }),
  );
  return writeEntries(perBrief.flat(), outDir);
}

/** The manifest of these entries, sorted by path: the same entries give the same file, however they were built. */
export async function writeEntries(entries: ManifestEntry[], outDir: string): Promise<ManifestEntry[]> {
  const sorted = [...entries].sort((a, b) => (a.pdf < b.pdf ? -1 : a.pdf > b.pdf ? 1 : 0));
  const json = `${JSON.stringify({ generator: 'briefing', pdfs: sorted }, null, 2)}\n`;
  await writeAtomic(path.join(outDir, 'manifest.json'), Buffer.from(json));
  return sorted;
}

function relative(outDir: string, file: string): string {
  return path.relative(outDir, file).split(path.sep).join('/');
}

async function fileFacts(file: string): Promise<{ bytes: number; sha256: string }> {
  const bytes = await readFile(file);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
