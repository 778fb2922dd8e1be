import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/limits.ts';
import { briefText, makeWorkspace, writeFile } from '../helpers.ts';
import { editMapPatched, expectCompletePdf, expectFailedWith, HANG_GUARD_MS, runStages, timedRun } from './helpers.ts';

/**
 * Bounded work: hostile or broken input ends in a PDF or in a located
 * diagnostic within seconds, never in a hang, a crash (exit 3) or an
 * uncaught exception. The first group runs the real command; the second
 * runs the stages in this process, which is faster for many shapes.
 *
 * In briefText() the body starts on line 8.
 */

const CLI = { timeout: 60_000 };
const nestedList = (levels: number) =>
  Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');

describe('the command, on hostile briefs', () => {
  const dir = makeWorkspace({
    'briefs/word.md': briefText({ body: `Before ${'w'.repeat(10_000)} after.\n` }),
    'briefs/nested.md': briefText({ body: `${nestedList(1000)}\n` }),
    'briefs/huge.md': briefText({ body: 'Some words in a paragraph. '.repeat(200_000) }),
    'briefs/empty.md': '',
    'briefs/ok-long.md': briefText({
      body: `A word of ${LIMITS.wordLength}: ${'x'.repeat(LIMITS.wordLength)} here.\n\nA long address: https://example.com/${'a'.repeat(1500)} and [a link](https://example.com/${'b'.repeat(5000)}).\n`,
    }),
  });
  // A PNG renamed: binary, with NUL bytes.
  writeFile(dir, 'briefs/binary.md', Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'));
  // Latin-1 "café" in an otherwise valid brief.
  writeFile(
    dir,
    'briefs/latin1.md',
    Buffer.concat([Buffer.from(briefText({ body: 'caf' })), Buffer.from([0xe9, 0x0a])]),
  );

  it('a 10,000-character word → WORD_TOO_LONG at the word', CLI, () => {
    const d = expectFailedWith(timedRun(dir, ['briefs/word.md']), 'WORD_TOO_LONG');
    expect([d.file, d.line, d.column]).toEqual(['briefs/word.md', 8, 8]);
    expect(d.message).toContain('10000 characters');
  });

  it('a 1,000-level nested list → MARKDOWN_TOO_DEEP where level 25 starts', CLI, () => {
    const d = expectFailedWith(timedRun(dir, ['briefs/nested.md']), 'MARKDOWN_TOO_DEEP');
    // Level k is on line 7 + k; level 25's marker follows 48 spaces.
    expect([d.file, d.line, d.column]).toEqual(['briefs/nested.md', 32, 49]);
  });

  it('a 5 MB brief → FILE_TOO_LARGE, refused from its size', CLI, () => {
    const d = expectFailedWith(timedRun(dir, ['briefs/huge.md']), 'FILE_TOO_LARGE');
    expect([d.line, d.column]).toEqual([1, 1]);
    expect(d.message).toMatch(/^The file is 5\.\d MB/);
  });

  it('a binary file → FILE_BINARY at its first NUL byte', CLI, () => {
    const d = expectFailedWith(timedRun(dir, ['briefs/binary.md']), 'FILE_BINARY');
    // "\x89PNG\r\n\x1a\n\0": the NUL starts line 3.
    expect([d.line, d.column]).toEqual([3, 1]);
  });

  it('invalid UTF-8 → FILE_NOT_UTF8', CLI, () => {
    expectFailedWith(timedRun(dir, ['briefs/latin1.md']), 'FILE_NOT_UTF8');
  });

  it('an empty file → FRONT_MATTER_MISSING at 1:1', CLI, () => {
    const d = expectFailedWith(timedRun(dir, ['briefs/empty.md']), 'FRONT_MATTER_MISSING');
    expect([d.line, d.column]).toEqual([1, 1]);
  });

  it('a word at the limit and long web addresses still build', CLI, async () => {
    const run = timedRun(dir, ['briefs/ok-long.md']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.ms).toBeLessThan(HANG_GUARD_MS);
    await expectCompletePdf(path.join(dir, 'output/ok-long.pdf'));
  });

  it('all of them in one run: every bad brief fails alone, the good one is built', CLI, async () => {
    const run = timedRun(dir);
    expect(run.stderr).not.toContain('Internal error');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^1 of 7 briefs built in [\d.]+ s; 6 failed\.$/m);
    expect(run.stdout.match(/ failed: 1 problem$/gm)).toHaveLength(6);
    expect(readdirSync(path.join(dir, 'output')).filter((f) => f.endsWith('.pdf'))).toEqual(['ok-long.pdf']);
  });
});

