import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPathFor } from '../../src/platform/files.ts';
import { briefText, makeWorkspace, writeFile } from '../helpers.ts';
import { tempFolder } from '../temp.ts';
import { PNG_1X1 } from '../unit/fixtures.ts';
import { expectCompletePdf, reported, runStages, timedRun } from './helpers.ts';

/**
 * Nothing in a brief reaches outside the repository: images, logos and links
 * to other briefs resolve inside it (after symbolic links), nothing is
 * fetched, and no brief's name writes outside the output folder.
 * In briefText() the body starts on line 8.
 */

/** A folder outside the workspace with a readable "secret" in it. */
function outsideFiles(): string {
  const dir = tempFolder('briefing-outside-');
  writeFileSync(path.join(dir, 'secret.png'), PNG_1X1);
  writeFileSync(path.join(dir, 'secret.md'), briefText({ title: 'Secret' }));
  return dir;
}

const T = { timeout: 30_000 };

describe('images and logos', () => {
  const outside = outsideFiles();
  const root = makeWorkspace();
  writeFile(root, 'briefs/img/ok.png', PNG_1X1);
  symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'briefs/img/link-out.png'));
  symlinkSync(outside, path.join(root, 'briefs/img/dir-out'));
  writeFile(
    root,
    'briefs/img/external.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="file:///etc/passwd" width="1" height="1"/></svg>',
  );
  writeFile(
    root,
    'briefs/img/script.svg',
    '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("https://example.com")</script><rect width="1" height="1"/></svg>',
  );
  writeFile(
    root,
    'briefs/img/use.svg',
    '<svg xmlns="http://www.w3.org/2000/svg"><use href = "other.svg#x"/><rect width="1" height="1"/></svg>',
  );
  writeFile(
    root,
    'briefs/img/css.svg',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://example.com/p.svg#g)" width="1" height="1"/></svg>',
  );
  writeFile(
    root,
    'briefs/img/entity.svg',
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
  );
  writeFile(
    root,
    'briefs/img/fine.svg',
    '<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="1" height="1"/><use href="#g"/></svg>',
  );
  const huge = Buffer.from(PNG_1X1);
  huge.writeUInt32BE(100_000, 16);
  huge.writeUInt32BE(100_000, 20);
  writeFile(root, 'briefs/img/huge.png', huge);

  it.each([
    ['a ../ path out of the repository', '../../../../../../etc/passwd', 'is outside the repository'],
    ['a ../ path to a file outside', `../..${outside}/secret.png`, 'is outside the repository'],
    ['an absolute path', path.join(outside, 'secret.png'), 'is absolute'],
    ['a symbolic link to a file outside', 'img/link-out.png', 'is outside the repository'],
    ['a path through a symbolic link to a folder outside', 'img/dir-out/secret.png', 'is outside the repository'],
    ['a file: URL', 'file:///etc/passwd', 'is not a local file'],
    ['an http: URL', 'http://example.com/a.png', 'is not a local file'],
    ['a protocol-relative URL', '//example.com/a.png', 'is not a local file'],
    ['a data: URL', 'data:image/png;base64,iVBORw0KGgo=', 'is not a local file'],
    ['an SVG with an external image', 'img/external.svg', 'refers to other files or scripts'],
    ['an SVG with a script', 'img/script.svg', 'refers to other files or scripts'],
    ['an SVG that uses another file', 'img/use.svg', 'refers to other files or scripts'],
    ['an SVG with a remote url() in a style', 'img/css.svg', 'refers to other files or scripts'],
    ['an SVG declaring an external entity', 'img/entity.svg', 'refers to other files or scripts'],
  ])('%s → IMAGE_INVALID, nothing read or fetched', T, async (_name, url, message) => {
    const diagnostics = await runStages(root, briefText({ body: `Text.\n\n![x](<${url}>)\n` }));
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['IMAGE_INVALID 10:1']);
    expect(diagnostics[0].message).toContain(message);
    // The message never shows what is outside: no file contents, and no path resolved out of the repository.
    expect(diagnostics[0].hint ?? '').not.toContain(outside);
  });

  it('a self-contained SVG with internal references is accepted', T, async () => {
    expect(await runStages(root, briefText({ body: 'Text.\n\n![x](img/fine.svg)\n' }))).toEqual([]);
  });

  it('a PNG of 10,000 megapixels → IMAGE_TOO_LARGE before it is decoded', T, async () => {
    const diagnostics = await runStages(root, briefText({ body: 'Text.\n\n![x](img/huge.png)\n' }));
    expect(diagnostics.map((d) => d.code)).toEqual(['IMAGE_TOO_LARGE']);
  });

  it('a logo outside the repository → IMAGE_INVALID at the logo key', T, async () => {
    // Line 7 is "logo: …": the value starts in column 7.
    const diagnostics = await runStages(root, briefText({ extra: 'logo: img/link-out.png\n' }));
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['IMAGE_INVALID 7:7']);
  });
});

