/**
 * Rules that hold on every path a brief can take: a build, a redline
 * (`--compare`), named copies, and watch mode all go through one pipeline, so
 * the release guard, `--strict` and check-only hold on each by construction.
 * Each rule is tried on each path here, with the real command.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { briefText, commitAll, git, makeWorkspace, runCli, startCli, waitFor, writeFile } from './helpers.ts';

const readers = 'distribution:\n  - name: Anna Petrova\n';

/** A workspace in git with two commits: a SECRET brief, an UNCLASSIFIED one, and one with a placeholder. */
function repository(): string {
  const dir = makeWorkspace({
    'briefs/secret.md': briefText({ title: 'Secret', extra: `classification: SECRET\n${readers}` }),
    'briefs/open.md': briefText({ title: 'Open', extra: readers }),
  });
  commitAll(dir);
  writeFile(
    dir,
    'briefs/secret.md',
    briefText({ title: 'Secret', extra: `classification: SECRET\n${readers}`, body: 'Changed.\n' }),
  );
  writeFile(dir, 'briefs/open.md', briefText({ title: 'Open', extra: readers, body: 'Changed.\n' }));
  git(dir, ['commit', '-q', '-am', 'Second']);
  return dir;
}

/** Every PDF under the output folder, relative to it. */
function pdfs(dir: string): string[] {
  const out = path.join(dir, 'output');
  if (!existsSync(out)) return [];
  return readdirSync(out, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.pdf') && !f.startsWith('.cache'))
    .sort();
}

describe('the release guard', () => {
  it('holds a brief back on a build, with copies: nothing written, copied or listed', () => {
    const dir = repository();
    const run = runCli(dir, ['--copies', '--release-level', 'UNCLASSIFIED']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'briefs/secret.md held back: its classification SECRET is above the release level UNCLASSIFIED',
    );
    expect(pdfs(dir)).toEqual(['open.pdf', 'open/copies/01-anna-petrova.pdf']);
    expect(readFileSync(path.join(dir, 'output/manifest.json'), 'utf8')).not.toContain('secret');
  }, 60_000);

  it('holds a brief back on a redline', () => {
    const dir = repository();
    const run = runCli(dir, ['--compare', 'HEAD~1', '--release-level', 'UNCLASSIFIED']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('briefs/secret.md held back');
    expect(pdfs(dir)).toEqual(['open.changes-since-HEAD-1.pdf']);
  }, 60_000);

  it('fails, not passes, a held-back brief whose checks fail under --strict', () => {
    const dir = makeWorkspace({
      'briefs/secret.md': briefText({ extra: 'classification: SECRET\n', body: 'TODO: write this.\n' }),
    });
    const run = runCli(dir, ['--strict', '--release-level', 'UNCLASSIFIED']);
    expect(run.stderr).toContain('error:');
    expect(run.code).toBe(1);
  }, 60_000);
});

describe('--strict', () => {
  it('fails a brief with placeholder text on a build and on a redline, writing nothing', () => {
    const dir = repository();
    writeFile(dir, 'briefs/open.md', briefText({ title: 'Open', body: 'TODO: finish.\n' }));
    for (const args of [['--strict'], ['--strict', '--compare', 'HEAD~1']]) {
      const run = runCli(dir, [...args, 'briefs/open.md']);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toContain('error: ');
      expect(run.stderr).toContain('[PLACEHOLDER_TEXT]');
    }
    expect(pdfs(dir)).toEqual([]);
  }, 60_000);

  it('still reports every problem of a brief in one pass', () => {
    const dir = makeWorkspace({ 'briefs/x.md': briefText({ extra: 'paper: Legal\n', body: 'TODO: finish.\n' }) });
    const run = runCli(dir, ['--strict', 'briefs/x.md']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[PLACEHOLDER_TEXT]');
    expect(run.stderr).toContain('[FRONT_MATTER_INVALID]');
    expect(pdfs(dir)).toEqual([]);
  }, 60_000);

  it('fails a brief whose warning comes from the cache, and holds it back there too', () => {
    const dir = makeWorkspace({
      'briefs/x.md': briefText({ extra: 'classification: SECRET\n', body: 'TODO: finish.\n' }),
    });
    const first = runCli(dir, []);
    expect(first.code, first.stderr).toBe(0);
    const again = runCli(dir, []);
    expect(again.stdout).toContain('unchanged');
    expect(again.stderr).toMatch(/briefs\/x\.md:\d+:\d+: warning: .*\[PLACEHOLDER_TEXT\]/);
    const strict = runCli(dir, ['--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/briefs\/x\.md:\d+:\d+: error: .*\[PLACEHOLDER_TEXT\]/);
    const held = runCli(dir, ['--release-level', 'CONFIDENTIAL']);
    expect(held.code, held.stderr).toBe(0);
    expect(held.stdout).toContain('briefs/x.md held back');
  }, 60_000);

  it('fails a redline over its page budget', () => {
    const dir = repository();
    writeFile(
      dir,
      'briefs/open.md',
      briefText({ title: 'Open', extra: 'maxPages: 1\n', body: `${'Long paragraph. '.repeat(900)}\n` }),
    );
    const run = runCli(dir, ['--compare', 'HEAD~1', 'briefs/open.md']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[PAGE_BUDGET_EXCEEDED]');
    expect(pdfs(dir)).toEqual([]);
  }, 60_000);
});

describe('checking', () => {
  it('writes nothing on any path: a build, copies, a redline', () => {
    const dir = repository();
    for (const args of [['--check'], ['--check', '--copies'], ['--check', '--compare', 'HEAD~1']]) {
      const run = runCli(dir, args);
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('checked');
    }
    expect(pdfs(dir)).toEqual([]);
  }, 60_000);
});

describe('watch mode', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('starts from the cache, keeps copies, the manifest and the release guard, and says when no PDF was written', async () => {
    const dir = makeWorkspace({
      'briefs/open.md': briefText({ title: 'Open', extra: readers }),
      'briefs/secret.md': briefText({ title: 'Secret', extra: 'classification: SECRET\n' }),
    });
    expect(runCli(dir, ['--copies', '--release-level', 'UNCLASSIFIED']).code).toBe(0);
    const watcher = startCli(dir, ['--watch', '--copies', '--release-level', 'UNCLASSIFIED'], { CI: 'true' });
    child = watcher;
    const { output } = watcher;
    await waitFor(output, () => output.stderr.includes('Watching'), 'the first build');
    // Nothing changed since the build before: the first build of the session comes from the cache.
    expect(output.stdout).toMatch(/briefs\/open\.md → output\/open\.pdf \(1 page, unchanged/);

    writeFile(dir, 'briefs/open.md', briefText({ title: 'Open again', extra: readers }));
    await waitFor(output, () => output.stderr.includes('briefs/open.md: '), 'the rebuild of open.md');
    expect(output.stderr).toMatch(/briefs\/open\.md: \d+ ms from the edit to the PDF/);
    await waitFor(
      output,
      () => readFileSync(path.join(dir, 'output/manifest.json'), 'utf8').includes('Open again'),
      'the manifest',
    );
    expect(pdfs(dir)).toEqual(['open.pdf', 'open/copies/01-anna-petrova.pdf']);

    writeFile(dir, 'briefs/secret.md', briefText({ title: 'Secret edited', extra: 'classification: SECRET\n' }));
    await waitFor(
      output,
      () => output.stdout.split('briefs/secret.md held back').length === 3,
      'the held-back rebuild',
    );
    expect(pdfs(dir)).toEqual(['open.pdf', 'open/copies/01-anna-petrova.pdf']);

    writeFile(dir, 'briefs/open.md', briefText({ title: 'Open', extra: 'paper: Legal\n' }));
    await waitFor(output, () => output.stderr.includes('not rebuilt'), 'the failed rebuild');
    expect(output.stderr).toContain('briefs/open.md: not rebuilt (see the problems above); the last good PDF stays');
    expect(watcher.exitCode).toBeNull();
  }, 90_000);
});