describe('the stages, on hostile shapes', () => {
  const root = makeWorkspace();
  /** The codes and places of the diagnostics, after checking the run ended in time. */
  const check = async (text: string | Uint8Array) => {
    const started = performance.now();
    const diagnostics = await runStages(root, text);
    expect(performance.now() - started, 'hang guard').toBeLessThan(HANG_GUARD_MS);
    return diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
  };
  const T = { timeout: 30_000 };

  it.each([
    ['100,000 ">" on one line', `${'>'.repeat(100_000)} x\n`, 'MARKDOWN_TOO_DEEP 8:25'],
    ['10,000 "- " on one line', `${'- '.repeat(10_000)}x\n`, 'MARKDOWN_TOO_DEEP 8:49'],
    ['10,000 footnote definitions in one', `${'[^a]: '.repeat(10_000)}x\n`, 'MARKDOWN_TOO_DEEP 8:145'],
    ['lines indented 60 spaces', `Text.\n\n${' '.repeat(60)}x\n`, 'MARKDOWN_TOO_DEEP 10:50'],
    ['4,000 nested emphasis markers', `${'*_'.repeat(2000)}x${'_*'.repeat(2000)}\n`, 'MARKDOWN_TOO_COMPLEX 8:1'],
    ['20,000 unmatched openers', `${'*a '.repeat(20_000)}\n`, 'MARKDOWN_TOO_COMPLEX 8:1'],
    ['50,000 nested brackets', `${'['.repeat(25_000)}x${']'.repeat(25_000)}\n`, 'MARKDOWN_TOO_COMPLEX 8:1'],
  ])('%s → a clear error', T, async (_name, body, expected) => {
    expect(await check(briefText({ body }))).toEqual([expected]);
  });

  it('many paragraphs of emphasis, each under the limit, exceed the whole-brief budget', T, async () => {
    const paragraph = `${'*a* '.repeat(900)}\n\n`;
    const found = await check(briefText({ body: paragraph.repeat(20) }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^MARKDOWN_TOO_COMPLEX \d+:1$/);
  });

  it('a table of 1,001 rows and one of 31 columns → TABLE_TOO_LARGE', T, async () => {
    const rows = `| a | b |\n|---|---|\n${'| x | y |\n'.repeat(LIMITS.tableRows)}`;
    // The header is row 1 on line 8, the delimiter line 9; row 1001 is on line 1009.
    expect(await check(briefText({ body: rows }))).toEqual(['TABLE_TOO_LARGE 1009:1']);
    const wide = `${'| h '.repeat(31)}|\n${'|---'.repeat(31)}|\n${'| c '.repeat(31)}|\n`;
    expect(await check(briefText({ body: wide }))).toEqual(['TABLE_TOO_LARGE 8:1']);
  });

  it('many small block quotes are read in linear time (with the micromark patch)', T, async () => {
    // micromark copied its event list on every container it closed: quadratic
    // without patches/micromark-util-edit-map (10,000 took about 16 s). A patch
    // that no longer applies fails here rather than skipping the test.
    expect(
      editMapPatched,
      'patches/micromark-util-edit-map+1.0.0.patch is not applied to micromark-util-edit-map (run npm ci; update the patch if micromark changed)',
    ).toBe(true);
    expect(await check(briefText({ body: '> quoted\n\n'.repeat(10_000) }))).toEqual([]);
  });

  it('a long word in a front-matter value → WORD_TOO_LONG at the value', T, async () => {
    // Line 2 is "title: …": the value starts in column 8.
    expect(await check(briefText({ title: 'y'.repeat(LIMITS.wordLength + 1) }))).toEqual(['WORD_TOO_LONG 2:8']);
  });

  it('a 1,000-level nested list in the summary → MARKDOWN_TOO_DEEP at the summary', T, async () => {
    const summary = `|-\n${nestedList(1000)
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}`;
    const text = briefText({ extra: 'x: 1\n' }).replace('summary: The bottom line.', `summary: ${summary}`);
    const found = await check(text.replace('x: 1\n', ''));
    expect(found).toEqual(['MARKDOWN_TOO_DEEP 6:10']);
  });

  it.each([
    ['flow lists 10,000 deep', `keywords: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 'FRONT_MATTER_TOO_DEEP 7:'],
    [
      'block maps 500 deep',
      `${Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`,
      'FRONT_MATTER_TOO_DEEP',
    ],
    ['a list of 100,000 keywords', `keywords:\n${'  - x\n'.repeat(100_000)}`, 'FRONT_MATTER_TOO_LARGE 8:3'],
    [
      '100,000 keys in one flow map',
      `x: {${Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join(', ')}}\n`,
      'FRONT_MATTER_TOO_LARGE 7:4',
    ],
    [
      'a billion laughs',
      `${['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${`*${'abcdefg'[i]},`.repeat(9).slice(0, -1)}]`)].join('\n')}\n`,
      'FRONT_MATTER_TOO_LARGE',
    ],
    [
      '200 anchors and aliases',
      `x: [${Array.from({ length: 200 }, (_, i) => `&a${i} v`).join(', ')}]\ny: [${Array.from({ length: 200 }, (_, i) => `*a${i}`).join(', ')}]\n`,
      'FRONT_MATTER_TOO_LARGE 8:',
    ],
    [
      'aliases expanding 9⁵ times',
      `${['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcde'.split('').map((c, i) => `${c}: &${c} [${`*${'abcde'[i]},`.repeat(9).slice(0, -1)}]`)].join('\n')}\nkeywords: *e\n`,
      'FRONT_MATTER_TOO_LARGE 2:1',
    ],
  ])('front matter: %s → a clear error', T, async (_name, extra, expected) => {
    const found = await check(briefText({ extra }));
    expect(found.length, found.join('; ')).toBeGreaterThanOrEqual(1);
    expect(found[0].startsWith(expected), found.join('; ')).toBe(true);
  });
});
