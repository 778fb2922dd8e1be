import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { briefText, commitAll, makeWorkspace, runCli, writeFile } from './helpers.ts';

/** The targets of the contents' links, in order (named destinations of the link annotations on page 1). */
async function contentsTargets(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const annotations = await (await doc.getPage(1)).getAnnotations();
  await doc.destroy();
  return annotations.flatMap((a) => (a.subtype === 'Link' && typeof a.dest === 'string' ? [a.dest] : []));
}

describe('heading ids', () => {
  it('are GitHub’s, so links that work on GitHub work in the PDF; the contents link to sections, not to quoted headings', async () => {
    const body = [
      '> ## Intro',
      '>',
      '> A quoted heading.',
      '',
      '## Intro',
      '',
      'See [the talks](#uschina-talks) and [the intro](#intro-1).',
      '',
      '## U.S.–China talks',
      '',
      'Text.',
      '',
    ].join('\n');
    const dir = makeWorkspace({ 'briefs/x.md': briefText({ extra: 'toc: true\n', body }) });
    const run = runCli(dir, ['briefs/x.md']);
    expect(run.code, run.stderr).toBe(0);
    const targets = await contentsTargets(readFileSync(path.join(dir, 'output/x.pdf')));
    expect(targets.slice(0, 2)).toEqual(['intro-1', 'uschina-talks']);

    writeFile(dir, 'briefs/x.md', briefText({ body: `${body}\n[gone](#u-s-china-talks)\n` }));
    const bad = runCli(dir, ['briefs/x.md']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[LINK_ANCHOR_UNKNOWN]');
    expect(bad.stderr).toContain('uschina-talks');
  }, 60_000);

  it('keep added and changed headings in a redline’s contents', async () => {
    const before = '## Background\n\nText.\n\n## Outlook\n\nMore.\n';
    const dir = makeWorkspace({ 'briefs/x.md': briefText({ extra: 'toc: true\n', body: before }) });
    commitAll(dir);
    const after = '## Background and context\n\nText.\n\n## Options\n\nNew.\n\n## Outlook\n\nMore.\n';
    writeFile(dir, 'briefs/x.md', briefText({ extra: 'toc: true\n', body: after }));
    const run = runCli(dir, ['--compare', 'HEAD', 'briefs/x.md']);
    expect(run.code, run.stderr).toBe(0);
    const doc = await getDocument({
      data: new Uint8Array(readFileSync(path.join(dir, 'output/x.changes-since-HEAD.pdf'))),
      verbosity: 0,
    }).promise;
    const targets: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      for (const a of await (await doc.getPage(n)).getAnnotations()) {
        if (a.subtype === 'Link' && typeof a.dest === 'string') targets.push(a.dest);
      }
    }
    await doc.destroy();
    expect(targets).toEqual(expect.arrayContaining(['background-and-context', 'options', 'outlook']));
  }, 60_000);
});
