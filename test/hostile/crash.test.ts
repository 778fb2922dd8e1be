import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, type Finished, makeWorkspace, runCli, startCli, writeFile } from '../helpers.ts';
import { expectCompletePdf, expectFailedWith, timedRun } from './helpers.ts';

/**
 * Nothing lost: builds really killed (SIGKILL) at several moments and really
 * run at the same time never leave a truncated PDF at a final path, never
 * remove an earlier good one, and the next build clears what a killed one
 * left behind. An output folder that cannot be written is a clear error.
 */

const SLOW = { timeout: 180_000 };

/** A brief of a few pages, so that a build is still running when it is killed. */
const longBrief = (title: string) =>
  briefText({
    title,
    body: Array.from(
      { length: 40 },
      (_, i) =>
        `## Section ${i + 1}\n\nSome **analysis** of point ${i + 1}, with a note.[^n${i}]\n\n[^n${i}]: Note ${i}.\n`,
    ).join('\n'),
  });

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

function workspace(brief = longBrief): string {
  return makeWorkspace(Object.fromEntries(NAMES.map((n) => [`briefs/${n}.md`, brief(`Brief ${n}`)])));
}

/** Every file under the output folder (the cache included), relative to it. */
function outputFiles(dir: string): string[] {
  const out = path.join(dir, 'output');
  if (!existsSync(out)) return [];
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(out, path.join(e.parentPath, e.name)));
}

/** The final PDFs (not the cache's copies) are all complete. */
async function expectFinalPdfsComplete(dir: string): Promise<string[]> {
  const pdfs = outputFiles(dir).filter((f) => f.endsWith('.pdf') && !f.startsWith('.cache'));
  for (const pdf of pdfs) await expectCompletePdf(path.join(dir, 'output', pdf));
  return pdfs;
}

/** A process id that does not run now: what a killed build's temporary file is named after. */
function deadPid(): number {
  for (let pid = 4_194_000; pid > 1000; pid -= 7) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
  throw new Error('no free process id found');
}

describe('killed builds', () => {
  it(
    'SIGKILL at any moment leaves only complete PDFs, keeps the earlier good one, and the next build cleans up',
    SLOW,
    async () => {
      const dir = workspace();
      const first = runCli(dir);
      expect(first.code, first.stderr).toBe(0);
      const alpha = path.join(dir, 'output/alpha.pdf');
      await expectCompletePdf(alpha);

      // New content everywhere, so every build rewrites every PDF.
      for (const name of NAMES) writeFile(dir, `briefs/${name}.md`, longBrief(`Brief ${name}, revised`));
      const endings: string[] = [];
      for (const delay of [100, 300, 600, 900, 1200, 1600, 2200]) {
        const child = startCli(dir, ['--force', '--jobs', '2']);
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        const done: Finished = await child.done;
        clearTimeout(timer);
        endings.push(done.signal ?? `exit ${done.code}`);
        expect(done.stderr, `killed after ${delay} ms`).not.toContain('Internal error');
        const pdfs = await expectFinalPdfsComplete(dir);
        expect(pdfs, `the earlier good PDF is still there after a kill at ${delay} ms`).toContain('alpha.pdf');
      }
      // At least the early kills happened mid-build (later ones may find the build done).
      expect(endings.slice(0, 2)).toEqual(['SIGKILL', 'SIGKILL']);

      // What a build killed mid-write leaves: temporary files of a process that is gone.
      const pid = deadPid();
      const stale = [`output/alpha.pdf.${pid}.0badf00d.tmp`, `output/.cache/pdf/ab/${'a'.repeat(64)}.pdf.${pid}.tmp`];
      const past = new Date(Date.now() - 60_000);
      for (const file of stale) {
        writeFile(dir, file, '%PDF-1.3 truncated');
        utimesSync(path.join(dir, file), past, past);
      }
      const next = runCli(dir);
      expect(next.code, next.stderr).toBe(0);
      await expectFinalPdfsComplete(dir);
      expect(outputFiles(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // The new content is there.
      expect(readFileSync(alpha).length).toBeGreaterThan(1000);
    },
  );
});

describe('builds at the same time', () => {
  it('two builds of the same briefs both finish with exit 0 and valid output', SLOW, async () => {
    const dir = workspace((title) => briefText({ title }));
    const [a, b] = await Promise.all([startCli(dir, ['--force']).done, startCli(dir, ['--force']).done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect((await expectFinalPdfsComplete(dir)).sort()).toEqual(NAMES.map((n) => `${n}.pdf`));
    expect(outputFiles(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // And two that use the cache (one may restore what the other stores).
    writeFile(dir, 'briefs/alpha.md', briefText({ title: 'Alpha, once more' }));
    const [c, d] = await Promise.all([startCli(dir).done, startCli(dir).done]);
    expect(c.code, c.stderr).toBe(0);
    expect(d.code, d.stderr).toBe(0);
    await expectFinalPdfsComplete(dir);
    expect(outputFiles(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('an output folder that cannot be written', () => {
  it.each([
    ['a folder under a regular file', 'some-file/out', '(ENOTDIR)'],
    ['a folder /proc refuses to create', '/proc/briefing-test', '(ENOENT)'],
  ])('%s → OUTPUT_NOT_WRITABLE naming the path and the reason, exit 1', SLOW, (_name, out, reason) => {
    if (out.startsWith('/proc') && !existsSync('/proc/self')) return;
    const dir = makeWorkspace({ 'briefs/memo.md': briefText(), 'some-file': 'not a folder' });
    const d = expectFailedWith(timedRun(dir, ['--out', out]), 'OUTPUT_NOT_WRITABLE');
    expect(d.message).toContain(out.startsWith('/') ? out : path.normalize(out));
    expect(d.message).toContain(reason);
  });

  it('a cache that cannot be written does not fail the build: the PDF is still written', SLOW, async () => {
    // output/.cache is a file: neither the build cache nor the page-number hints can be stored.
    const dir = makeWorkspace({ 'briefs/memo.md': longBrief('Cached'), 'output/.cache': 'not a folder' });
    const run = timedRun(dir);
    expect(run.stderr).not.toContain('Internal error');
    expect(run.code, run.stderr).toBe(0);
    await expectCompletePdf(path.join(dir, 'output/memo.pdf'));
  });
});
