/**
 * A memo's attachments: tabs after it, each behind a divider page, each
 * keeping its own banners; the memo's banner the highest of all; bookmarked,
 * stamped "Tab A, page 2", tagged as one document. Built by the real command.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli, writeFile } from './helpers.ts';
import { readPdf } from './pdf.ts';
import { readStructure, structureProblems } from './structure.ts';

/** A two-page PDF from elsewhere, untagged. */
async function outsidePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2]) doc.addPage().drawText(`Schedule page ${n}`, { x: 72, y: 700, font, size: 12 });
  return doc.save();
}

const MEMO = `memoType: decision
attachments:
  - title: Key dates
    brief: key-dates.md
  - title: The schedule
    file: ../files/schedule.pdf
`;

async function workspace(memoExtra = MEMO) {
  const dir = makeWorkspace({
    'briefs/memo.md': briefText({ title: 'The memo', extra: memoExtra, body: '## Background\n\nThe memo.\n' }),
    'briefs/key-dates.md': briefText({
      title: 'Key dates',
      extra: 'classification: CONFIDENTIAL\nportionMarks: true\n',
      body: '## Dates\n\nMarch 18 and March 23.\n',
    }),
  });
  writeFile(dir, 'files/schedule.pdf', await outsidePdf());
  return dir;
}

describe('attachments', () => {
  it('binds each tab behind its divider, with its own banners, stamps and bookmarks; the memo takes the highest banner', async () => {
    const dir = await workspace();
    const run = runCli(dir, ['briefs/memo.md']);
    expect(run.code, run.stderr).toBe(0);
    const bytes = readFileSync(path.join(dir, 'output/memo.pdf'));
    const pdf = await readPdf(bytes);
    const lines = pdf.pages.map((page) => page.split('\n'));
    // Memo (1 page), divider A, Key dates (1 page), divider B, the schedule (2 pages).
    expect(pdf.numPages).toBe(6);
    expect(run.stdout).toContain('(6 pages');
    // The memo is UNCLASSIFIED, an attachment CONFIDENTIAL: the memo's banner is the highest.
    expect(lines[0].filter((l) => l === 'CONFIDENTIAL')).toHaveLength(2);
    expect(pdf.pages[0]).toContain('Attachments');
    expect(pdf.pages[0]).toContain('Tab A: Key dates');
    expect(lines[1]).toEqual(expect.arrayContaining(['TAB A', 'Key dates', 'CONFIDENTIAL']));
    expect(pdf.pages[2]).toContain('(C) March 18 and March 23.');
    expect(lines[2]).toContain('Tab A, page 1');
    expect(lines[3]).toEqual(expect.arrayContaining(['TAB B', 'The schedule', 'UNCLASSIFIED']));
    expect(lines[4]).toEqual(expect.arrayContaining(['Schedule page 1', 'Tab B, page 1']));
    expect(lines[5]).toEqual(expect.arrayContaining(['Schedule page 2', 'Tab B, page 2']));
    expect(pdf.outline.map((item) => item.title)).toEqual(['The memo', 'Tab A: Key dates', 'Tab B: The schedule']);
    expect(pdf.outline[1].items.map((item) => item.title)).toEqual(['Key dates']);
    expect(structureProblems(await readStructure(bytes))).toEqual([]);
  }, 90_000);

  it('is held back when an attachment is above the release level, and rebuilt when an attachment changes', async () => {
    const dir = await workspace();
    const held = runCli(dir, ['--release-level', 'UNCLASSIFIED', 'briefs/memo.md']);
    expect(held.stdout).toContain(
      'briefs/memo.md held back: its classification CONFIDENTIAL is above the release level UNCLASSIFIED',
    );
    expect(runCli(dir, ['briefs/memo.md']).code).toBe(0);
    expect(runCli(dir, ['briefs/memo.md']).stdout).toContain('unchanged');
    writeFile(dir, 'files/schedule.pdf', await outsidePdf().then((b) => new Uint8Array([...b, 10])));
    expect(runCli(dir, ['briefs/memo.md']).stdout).not.toContain('unchanged');
  }, 90_000);

  it('refuses what it cannot carry, at the attachment, and reports an attached brief’s own problems', async () => {
    const dir = await workspace(`attachments:
  - title: Outside
    file: ../../outside.pdf
  - title: Not a PDF
    file: key-dates.md
  - title: Broken
    brief: broken.md
  - title: Nested
    brief: nested.md
`);
    writeFile(dir, 'briefs/broken.md', briefText({ extra: 'paper: Legal\n' }));
    writeFile(
      dir,
      'briefs/nested.md',
      briefText({ extra: 'attachments:\n  - title: Again\n    brief: key-dates.md\n' }),
    );
    const run = runCli(dir, ['briefs/memo.md']);
    expect(run.code).toBe(1);
    const places = [...run.stderr.matchAll(/^(\S+:\d+:\d+): error: .*\[(\w+)\]$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(places).toEqual([
      'briefs/broken.md:7:8 FRONT_MATTER_INVALID',
      'briefs/memo.md:9:11 ATTACHMENT_INVALID',
      'briefs/memo.md:11:11 ATTACHMENT_INVALID',
      'briefs/memo.md:13:12 ATTACHMENT_INVALID',
      'briefs/memo.md:15:12 ATTACHMENT_INVALID',
    ]);
    expect(run.stderr).toContain('tabs are not nested');
  }, 90_000);
});
