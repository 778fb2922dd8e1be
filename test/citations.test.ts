import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, repoRoot, runCli, writeFile } from './helpers.ts';
import { flat, readPdf } from './pdf.ts';

/**
 * Citations and checked quotations through the real command. In briefText():
 * line 1 is "---", lines 2-6 are title, date, to, from and summary, `extra`
 * starts on line 7, then the closing "---", then the body.
 */

const SLOW = { timeout: 60_000 };

/** `PATH:LINE:COL: severity: MESSAGE [CODE]` lines, with the hint after each. */
function reported(stderr: string) {
  const out: { place: string; severity: string; code: string; message: string; hint?: string }[] = [];
  for (const line of stderr.split('\n')) {
    const header = /^(.+?:\d+:\d+): (error|warning): (.*) \[([A-Z_]+)\]$/.exec(line);
    if (header) out.push({ place: header[1], severity: header[2], message: header[3], code: header[4] });
    const hint = /^\s+hint: (.*)$/.exec(line);
    if (hint && out.length) out[out.length - 1].hint = hint[1];
  }
  return out;
}

const SOURCES = `sources:
  - id: joscelyn
    title: Why We Should Be Worried
    author: Tom Joscelyn
    file: ../sources/commentary.txt
  - id: unused
    title: Never Cited
`;

const COMMENTARY =
  'Lavrov said the two countries would “continue to strengthen our relations\nof comprehensive partnership and strategic interaction.”\n';

describe('citations and quotations, reported at their place', () => {
  it('reports an unknown key, a source never cited and a misquotation, each where it stands', SLOW, () => {
    const dir = makeWorkspace({
      'briefs/a.md': briefText({
        extra: SOURCES,
        body: 'Lavrov spoke of “relations of comprehensive and strategic partnership.”[@joscelyn]\n\nAs argued.[@joscelin]\n',
      }),
    });
    writeFile(dir, 'sources/commentary.txt', COMMENTARY);
    const run = runCli(dir, ['--check']);
    expect(run.code).toBe(1);
    expect(reported(run.stderr)).toEqual([
      expect.objectContaining({ place: 'briefs/a.md:12:5', severity: 'warning', code: 'SOURCE_UNCITED' }),
      {
        place: 'briefs/a.md:15:17',
        severity: 'error',
        code: 'QUOTE_NOT_IN_SOURCE',
        message:
          'The quotation "relations of comprehensive and strategic partnership." is not in ../sources/commentary.txt as written.',
        hint: 'Closest passage (../sources/commentary.txt, line 1): "relations of comprehensive partnership and strategic interaction.”"',
      },
      expect.objectContaining({
        place: 'briefs/a.md:17:12',
        code: 'CITATION_UNKNOWN',
        hint: 'Did you mean "joscelyn"?',
      }),
    ]);
  });

  it('reports a bibliography file that is missing or not BibTeX at its key, and cites one that is', SLOW, async () => {
    const bib = (file: string) => `bibliography: ${file}\n`;
    const dir = makeWorkspace({
      'briefs/missing.md': briefText({ extra: bib('../refs/none.bib') }),
      'briefs/bad.md': briefText({ extra: bib('../refs/bad.bib') }),
      'briefs/outside.md': briefText({ extra: bib('../../elsewhere.bib') }),
      'briefs/good.md': briefText({ extra: bib('../refs/good.bib'), body: 'As argued.[@smith2019, p. 4]\n' }),
    });
    writeFile(dir, 'refs/bad.bib', '@book{x, title = {unclosed');
    writeFile(
      dir,
      'refs/good.bib',
      '@book{smith2019, title = {A Book}, author = {Smith, Ann}, publisher = {Press}, year = {2019}}\n',
    );
    const run = runCli(dir);
    const found = reported(run.stderr);
    for (const name of ['missing', 'bad', 'outside']) {
      expect(found).toContainEqual(
        expect.objectContaining({ place: `briefs/${name}.md:7:15`, code: 'BIBLIOGRAPHY_INVALID' }),
      );
    }
    expect(run.stdout).toContain('briefs/good.md → output/good.pdf');
    const pdf = await readPdf(readFileSync(path.join(dir, 'output/good.pdf')));
    expect(flat(pdf.text)).toContain('1. Ann Smith, A Book (Press, 2019), 4.');
    expect(flat(pdf.text)).toContain('Smith, Ann. A Book. Press, 2019.');
  });
});

