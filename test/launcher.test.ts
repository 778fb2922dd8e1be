import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('runs the command from its bundle and keeps the code a build compiled', () => {
    const dir = makeWorkspace({ 'briefs/a.md': briefText() });
    const run = runCli(dir, ['--force', '--jobs', '1']);
    expect(run.code, run.stderr).toBe(0);
    const bundles = path.join(repoRoot, 'node_modules', '.cache', 'briefing');
    const kept = readdirSync(bundles).filter((name) => existsSync(path.join(bundles, name, 'cli.cjs.full.v8cache')));
    expect(kept).toHaveLength(1);
  }, 60_000);
});