describe('links to other briefs', () => {
  const outside = outsideFiles();
  const root = makeWorkspace({ 'briefs/other.md': briefText({ title: 'Other' }) });
  symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'briefs/link-out.md'));
  symlinkSync(path.join(outside, 'missing.md'), path.join(root, 'briefs/dangling.md'));
  const up = path.relative(path.join(root, 'briefs'), outside);
  const codes = async (url: string) =>
    (await runStages(root, briefText({ body: `See [it](${url}).\n` }))).map((d) => `${d.code} ${d.line}:${d.column}`);

  it('a link inside the repository is accepted', T, async () => {
    expect(await codes('other.md')).toEqual([]);
  });

  it('a ../ link out of the repository → LINK_OUTSIDE_REPOSITORY, whether or not the file exists', T, async () => {
    expect(await codes(`${up}/secret.md`)).toEqual(['LINK_OUTSIDE_REPOSITORY 8:5']);
    expect(await codes(`${up}/nothing-here.md`)).toEqual(['LINK_OUTSIDE_REPOSITORY 8:5']);
    expect(await codes('%2e%2e/%2e%2e/%2e%2e/etc/x.md')).toEqual(['LINK_OUTSIDE_REPOSITORY 8:5']);
  });

  it('a symbolic link out of the repository reads as missing, whether or not its target exists', T, async () => {
    const existing = await runStages(root, briefText({ body: 'See [it](link-out.md).\n' }));
    const dangling = await runStages(root, briefText({ body: 'See [it](dangling.md).\n' }));
    expect(existing.map((d) => d.code)).toEqual(['LINK_BRIEF_MISSING']);
    // The same message either way: the build tells nothing about files outside.
    expect(dangling.map((d) => d.message)).toEqual(existing.map((d) => d.message.replace('link-out', 'dangling')));
  });
});

