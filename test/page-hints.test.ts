/**
 * Page numbers from the last build (src/pdf/render.ts): a brief whose
 * contents print page numbers starts from the numbers its last build
 * settled on, so an edit that moves no heading is laid out once, and the
 * PDF is byte-identical to a build from scratch whatever the numbers kept.
 * A brief drawn again exactly as before is not laid out at all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../src/pdf/render.ts';
import { documentOf, makeWorkspace, projectContext, repoRoot, runCli } from './helpers.ts';
import { tempFolder } from './temp.ts';

const sample = 'briefs/russia-china-joint-statement.md';
const original = readFileSync(path.join(repoRoot, sample), 'utf8').replace(/^---\n/, '---\ntoc: true\n');
const lengthened = original.replace(/\n## /, `\n${'A sentence that fills the page with words. '.repeat(90)}\n\n## `);
const versions = {
  original,
  // A word changed: no heading moves.
  reworded: original.replace('The commentary', 'This commentary'),
  // A page of text before the first heading: every heading moves on.
  lengthened,
  lengthenedReworded: lengthened.replace('The commentary', 'This commentary'),
  rewordedAgain: original.replace('The commentary', 'That commentary'),
};
const SOURCE_DATE_EPOCH = '1617000000';

describe('page numbers from the last build', () => {
  it('lay out an edit that moves no heading once, and never change the bytes', async () => {
    const dir = makeWorkspace({ [sample]: versions.original });
    const file = path.join(dir, sample);
    // The reference: each version built by a fresh process into an empty output folder, with no numbers kept.
    const fresh = Object.fromEntries(
      Object.entries(versions).map(([name, text]) => {
        writeFileSync(file, text);
        const out = tempFolder('briefing-fresh-');
        const run = runCli(dir, ['--force', '--out', out, sample], { SOURCE_DATE_EPOCH });
        expect(run.code, run.stderr).toBe(0);
        return [name, readFileSync(path.join(out, 'russia-china-joint-statement.pdf'))];
      }),
    );

    const context = await projectContext(dir, { sourceDateEpoch: Number(SOURCE_DATE_EPOCH) });
    const hints = { dir: tempFolder('briefing-hints-'), key: sample };
    /** Checks the brief as the build does, then lays it out with the numbers kept in `hints`. */
    const draw = async (text: string) => {
      writeFileSync(file, text);
      return renderPdf(await documentOf(file, context, new Date(Number(SOURCE_DATE_EPOCH) * 1000)), hints);
    };

    const steps: [keyof typeof versions, number][] = [
      ['original', 2], // nothing kept yet: the contents need a second pass
      ['reworded', 1], // the numbers still hold
      ['lengthened', 2], // they do not: the pass finds the new ones, a second prints them
      ['lengthenedReworded', 1],
      ['reworded', 0], // drawn before exactly so: the drawing is kept, and the numbers kept become its own again
      ['rewordedAgain', 1],
    ];
    for (const [name, passes] of steps) {
      const result = await draw(versions[name]);
      expect(result.passes, name).toBe(passes);
      expect(Buffer.from(result.pdf).equals(fresh[name]), name).toBe(true);
    }
  }, 120_000);
});