describe('the build cache', () => {
  it("sees a change to a source's file: the quotation is checked again", SLOW, () => {
    const dir = makeWorkspace({
      'briefs/a.md': briefText({
        extra: SOURCES.replace(/ {2}- id: unused\n {4}title: Never Cited\n/, ''),
        body: 'Lavrov spoke of “relations of comprehensive partnership.”[@joscelyn]\n',
      }),
    });
    writeFile(dir, 'sources/commentary.txt', COMMENTARY);
    expect(runCli(dir).stdout).toContain('briefs/a.md → output/a.pdf (1 page,');
    expect(runCli(dir).stdout).toContain('(1 page, unchanged)');
    writeFile(dir, 'sources/commentary.txt', COMMENTARY.replace('comprehensive', 'wide-ranging'));
    const run = runCli(dir);
    expect(run.code).toBe(1);
    expect(reported(run.stderr)).toEqual([
      expect.objectContaining({ place: 'briefs/a.md:13:17', code: 'QUOTE_NOT_IN_SOURCE' }),
    ]);
  });
});

describe('a redline', () => {
  it('formats the citations of the earlier revision too: only the changed words are marked', SLOW, async () => {
    const extra = 'sources:\n  - id: smith\n    title: A Report\n    author: Ann Smith\n    date: 2019\n';
    const dir = makeWorkspace({
      'briefs/a.md': briefText({ extra, body: 'First claim.[@smith]\n\nSecond claim.[@smith, p. 4]\n' }),
    });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@example.org', ...args], { cwd: dir });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'First');
    writeFile(
      dir,
      'briefs/a.md',
      briefText({ extra, body: 'First claim.[@smith]\n\nSecond, changed claim.[@smith, p. 4]\n' }),
    );
    const run = runCli(dir, ['--compare', 'HEAD', 'briefs/a.md']);
    expect(run.code, run.stderr).toBe(0);
    const pdf = await readPdf(readFileSync(path.join(dir, 'output/a.changes-since-HEAD.pdf')));
    expect(flat(pdf.text)).toContain('2 words inserted and 0 deleted');
    expect(flat(pdf.text)).toContain('Second, changed claim.2');
  });
});

describe('the sample brief', () => {
  const BRIEF = 'briefs/russia-china-joint-statement.md';
  const text = readFileSync(path.join(repoRoot, BRIEF), 'utf8');

  it('names its source with a local copy, and gives every key-point quotation that source', () => {
    expect(text).toContain('file: ../sources/joint-statement-commentary.txt');
    expect(text.match(/^ {4}quote: /gm)?.length).toBe(4);
    expect(text.match(/^ {4}source: joscelyn$/gm)?.length).toBe(4);
    expect(text).not.toContain('[^src]');
  });

  // Each quotation of the sample broken in turn, one word changed: every one is checked.
  const quotations = [...text.matchAll(/“([^“”]+)”(?=[^[]*?\[@joscelyn\])|quote: "([^"]+)"/g)];

  it('fails with QUOTE_NOT_IN_SOURCE at a quotation that is changed by one word', { timeout: 120_000 }, () => {
    expect(quotations.length).toBeGreaterThan(20);
    const dir = makeWorkspace();
    const broken: string[] = [];
    for (const [i, m] of quotations.entries()) {
      const quote = m[1] ?? m[2];
      const word = /\p{L}{4,}/u.exec(quote);
      if (!word) continue;
      const at = m.index + m[0].indexOf(quote) + word.index;
      const changed = `${text.slice(0, at)}Xx${text.slice(at + 2)}`;
      // Reported at the quotation's opening mark.
      const open = m[1] !== undefined ? m.index : m.index + 'quote: '.length;
      const lines = text.slice(0, open + 1).split('\n');
      broken.push(`briefs/b${i}.md:${lines.length}:${lines[lines.length - 1].length}`);
      writeFile(dir, `briefs/b${i}.md`, changed);
    }
    const run = runCli(dir, ['--check']);
    const found = reported(run.stderr).filter((d) => d.code === 'QUOTE_NOT_IN_SOURCE');
    expect(found.map((d) => d.place).sort()).toEqual(broken.sort());
  });
});