describe('output paths', () => {
  it('outputPathFor never leaves the output folder, and never writes into its cache', () => {
    const root = path.resolve('/repo');
    const briefs = path.join(root, 'briefs');
    const out = path.join(root, 'output');
    const cases: [string, string][] = [
      [path.join(briefs, '..md'), '..pdf'],
      [path.join(briefs, '...md'), '...pdf'],
      [`${briefs}/../x.md`, 'x.pdf'],
      [path.join(root, 'elsewhere', 'y.md'), 'y.pdf'],
      ['/x.md', 'x.pdf'],
      [path.join(briefs, '..', '..', '..', 'etc', 'z.md'), 'z.pdf'],
      [path.join(briefs, '.cache', 'pdf', 'ab', 'key.md'), path.join('_.cache', 'pdf', 'ab', 'key.pdf')],
      [path.join(briefs, '.CACHE', 'x.md'), path.join('_.CACHE', 'x.pdf')],
    ];
    for (const [brief, expected] of cases) {
      const result = outputPathFor(brief, briefs, out);
      expect(result, brief).toBe(path.join(out, expected));
      const relative = path.relative(out, result);
      expect(relative === '..' || relative.startsWith(`..${path.sep}`), brief).toBe(false);
    }
  });

  it('the command writes every brief, whatever its name or place, inside --out', { timeout: 60_000 }, async () => {
    const dir = makeWorkspace({
      'briefs/..md': briefText({ title: 'Dots' }),
      'drafts/outside.md': briefText({ title: 'Outside briefs/' }),
      'x.md': briefText({ title: 'At the root' }),
      'briefs/.cache/pdf/ab/evil.md': briefText({ title: 'Cache poisoning' }),
    });
    const run = timedRun(dir, ['briefs/..md', 'briefs/../x.md', 'drafts/outside.md', 'briefs/.cache', '--out', 'dist']);
    expect(run.code, run.stderr).toBe(0);
    expect(reported(run.stderr)).toEqual([]);
    await expectCompletePdf(path.join(dir, 'dist/..pdf'));
    await expectCompletePdf(path.join(dir, 'dist/x.pdf'));
    await expectCompletePdf(path.join(dir, 'dist/outside.pdf'));
    await expectCompletePdf(path.join(dir, 'dist/_.cache/pdf/ab/evil.pdf'));
    expect(existsSync(path.join(dir, 'dist/.cache/pdf/ab/evil.pdf'))).toBe(false);
    // Nothing was written beside the workspace's folders.
    expect(readdirSync(dir).sort()).toEqual(['briefs', 'dist', 'drafts', 'sources', 'templates', 'x.md']);
  });
});

describe('templates', () => {
  it('a template or partial that is a symbolic link out of the repository is never read', { timeout: 60_000 }, () => {
    const outside = outsideFiles();
    writeFileSync(path.join(outside, 'steal.hbs'), 'SECRET-TEMPLATE-TEXT {{{body}}}\n');
    const dir = makeWorkspace({
      'briefs/good.md': briefText(),
      'briefs/bad.md': briefText({ extra: 'template: stolen\n' }),
    });
    symlinkSync(path.join(outside, 'steal.hbs'), path.join(dir, 'templates/stolen.hbs'));
    // JSON: the diagnostics alone, without code frames (the text format's
    // frame reads the file it points at; see the report.ts change in SECURITY.md).
    const run = timedRun(dir, ['--format', 'json']);
    expect(run.code, run.stderr).toBe(1);
    expect(existsSync(path.join(dir, 'output/good.pdf'))).toBe(true);
    const diagnostics = JSON.parse(run.stdout) as { code: string; file: string; line: number; column: number }[];
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'TEMPLATE_OUTSIDE_REPOSITORY',
        file: 'templates/stolen.hbs',
        line: 1,
        column: 1,
      }),
    ]);
    expect(run.stdout + run.stderr).not.toContain('SECRET-TEMPLATE-TEXT');
    expect(existsSync(path.join(dir, 'output/bad.pdf'))).toBe(false);
  });
});

describe('briefs', () => {
  it('a brief that is a symbolic link out of the repository is never read', { timeout: 60_000 }, () => {
    const outside = outsideFiles();
    writeFileSync(path.join(outside, 'secret.md'), briefText({ body: 'SECRET-BRIEF-TEXT <b>html</b>\n' }));
    const dir = makeWorkspace({ 'briefs/good.md': briefText() });
    symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'briefs/linked.md'));
    // Named on the command line: a folder scan lists regular files only.
    for (const format of ['text', 'json']) {
      const run = timedRun(dir, ['--format', format, 'briefs/good.md', 'briefs/linked.md']);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout + run.stderr).toContain('FILE_OUTSIDE_REPOSITORY');
      expect(run.stdout + run.stderr).not.toContain('SECRET-BRIEF-TEXT');
    }
    expect(existsSync(path.join(dir, 'output/good.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'output/linked.pdf'))).toBe(false);
  });
});
