import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, repoRoot, runCli } from './helpers.ts';
import { tempFolder } from './temp.ts';

const loader = path.join(repoRoot, 'bin', 'load-bundle.cjs');

/**
 * Loads the bundle in a new process, as each run of the command does (within
 * one process V8 reuses what it compiled and never looks at the cache), and
 * keeps its code as a run that did (`complete`) or did not do all a build does.
 */
function run(bundle: string, complete: boolean): void {
  const script = `const l = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(bundle)});
if (l.exports.answer() !== 42) process.exit(1);
l.keep(${complete});`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

describe('the launcher', () => {
  it('keeps compiled code beside a bundle, upgrades a partial cache, and replaces one V8 rejects', () => {
    const dir = tempFolder('briefing-bundle-');
    const bundle = path.join(dir, 'bundle.cjs');
    writeFileSync(bundle, 'exports.answer = () => [6, 7].reduce((a, b) => a * b);\n');
    const partial = `${bundle}.v8cache`;
    const complete = `${bundle}.full.v8cache`;

    run(bundle, false);
    expect(existsSync(partial)).toBe(true);
    const written = readFileSync(partial);

    // A run that did no more than the cache's own keeps it as it is; one that did all a build does replaces it.
    run(bundle, false);
    expect(readFileSync(partial).equals(written)).toBe(true);
    run(bundle, true);
    expect(existsSync(complete)).toBe(true);
    const kept = readFileSync(complete);
    run(bundle, true);
    expect(readFileSync(complete).equals(kept)).toBe(true);

    // A cache that does not fit (another Node, a damaged file) is ignored and written again,
    // and what a run killed while writing left behind is removed.
    writeFileSync(complete, 'not a code cache');
    writeFileSync(`${complete}.12345.abc.tmp`, 'half a cache');
    run(bundle, true);
    expect(readFileSync(complete).toString()).not.toBe('not a code cache');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('bundles the command, runs it from its bundle and keeps the code a build compiled', () => {
    const dir = makeWorkspace({ 'briefs/a.md': briefText() });
    // A bundle folder of its own, empty: nothing an earlier run left can pass for what this run did.
    const name = `briefing-test-${process.pid}-${Date.now()}`;
    const bundles = path.join(repoRoot, 'node_modules', '.cache', name);
    expect(existsSync(bundles)).toBe(false);
    try {
      const run = runCli(dir, ['--force', '--jobs', '1'], { BRIEFING_CACHE_NAME: name });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^briefs\/a\.md → output\/a\.pdf /m);
      const [hash, ...others] = readdirSync(bundles);
      expect(others).toEqual([]);
      expect(readdirSync(path.join(bundles, hash)).sort()).toEqual(
        ['cli.cjs', 'cli.cjs.full.v8cache', 'worker-bundle.cjs', 'worker.cjs'].sort(),
      );
    } finally {
      rmSync(bundles, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a bundle folder name that is not a plain name', () => {
    const dir = makeWorkspace({ 'briefs/a.md': briefText() });
    const run = runCli(dir, ['--check'], { BRIEFING_CACHE_NAME: '../elsewhere' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('BRIEFING_CACHE_NAME must be a plain folder name');
  });
});
