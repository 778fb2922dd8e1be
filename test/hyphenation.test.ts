/**
 * Headings and bold run-in labels are never hyphenated; body text still is.
 * Words are long enough that hyphenating them gives a better fit, so the test
 * fails when the rule is lost (a line ends in a piece of one of their words).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli } from './helpers.ts';
import { readPdf } from './pdf.ts';

const HEADING = 'Counterrevolutionary internationalisation disproportionately characterises';
const LABEL = 'Uncharacteristically incomprehensible telecommunications misunderstandings';
const BODY = 'Intergovernmental considerations notwithstanding, extraordinarily comprehensive multilateralism';

describe('hyphenation', () => {
  it('never breaks a word of a heading or a run-in label, and still breaks body text', async () => {
    const body = [
      `## ${HEADING} ${HEADING}`,
      `**${LABEL} ${LABEL}.** ${BODY}.`,
      `**Disapprove.** ${BODY} ${BODY}.`,
      `${BODY} ${BODY} ${BODY}.`,
    ].join('\n\n');
    const dir = makeWorkspace({ 'briefs/h.md': briefText({ body: `${body}\n` }) });
    const run = runCli(dir, ['briefs/h.md']);
    expect(run.code, run.stderr).toBe(0);
    const { text } = await readPdf(readFileSync(path.join(dir, 'output/h.pdf')));
    // The first part of each word broken at a line end.
    const pieces = [...text.matchAll(/(\p{L}+)-\n/gu)].map((m) => m[1].toLowerCase());
    const brokenIn = (phrase: string) =>
      phrase
        .toLowerCase()
        .split(/\W+/)
        .filter((word) => pieces.some((piece) => word.startsWith(piece) && word !== piece));
    expect(brokenIn(`${HEADING} ${LABEL} disapprove`), text).toEqual([]);
    // Body text keeps hyphenating where that fits better: the rule is narrow, not off.
    expect(brokenIn(BODY).length, text).toBeGreaterThan(0);
  }, 60_000);
});
