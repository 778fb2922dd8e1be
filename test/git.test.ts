import { execFileSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli, writeFile } from './helpers.ts';
import { flat, readPdf } from './pdf.ts';
import { tempFolder } from './temp.ts';

/** Real git, with a fixed identity and dates so commits are reproducible. */
function git(dir: string, args: string[], date = '2024-05-01T10:00:00Z'): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ann Analyst',
      GIT_AUTHOR_EMAIL: 'ann@example.org',
      GIT_COMMITTER_NAME: 'Ann Analyst',
      GIT_COMMITTER_EMAIL: 'ann@example.org',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}

function repo(briefs: Record<string, string>): string {
  const dir = makeWorkspace(briefs);
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '.']);
  git(dir, ['commit', '-q', '-m', 'First version']);
  return dir;
}

const pdfOf = async (dir: string, name: string) => readPdf(readFileSync(path.join(dir, 'output', name)));

describe('provenance stamp', () => {
  it('prints the last commit and the version tag in the footer and the metadata', async () => {
    const dir = repo({ 'briefs/memo.md': briefText() });
    const hash = git(dir, ['rev-parse', 'HEAD']).trim();
    git(dir, ['tag', 'memo/v1']);
    writeFile(dir, 'briefs/memo.md', briefText({ title: 'Second' }));
    git(dir, ['commit', '-q', '-am', 'Second version'], '2024-06-02T09:30:00Z');
    git(dir, ['tag', 'memo/v2']);
    const second = git(dir, ['rev-parse', 'HEAD']).trim();
    expect(second).not.toBe(hash);
    const run = runCli(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const pdf = await pdfOf(dir, 'memo.pdf');
    expect(flat(pdf.pages[0])).toContain(`v2 · ${second.slice(0, 7)} · 2024-06-02`);
    expect(pdf.info.Keywords).toContain(`version v2, commit ${second}`);
    expect(pdf.info.CreationDate).toBe('D:20240602093000Z');
    expect(flat(pdf.text)).not.toContain('DRAFT');
  }, 60_000);

  it('lets the front matter name the version, and stamps the commit that last touched a template', async () => {
    const dir = repo({ 'briefs/memo.md': briefText({ extra: 'version: "2.1"\n' }) });
    const partial = path.join(dir, 'templates/partials/citation.hbs');
    writeFileSync(partial, `${readFileSync(partial, 'utf8')}\n`);
    git(dir, ['commit', '-q', '-am', 'Touch a partial'], '2024-07-03T08:00:00Z');
    const head = git(dir, ['rev-parse', '--short=7', 'HEAD']).trim();
    expect(runCli(dir).code).toBe(0);
    expect(flat((await pdfOf(dir, 'memo.pdf')).pages[0])).toContain(`2.1 · ${head} · 2024-07-03`);
  }, 60_000);

  it('marks every page DRAFT when the brief or anything it uses has uncommitted changes', async () => {
    const dir = repo({ 'briefs/memo.md': briefText({ body: '## One\n\nText.\n' }) });
    writeFile(dir, 'briefs/memo.md', briefText({ body: `## One\n\n${'A long paragraph of text. '.repeat(400)}\n` }));
    const run = runCli(dir);
    expect(run.code, run.stderr).toBe(0);
    const pdf = await pdfOf(dir, 'memo.pdf');
    expect(pdf.numPages).toBeGreaterThan(1);
    for (const page of pdf.pages) {
      expect(page).toContain('DRAFT');
      expect(flat(page)).toContain('+ uncommitted changes');
    }
    expect(pdf.info.Keywords).toContain('uncommitted changes');
    // Committing the edit makes it a release again (the cache knows the stamp changed).
    git(dir, ['commit', '-q', '-am', 'Long version']);
    expect(runCli(dir).code).toBe(0);
    expect((await pdfOf(dir, 'memo.pdf')).text).not.toContain('DRAFT');
  }, 60_000);

  it('gives byte-identical PDFs from two clones of the same commit, built at different times and zones', async () => {
    const origin = repo({ 'briefs/memo.md': briefText() });
    const clone = (name: string) => {
      const dir = path.join(tempFolder('briefing-clone-'), name);
      execFileSync('git', ['clone', '-q', origin, dir]);
      return dir;
    };
    const [a, b] = [clone('a'), clone('b')];
    expect(runCli(a, [], { TZ: 'UTC' }).code).toBe(0);
    // The second clone's files carry other times: only the commit's time may reach the PDF.
    utimesSync(path.join(b, 'briefs/memo.md'), new Date('2030-01-01'), new Date('2030-01-01'));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(runCli(b, [], { TZ: 'Pacific/Auckland' }).code).toBe(0);
    const [pa, pb] = [readFileSync(path.join(a, 'output/memo.pdf')), readFileSync(path.join(b, 'output/memo.pdf'))];
    expect(pb.equals(pa)).toBe(true);
    expect((await readPdf(pa)).info.CreationDate).toBe('D:20240501100000Z');
  }, 60_000);

  it('builds outside a repository and says once what it could not stamp', () => {
    const dir = makeWorkspace({ 'briefs/a.md': briefText(), 'briefs/b.md': briefText() });
    const run = runCli(dir);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/note: not in a git repository/g)?.length).toBe(1);
  }, 60_000);

  it('builds in a shallow clone and says so', async () => {
    const origin = repo({ 'briefs/memo.md': briefText() });
    writeFile(origin, 'briefs/other.md', briefText());
    git(origin, ['add', '.']);
    git(origin, ['commit', '-q', '-m', 'Other']);
    const dir = path.join(tempFolder('briefing-shallow-'), 'c');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, dir]);
    const run = runCli(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('note: shallow clone');
  }, 60_000);
});

describe('revision history', () => {
  it('prints the commits of the brief, following renames, with tags', async () => {
    const dir = repo({ 'briefs/old-name.md': briefText({ extra: 'revisionHistory: true\n' }) });
    git(dir, ['tag', 'old-name/v1']);
    git(dir, ['mv', 'briefs/old-name.md', 'briefs/new-name.md']);
    git(dir, ['commit', '-q', '-m', 'Rename the brief'], '2024-05-02T10:00:00Z');
    writeFile(dir, 'briefs/new-name.md', briefText({ extra: 'revisionHistory: true\n', title: 'Renamed' }));
    git(dir, ['commit', '-q', '-am', 'Retitle | with a pipe'], '2024-05-03T10:00:00Z');
    const run = runCli(dir);
    expect(run.code, run.stderr).toBe(0);
    const text = flat((await pdfOf(dir, 'new-name.pdf')).text);
    expect(text).toContain('Revision history');
    const order = [
      '2024-05-03 Ann Analyst Retitle | with a pipe',
      '2024-05-02 Ann Analyst Rename the brief',
      '2024-05-01 Ann Analyst First version',
    ];
    let from = 0;
    for (const row of order) {
      const at = text.indexOf(row, from);
      expect(at, row).toBeGreaterThan(-1);
      from = at;
    }
    expect(text).toContain('old-name/v1');
  }, 60_000);
});
