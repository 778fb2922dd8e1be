import { createHash } from 'node:crypto';
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder } from '../platform/files.ts';
import { writeIndex } from './index-page.ts';
import { type ManifestEntry, writeEntries } from './manifest.ts';

/**
 * Joins the outputs of shards (`--shard I/N` builds, each in its own folder,
 * as CI jobs of a matrix upload them) into one output folder: every PDF
 * copied to its place, checked against the checksum its shard's manifest
 * gives, and one manifest and one index page written, the same bytes an
 * unsharded build writes.
 */
export async function mergeShards(shards: string[], outDir: string): Promise<ManifestEntry[]> {
  const byPdf = new Map<string, { entry: ManifestEntry; from: string }>();
  for (const shard of shards) {
    const manifest = path.join(shard, 'manifest.json');
    const text = await readFile(manifest, 'utf8').catch(() => {
      throw new MergeError(`${manifest}: no manifest (is ${shard} the output folder of a build?)`);
    });
    const { pdfs } = JSON.parse(text) as { pdfs: ManifestEntry[] };
    for (const entry of pdfs) {
      // A manifest is data from elsewhere: its paths stay inside the shard and the output folder.
      if (!inside(entry.pdf)) throw new MergeError(`${manifest}: "${entry.pdf}" is not a path inside the folder.`);
      const seen = byPdf.get(entry.pdf);
      if (seen && seen.entry.sha256 !== entry.sha256) {
        throw new MergeError(`${entry.pdf} is in ${seen.from} and in ${shard}, with different contents.`);
      }
      const source = path.join(shard, entry.pdf);
      const bytes = await readFile(source).catch(() => {
        throw new MergeError(`${source}: listed in ${manifest}, but missing.`);
      });
      if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
        throw new MergeError(`${source} does not match the checksum ${manifest} gives it.`);
      }
      const target = path.join(outDir, entry.pdf);
      if (path.resolve(source) !== path.resolve(target)) {
        await makeFolder(path.dirname(target));
        await copyFile(source, target);
      }
      byPdf.set(entry.pdf, { entry, from: shard });
    }
  }
  const entries = await writeEntries(
    [...byPdf.values()].map((v) => v.entry),
    outDir,
  );
  await writeIndex(entries, outDir);
  return entries;
}

function inside(relative: string): boolean {
  const normal = path.posix.normalize(relative);
  return !path.posix.isAbsolute(normal) && normal !== '..' && !normal.startsWith('../') && !relative.includes('\\');
}

/** A merge that cannot be done as asked: said in one line, exit 1. */
export class MergeError extends Error {}
