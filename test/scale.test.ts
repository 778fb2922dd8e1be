import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli } from './helpers.ts';

const briefs = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => [
    `briefs/${i < 3 ? 'a' : 'b/'}brief-${i}.md`,
    briefText({ title: `Brief ${i}`, body: `## Part ${i}\n\nText of brief ${i}.[^n]\n\n[^n]: A note.\n` }),
  ]),
);
const pdfs = (dir: string, out: string) =>
  Object.fromEntries(
    Object.keys(briefs).map((file) => {
      const pdf = file.replace(/^briefs\//, '').replace(/\.md$/, '.pdf');
      return [pdf, readFileSync(path.join(dir, out, pdf))];
    }),
  );
const lines = (stdout: string) => stdout.trim().split('\n').slice(0, -1);

describe('many briefs', () => {
  it('gives the same bytes from one worker, two workers and the cache', () => {
    const dir = makeWorkspace(briefs);
    const one = runCli(dir, ['--jobs', '1', '--out', 'one']);
    const two = runCli(dir, ['--jobs', '2', '--out', 'two']);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    // Reported in input order, whatever order the workers finish in.
    expect(lines(two.stdout).map((l) => l.split(' ')[0])).toEqual(Object.keys(briefs).sort());
    const again = runCli(dir, ['--jobs', '2', '--out', 'two']);
    expect(lines(again.stdout).every((line) => line.endsWith('(1 page, unchanged)'))).toBe(true);
    const [a, b] = [pdfs(dir, 'one'), pdfs(dir, 'two')];
    for (const name of Object.keys(a)) expect(b[name].equals(a[name]), name).toBe(true);
  }, 120_000);

  it('rebuilds only what changed, and rebuilds everything after the cache is deleted', () => {
    const dir = makeWorkspace(briefs);
    expect(runCli(dir).code).toBe(0);
    writeFileSync(path.join(dir, 'briefs/abrief-1.md'), briefText({ title: 'Brief 1, revised' }));
    const edited = lines(runCli(dir).stdout);
    expect(edited.filter((line) => !line.endsWith('unchanged)'))).toEqual([
      expect.stringMatching(/^briefs\/abrief-1\.md → output\/abrief-1\.pdf \(1 page, \d+ ms\)$/),
    ]);
    // A partial every brief uses is an input of every brief.
    const partial = path.join(dir, 'templates/partials/citation.hbs');
    writeFileSync(partial, `${readFileSync(partial, 'utf8')}\n`);
    expect(lines(runCli(dir).stdout).filter((line) => line.endsWith('unchanged)'))).toEqual([]);
    rmSync(path.join(dir, 'output/.cache'), { recursive: true });
    const rebuilt = runCli(dir);
    expect(rebuilt.code).toBe(0);
    expect(lines(rebuilt.stdout).filter((line) => line.endsWith('unchanged)'))).toEqual([]);
    // A deleted output is restored from the cache.
    rmSync(path.join(dir, 'output/abrief-0.pdf'));
    expect(runCli(dir).stdout).toContain('briefs/abrief-0.md → output/abrief-0.pdf (1 page, unchanged)');
    expect(readFileSync(path.join(dir, 'output/abrief-0.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('splits the briefs into even, disjoint, deterministic shards', () => {
    const dir = makeWorkspace(briefs);
    const shards = [1, 2, 3].map((i) => {
      const run = runCli(dir, ['--check', '--shard', `${i}/3`]);
      expect(run.code).toBe(0);
      return lines(run.stdout).map((line) => line.split(' ')[0]);
    });
    expect(shards.map((s) => s.length)).toEqual([2, 2, 2]);
    expect(shards.flat().sort()).toEqual(Object.keys(briefs).sort());
    expect(lines(runCli(dir, ['--check', '--shard', '2/3']).stdout).map((line) => line.split(' ')[0])).toEqual(
      shards[1],
    );
    for (const bad of ['0/3', '4/3', '1/0', 'x']) {
      const run = runCli(dir, ['--shard', bad]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain('--shard takes I/N');
    }
    expect(readdirSync(dir)).not.toContain('output');
  }, 120_000);
});
