/**
 * A brief's PDF depends on its inputs only. Built alone in a fresh process,
 * in a batch in one process, in worker threads, or after any other briefs in
 * a warm process, it must be byte-identical. The reference is always a fresh
 * process per brief, so state kept across briefs (text layouts, glyphs,
 * fonts) cannot hide in it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import pMap from 'p-map';
import { describe, expect, it } from 'vitest';
import { buildBrief } from '../src/build.ts';
import { plainTemplate, writeCorpus } from './corpus.ts';
import { briefText, cli, makeWorkspace, projectContext, runCli, writeFile } from './helpers.ts';
import { unembeddedFonts } from './pdf.ts';
import { tempFolder } from './temp.ts';

const env = { SOURCE_DATE_EPOCH: '1617000000' };

/** `briefs/x/y.md` → `x/y.pdf`: where a build into some folder puts the brief's PDF. */
const pdfName = (file: string) => path.relative('briefs', file).replace(/\.md$/, '.pdf');

/** Each brief built alone, each in a fresh process: its PDF, or undefined when it does not build. */
async function builtAlone(dir: string, files: string[]): Promise<Map<string, Buffer | undefined>> {
  const built = await pMap(
    files,
    async (file, i) => {
      const out = `alone/${i}`;
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [cli, '--jobs', '1', '--out', out, file], {
          cwd: dir,
          stdio: 'ignore',
          env: { ...process.env, BRIEFING_NO_SERVER: '1', ...env },
        });
        child.on('error', reject);
        child.on('close', resolve);
      });
      // 1: the brief has problems of its own; anything else is the tool failing.
      if (code !== 0 && code !== 1) throw new Error(`${file} alone: exit code ${code}`);
      const pdf = path.join(dir, out, pdfName(file));
      return [file, existsSync(pdf) ? readFileSync(pdf) : undefined] as const;
    },
    { concurrency: availableParallelism() },
  );
  return new Map(built);
}

/** The briefs whose PDF in `out` is not their PDF built alone (or exists when that failed, or the reverse). */
function differences(dir: string, out: string, alone: Map<string, Buffer | undefined>): string[] {
  return [...alone].flatMap(([file, expected]) => {
    const pdf = path.join(dir, out, pdfName(file));
    const actual = existsSync(pdf) ? readFileSync(pdf) : undefined;
    const same = expected === undefined ? actual === undefined : actual?.equals(expected);
    return same ? [] : [file];
  });
}

describe('a brief built after other briefs', () => {
  it('keeps its list numbers after a brief with a colon (PT Serif draws the colon from full stops)', async () => {
    const plain = 'template: plain\n';
    const dir = makeWorkspace({
      'briefs/rep/a.md': briefText({ extra: plain, body: 'Foo\n[bar]: /baz\n\n[bar]\n' }),
      'briefs/rep/b.md': briefText({ extra: plain, body: '1. a\n\n  2. b\n\n    3. c\n' }),
    });
    writeFile(dir, 'templates/plain.hbs', plainTemplate);
    const alone = await builtAlone(dir, ['briefs/rep/a.md', 'briefs/rep/b.md']);
    const batch = runCli(dir, ['--jobs', '1', '--out', 'batch', 'briefs/rep'], env);
    expect(batch.code, batch.stderr).toBe(0);
    expect(differences(dir, 'batch', alone)).toEqual([]);
  }, 60_000);

  it('is byte-identical to the brief built alone, over the CommonMark examples, the sample and the showcase, in any order, in one process or two workers', async () => {
    const dir = makeWorkspace();
    const files = writeCorpus(dir);
    const alone = await builtAlone(dir, files);
    // Most examples are printable; the rest fail with their own problems, alone as in a batch.
    expect([...alone.values()].filter(Boolean).length).toBeGreaterThan(500);

    // No printed brief may leave a character to a font the PDF does not carry.
    const unembedded = (
      await pMap(alone, async ([file, pdf]) =>
        pdf ? (await unembeddedFonts(pdf)).map((font) => `${file}: ${font}`) : [],
      )
    ).flat();
    expect(unembedded).toEqual([]);

    // The command line: sorted order, in this thread and in two workers.
    for (const jobs of ['1', '2']) {
      const batch = runCli(dir, ['--jobs', jobs, '--out', `batch-${jobs}`, 'briefs'], env);
      expect(batch.code, batch.stderr.slice(-2000)).toBe(1);
      expect(differences(dir, `batch-${jobs}`, alone), `--jobs ${jobs}`).toEqual([]);
    }

    // A warm process: other orders, each after everything built before it.
    const context = await projectContext(dir, { sourceDateEpoch: Number(env.SOURCE_DATE_EPOCH) });
    const [shuffled] = fc.sample(fc.shuffledSubarray(files, { minLength: files.length }), { seed: 2021, numRuns: 1 });
    for (const [name, order] of Object.entries({ reversed: [...files].reverse(), shuffled })) {
      for (const file of order) await buildBrief(path.join(dir, file), { ...context, outDir: path.join(dir, name) });
      expect(differences(dir, name, alone), name).toEqual([]);
    }

    // The warm build process (src/cli/server.ts): one command per brief, a tenth of them, in shuffled order.
    const server = {
      ...env,
      BRIEFING_NO_SERVER: '',
      CI: '',
      BRIEFING_SERVER_DIR: tempFolder('briefing-sockets-'),
      BRIEFING_SERVER_IDLE: '300',
    };
    const some = shuffled.filter((_, i) => i % 10 === 0);
    try {
      for (const file of some) runCli(dir, ['--out', 'served', file], server);
    } finally {
      runCli(dir, ['--stop-server'], server);
    }
    const served = new Map(some.map((file) => [file, alone.get(file)]));
    expect(differences(dir, 'served', served), 'through the warm build process').toEqual([]);
  }, 900_000);
});
