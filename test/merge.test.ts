/**
 * Scale-out in CI: briefs built in shards (`--shard I/N`, each into its own
 * folder) and merged (`--merge`) give the same manifest and index page, byte
 * for byte, as one unsharded build, with every PDF in its place.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli } from './helpers.ts';

const readers = 'distribution:\n  - name: Anna Petrova\n';

describe('--merge', () => {
  it('joins the outputs of N shards into what one unsharded build writes', () => {
    const briefs = Object.fromEntries(
      ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((name, i) => [
        `briefs/${i % 2 ? 'sub/' : ''}${name}.md`,
        briefText({ title: `Brief ${name}`, extra: i === 0 ? readers : '' }),
      ]),
    );
    const dir = makeWorkspace(briefs);
    expect(runCli(dir, ['--copies', '--out', 'whole']).code).toBe(0);
    for (const i of [1, 2, 3])
      expect(runCli(dir, ['--copies', '--shard', `${i}/3`, '--out', `shard-${i}`]).code).toBe(0);
    const merge = runCli(dir, ['--merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged']);
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toContain('6 PDFs from 3 shards merged into merged.');
    const read = (folder: string, file: string) => readFileSync(path.join(dir, folder, file));
    expect(read('merged', 'manifest.json').toString()).toBe(read('whole', 'manifest.json').toString());
    expect(read('merged', 'index.html').toString()).toBe(read('whole', 'index.html').toString());
    for (const { pdf } of JSON.parse(read('whole', 'manifest.json').toString()).pdfs) {
      expect(read('merged', pdf).equals(read('whole', pdf)), pdf).toBe(true);
    }
  }, 120_000);

  it('refuses a shard whose PDF does not match its manifest, or a path out of the folder', () => {
    const dir = makeWorkspace({ 'briefs/a.md': briefText() });
    expect(runCli(dir, ['--out', 'shard']).code).toBe(0);
    writeFileSync(path.join(dir, 'shard/a.pdf'), 'not the PDF');
    const run = runCli(dir, ['--merge', 'shard', '--out', 'merged']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*a\.pdf does not match the checksum/m);
    const manifest = path.join(dir, 'shard/manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"pdf": "a.pdf"', '"pdf": "../a.pdf"'));
    expect(runCli(dir, ['--merge', 'shard', '--out', 'merged']).stderr).toContain('is not a path inside the folder');
    expect(runCli(dir, ['--merge']).code).toBe(2);
  }, 60_000);
});
