import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Nodes, Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { diffTrees } from '../src/redline/blocks.ts';
import type { Change } from '../src/redline/nodes.ts';
import { parseMarkdown } from '../src/stages/markdown.ts';
import { briefText, makeWorkspace, runCli, writeFile } from './helpers.ts';
import { flat, readPdf } from './pdf.ts';
import { tempFolder } from './temp.ts';

function git(dir: string, args: string[]) {
  return execFileSync('git', ['-c', 'user.name=Ann', '-c', 'user.email=ann@example.org', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
}

/** The redline marks in a tree, as [kind, text] pairs in document order. */
function marks(tree: Root): [string, string][] {
  const out: [string, string][] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'redline') {
      const change = node as Change;
      out.push([`${change.block ? 'block ' : ''}${change.kind}`, mdToString(change)]);
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(tree);
  return out;
}

describe('diffTrees', () => {
  it('marks changed words inside a matched paragraph, not the whole paragraph', () => {
    const { tree, counts } = diffTrees(
      parseMarkdown('The two ministries met in Guilin on Tuesday.\n'),
      parseMarkdown('The two foreign ministries met in Guilin on March 23.\n'),
    );
    expect(marks(tree)).toEqual([
      ['block changed', 'The two foreign ministries met in Guilin on TuesdayMarch 23.'],
      ['inserted', 'foreign '],
      ['deleted', 'Tuesday'],
      ['inserted', 'March 23'],
    ]);
    expect(counts).toEqual({ inserted: 3, deleted: 1 });
  });

  it('reads an added table row as an added row, and keeps the others', () => {
    const table = (rows: string[]) => `| A | B |\n|---|---|\n${rows.map((r) => `| ${r} | x |`).join('\n')}\n`;
    const { tree } = diffTrees(parseMarkdown(table(['one', 'two'])), parseMarkdown(table(['one', 'new', 'two'])));
    expect(marks(tree)).toEqual([
      ['block changed', 'ABonexnewxtwox'],
      ['inserted', 'new'],
      ['inserted', 'x'],
    ]);
  });

  it('shows a moved paragraph once, where it is now, with a bar and no struck copy', () => {
    const { tree } = diffTrees(
      parseMarkdown('First.\n\nSecond paragraph.\n\nThird.\n'),
      parseMarkdown('Second paragraph.\n\nFirst.\n\nThird.\n'),
    );
    const all = marks(tree);
    expect(all.filter(([kind]) => kind.includes('deleted'))).toEqual([]);
    expect(all.filter(([kind]) => kind === 'block moved')).toHaveLength(1);
    expect(mdToString(tree).match(/Second paragraph/g)).toHaveLength(1);
  });

  it('strikes a removed list item and underlines an added one, with bars beside those items only', () => {
    const { tree } = diffTrees(parseMarkdown('- keep\n- drop\n'), parseMarkdown('- keep\n- add\n'));
    expect(marks(tree)).toEqual([
      ['block deleted', 'drop'],
      ['deleted', 'drop'],
      ['block inserted', 'add'],
      ['inserted', 'add'],
    ]);
  });
});

describe('--compare', () => {
  const base = briefText({
    extra: 'recommendations:\n  - action: Keep watching.\n',
    body: '## Context\n\nThe statement came out in March.\n\n## Old section\n\nText to be removed.\n',
  });
  const edited = briefText({
    extra:
      'classification: CONFIDENTIAL\nrecommendations:\n  - action: Keep watching.\n  - action: Brief the Secretary.\n',
    body: '## Context\n\nThe joint statement came out in March 2021.\n\n## New section\n\nBrand new text.\n',
  });

  function repoWith(text: string) {
    const dir = makeWorkspace({ 'briefs/memo.md': text });
    git(dir, ['init', '-q', '-b', 'main']);
    git(dir, ['add', '.']);
    git(dir, ['commit', '-q', '-m', 'First']);
    git(dir, ['tag', 'memo/v1']);
    return dir;
  }

  it('writes output/<brief>.changes-since-<rev>.pdf with a first page that says what changed', async () => {
    const dir = repoWith(base);
    writeFile(dir, 'briefs/memo.md', edited);
    git(dir, ['commit', '-q', '-am', 'Second']);
    const run = runCli(dir, ['--compare', 'memo/v1', 'briefs/memo.md']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/briefs\/memo\.md → output\/memo\.changes-since-memo-v1\.pdf/);
    const pdf = await readPdf(readFileSync(path.join(dir, 'output/memo.changes-since-memo-v1.pdf')));
    const first = flat(pdf.pages[0]);
    expect(first).toContain('Changes since memo/v1');
    expect(first).toContain('Classification changed from “UNCLASSIFIED” to “CONFIDENTIAL”.');
    expect(first).toContain('Recommendation 2 added: “Brief the Secretary.”');
    expect(first).not.toContain('.”.');
    expect(first).toContain('Section “Context” changed.');
    expect(first).toContain('Section “New section” added.');
    expect(first).toContain('Section “Old section” removed.');
    expect(first).not.toContain('BOTTOM LINE');
    const rest = flat(pdf.pages.slice(1).join('\n'));
    expect(rest).toContain('The joint statement came out in March 2021.');
    expect(rest).toContain('Text to be removed.');
    expect(existsSync(path.join(dir, 'output/memo.pdf'))).toBe(false);
  }, 60_000);

  it('compares text as it prints: straight quotes then, typographic ones now, are no change', async () => {
    const dir = repoWith(briefText({ body: '## Quotes\n\nHe said "no" -- twice...\n\n## Other\n\nOld text.\n' }));
    writeFile(
      dir,
      'briefs/memo.md',
      briefText({ body: '## Quotes\n\nHe said “no” – twice…\n\n## Other\n\nNew text.\n' }),
    );
    git(dir, ['commit', '-q', '-am', 'Second']);
    const run = runCli(dir, ['--compare', 'memo/v1', 'briefs/memo.md']);
    expect(run.code, run.stderr).toBe(0);
    const first = flat((await readPdf(readFileSync(path.join(dir, 'output/memo.changes-since-memo-v1.pdf')))).pages[0]);
    expect(first).toContain('Section “Other” changed.');
    expect(first).not.toContain('Section “Quotes”');
  }, 60_000);

  it('hands the revision to git as a revision only, never as an option or through a shell', () => {
    const dir = repoWith(base);
    const marker = path.join(tempFolder('briefing-marker-'), 'pwned');
    for (const hostile of [`--output=${marker}`, `HEAD; touch ${marker}`, `$(touch ${marker})`, '-p']) {
      const run = runCli(dir, [`--compare=${hostile}`, 'briefs/memo.md']);
      expect(run.code, hostile).toBe(1);
      expect(run.stderr).toContain('[REDLINE_REVISION_UNKNOWN]');
      expect(existsSync(marker)).toBe(false);
    }
  }, 60_000);

  it('says what it cannot compare: outside git, before the brief existed, in a shallow clone', () => {
    const plain = makeWorkspace({ 'briefs/memo.md': base });
    expect(runCli(plain, ['--compare', 'HEAD']).stderr).toContain('[REDLINE_NO_GIT]');

    const dir = repoWith(base);
    writeFile(dir, 'briefs/later.md', base);
    git(dir, ['add', '.']);
    git(dir, ['commit', '-q', '-m', 'Later']);
    const run = runCli(dir, ['--compare', 'HEAD~1', 'briefs/later.md']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The brief did not exist at "HEAD~1". [REDLINE_NOT_AT_REVISION]');

    const shallow = path.join(tempFolder('briefing-shallow-'), 'c');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, shallow]);
    const missing = runCli(shallow, ['--compare', 'HEAD~1', 'briefs/memo.md']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('This is a shallow clone');
  }, 60_000);
});
