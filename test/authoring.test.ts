import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli, startCli, waitFor, writeFile } from './helpers.ts';
import { readPdf } from './pdf.ts';

describe('check:brief', () => {
  it('checks without rendering, with the same exit codes, and reports placeholders as warnings', () => {
    const dir = makeWorkspace({
      'briefs/good.md': briefText(),
      'briefs/draft.md': briefText({ body: 'Context: TBD.\n\n[INSERT chart here]\n', title: 'TODO title' }),
    });
    const run = runCli(dir, ['--check']);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, 'output'))).toBe(false);
    expect(run.stdout).toMatch(/^briefs\/good\.md ok \(\d+ ms\)$/m);
    expect(run.stdout).toMatch(/^briefs\/draft\.md ok \(\d+ ms, 3 warnings\)$/m);
    expect(run.stdout).toMatch(/^2 of 2 briefs checked in [\d.]+ s; 3 warnings\.$/m);
    expect(run.stderr).toContain(
      'briefs/draft.md:2:8: warning: Placeholder "TODO" left in the brief. [PLACEHOLDER_TEXT]',
    );
    expect(run.stderr).toContain('briefs/draft.md:8:10: warning: Placeholder "TBD"');
    expect(run.stderr).toContain('briefs/draft.md:10:1: warning: Placeholder "[INSERT chart here]"');
  }, 60_000);

  it('turns warnings into errors with --strict', () => {
    const dir = makeWorkspace({ 'briefs/draft.md': briefText({ body: 'XX per cent.\n' }) });
    const run = runCli(dir, ['--check', '--strict']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('briefs/draft.md:8:1: error: Placeholder "XX" left in the brief. [PLACEHOLDER_TEXT]');
    const built = runCli(dir, ['--strict']);
    expect(built.code).toBe(1);
    expect(existsSync(path.join(dir, 'output/draft.pdf'))).toBe(false);
  }, 60_000);

  it('prints every problem as JSON with --format json', () => {
    const dir = makeWorkspace({
      'briefs/bad.md': briefText({ extra: 'clasification: SECRET\npaper: Legal\n', body: 'TODO\n' }),
    });
    const run = runCli(dir, ['--check', '--format', 'json']);
    expect(run.code).toBe(1);
    const problems = JSON.parse(run.stdout);
    expect(problems).toEqual([
      {
        code: 'FRONT_MATTER_UNKNOWN_KEY',
        severity: 'error',
        file: 'briefs/bad.md',
        line: 7,
        column: 1,
        message: 'Unknown key "clasification".',
        hint: 'Did you mean "classification"?',
      },
      expect.objectContaining({ code: 'FRONT_MATTER_INVALID', line: 8, column: 8, severity: 'error' }),
      expect.objectContaining({
        code: 'PLACEHOLDER_TEXT',
        line: 10,
        column: 1,
        severity: 'warning',
        hint: expect.any(String),
      }),
    ]);
  }, 60_000);

  it('checks links to headings and to other briefs', () => {
    const body = '## Context\n\nSee [context](#context), [nothing](#contxt), [other](other.md) and [gone](gone.md).\n';
    const dir = makeWorkspace({ 'briefs/a.md': briefText({ body }), 'briefs/other.md': briefText() });
    const run = runCli(dir, ['--check', 'briefs/a.md']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'briefs/a.md:10:26: error: The link "#contxt" names no heading in this brief. [LINK_ANCHOR_UNKNOWN]',
    );
    expect(run.stderr).toContain('hint: Did you mean "context"?');
    expect(run.stderr).toContain('briefs/a.md:10:68: error: The link "gone.md" names a brief that does not exist.');
    expect(run.stderr).not.toContain('"other.md"');
  }, 60_000);

  it('gives plain progress lines and a summary when not on a terminal', () => {
    const briefs = Object.fromEntries(
      Array.from({ length: 3 }, (_, i) => [`briefs/b${i}.md`, briefText({ title: `Brief ${i}` })]),
    );
    const run = runCli(makeWorkspace(briefs), [], { CI: 'true' });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^briefs\/b0\.md → output\/b0\.pdf \(1 page, \d+ ms\)$/),
      expect.stringMatching(/^briefs\/b1\.md → output\/b1\.pdf/),
      expect.stringMatching(/^briefs\/b2\.md → output\/b2\.pdf/),
      expect.stringMatching(/^3 of 3 briefs built in [\d.]+ s\.$/),
    ]);
    expect(run.stderr).not.toContain('\r');
  }, 60_000);
});

describe('watch mode', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('rebuilds what an edit affects, survives a content error, and follows templates', async () => {
    const dir = makeWorkspace({ 'briefs/a.md': briefText({ title: 'First title' }), 'briefs/b.md': briefText() });
    const watcher = startCli(dir, ['--watch'], { CI: 'true' });
    child = watcher;
    const { output } = watcher;
    const count = (text: string, needle: string) => text.split(needle).length - 1;
    await waitFor(output, () => output.stderr.includes('Watching'), 'the first build');
    const bPdf = path.join(dir, 'output/b.pdf');
    const bTime = statSync(bPdf).mtimeMs;

    // Editing a brief rebuilds that brief only.
    writeFile(dir, 'briefs/a.md', briefText({ title: 'Second title' }));
    await waitFor(output, () => count(output.stdout, 'briefs/a.md → output/a.pdf') === 2, 'the rebuild of a.md');
    await waitFor(output, () => output.stderr.includes('briefs/a.md: '), 'the timing line');
    expect(output.stderr).toMatch(/briefs\/a\.md: \d+ ms from the edit to the PDF/);
    expect((await readPdf(readFileSync(path.join(dir, 'output/a.pdf')))).info.Title).toBe('Second title');
    expect(statSync(bPdf).mtimeMs).toBe(bTime);

    // A content error is printed; watching goes on and the last good PDF stays.
    writeFile(dir, 'briefs/a.md', briefText({ title: 'Third title', extra: 'paper: Legal\n' }));
    await waitFor(output, () => output.stdout.includes('briefs/a.md failed'), 'the failure');
    expect(output.stderr).toContain('briefs/a.md:7:8: error:');
    expect((await readPdf(readFileSync(path.join(dir, 'output/a.pdf')))).info.Title).toBe('Second title');
    writeFile(dir, 'briefs/a.md', briefText({ title: 'Fourth title' }));
    await waitFor(output, () => count(output.stdout, 'briefs/a.md → output/a.pdf') === 3, 'the recovery');

    // A change to a partial the template uses rebuilds every brief.
    const partial = path.join(dir, 'templates/partials/citation.hbs');
    writeFileSync(partial, `${readFileSync(partial, 'utf8')}\n`);
    await waitFor(
      output,
      () =>
        count(output.stdout, 'briefs/a.md → output/a.pdf') === 4 &&
        count(output.stdout, 'briefs/b.md → output/b.pdf') === 2,
      'the rebuild after the partial changed',
    );
    expect(watcher.exitCode).toBeNull();
  }, 90_000);
});
