/**
 * Marking schemes as data: the US scheme (built in, the default), the UK's
 * (built in), and a project's own (templates/markings/think-tank.yaml, as in
 * this repository). Banners, portion marks, the release guard, the index page
 * and the administrative line follow the brief's scheme; problems are placed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { administrativeLine } from '../src/markings/administrative.ts';
import { BUILTIN_SCHEMES, highest, holdBack, markingOf } from '../src/markings/marking.ts';
import { briefText, makeWorkspace, runCli, writeFile } from './helpers.ts';
import { readPdf } from './pdf.ts';

const reported = (stderr: string) =>
  [...stderr.matchAll(/^(\S+:\d+:\d+): error: .*\[(\w+)\]$/gm)].map((m) => `${m[1]} ${m[2]}`);

const marking = (scheme: string, level: string) => {
  const s = BUILTIN_SCHEMES.get(scheme);
  const l = s?.levels.find((x) => x.name === level);
  if (!s || !l) throw new Error(`no ${scheme} ${level}`);
  return markingOf(s, l);
};

describe('marking schemes', () => {
  it('prints banners and portion marks of the UK scheme and of a project scheme', async () => {
    const dir = makeWorkspace({
      'briefs/uk.md': briefText({ extra: 'markings: uk\nclassification: OFFICIAL-SENSITIVE\nportionMarks: true\n' }),
      'briefs/institute.md': briefText({
        extra: 'markings: think-tank\nclassification: INTERNAL\nportionMarks: true\n',
      }),
      'briefs/us.md': briefText({ extra: 'portionMarks: true\n' }),
    });
    const run = runCli(dir);
    expect(run.code, run.stderr).toBe(0);
    const text = async (name: string) => (await readPdf(readFileSync(path.join(dir, `output/${name}.pdf`)))).text;
    const uk = await text('uk');
    expect(uk.match(/^OFFICIAL-SENSITIVE$/gm)).toHaveLength(2);
    expect(uk).toContain('(OS) Some body text.');
    const institute = await text('institute');
    expect(institute.match(/^INTERNAL$/gm)).toHaveLength(2);
    expect(institute).toContain('(I) Some body text.');
    // No classification given: the lowest level of the default (US) scheme.
    expect(await text('us')).toContain('(U) Some body text.');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'output/manifest.json'), 'utf8'));
    const uks = manifest.pdfs.find((e: { pdf: string }) => e.pdf === 'uk.pdf');
    expect(uks).toMatchObject({ classification: 'OFFICIAL-SENSITIVE', marking: { scheme: 'uk', portion: 'OS' } });
    // The index page is marked with the highest level of each scheme it lists, in that scheme's colours.
    const index = readFileSync(path.join(dir, 'output/index.html'), 'utf8');
    const pageBanners = index.split('<main>')[0].match(/class="banner"[^>]*>([^<]+)</g) ?? [];
    expect(pageBanners.map((b) => b.replace(/.*>/, '').replace('<', '')).sort()).toEqual([
      'INTERNAL',
      'OFFICIAL-SENSITIVE',
      'UNCLASSIFIED',
    ]);
    expect(index).toContain('background:#F2C14E;color:#000000">INTERNAL');
  }, 60_000);

  it('takes the scheme from the template when the brief names none', async () => {
    const memo = readFileSync(path.join(makeWorkspace(), 'templates/memo.hbs'), 'utf8');
    const dir = makeWorkspace({ 'briefs/x.md': briefText({ extra: 'template: uk-memo\nclassification: SECRET\n' }) });
    writeFile(dir, 'templates/uk-memo.hbs', memo.replace(/^---\n/, '---\nmarkings: uk\n'));
    const run = runCli(dir, ['--release-level', 'OFFICIAL']);
    expect(run.stdout).toContain('held back: its classification SECRET is above the release level OFFICIAL');
  }, 60_000);

  it('holds back across schemes by each scheme’s order, and refuses a level of another scheme', () => {
    const dir = makeWorkspace({
      'briefs/public.md': briefText({ extra: 'markings: think-tank\nclassification: PUBLIC\n' }),
      'briefs/internal.md': briefText({ extra: 'markings: think-tank\nclassification: INTERNAL\n' }),
      'briefs/us.md': briefText({ extra: 'classification: CUI\n' }),
    });
    const run = runCli(dir, ['--release-level', 'PUBLIC']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'briefs/internal.md held back: its classification INTERNAL is above the release level PUBLIC',
    );
    expect(run.stdout).toMatch(/briefs\/public\.md → output\/public\.pdf/);
    expect(reported(run.stderr)).toEqual(['briefs/us.md:7:17 RELEASE_LEVEL_OTHER_SCHEME']);
    expect(holdBack(marking('uk', 'SECRET'), 'OFFICIAL-SENSITIVE')).toMatch(/^held back/);
    expect(holdBack(marking('uk', 'OFFICIAL'), 'OFFICIAL-SENSITIVE')).toBeUndefined();
    expect(holdBack(marking('uk', 'OFFICIAL'), 'UNCLASSIFIED')).toBe('other scheme');
    expect(
      highest([marking('us', 'CUI'), marking('uk', 'OFFICIAL'), marking('us', 'SECRET')]).map((m) => m.name),
    ).toEqual(['SECRET', 'OFFICIAL']);
  }, 60_000);

  it('places an unknown scheme, an unknown level and a broken scheme file, with the brief’s other problems', () => {
    const dir = makeWorkspace({
      'briefs/a.md': briefText({ extra: 'markings: ukk\n' }),
      'briefs/b.md': briefText({ extra: 'markings: uk\nclassification: SECRETT\npaper: Legal\n' }),
      'briefs/c.md': briefText({ extra: 'markings: broken\n' }),
    });
    writeFile(
      dir,
      'templates/markings/broken.yaml',
      'title: Broken\nlevels:\n  - name: OPEN\n    portion: O\n    background: red\n',
    );
    const run = runCli(dir);
    expect(run.code).toBe(1);
    expect(reported(run.stderr).sort()).toEqual([
      'briefs/a.md:7:11 MARKINGS_UNKNOWN',
      'briefs/b.md:8:17 CLASSIFICATION_UNKNOWN',
      'briefs/b.md:9:8 FRONT_MATTER_INVALID',
      'templates/markings/broken.yaml:5:17 MARKINGS_INVALID',
    ]);
    expect(run.stderr).toContain('Did you mean "uk"?');
    expect(run.stderr).toContain('Did you mean "SECRET"?');
  }, 60_000);

  it('rebuilds a brief when its scheme file changes', () => {
    const dir = makeWorkspace({ 'briefs/x.md': briefText({ extra: 'markings: think-tank\n' }) });
    expect(runCli(dir).code).toBe(0);
    expect(runCli(dir).stdout).toContain('unchanged');
    const file = path.join(dir, 'templates/markings/think-tank.yaml');
    writeFile(dir, 'templates/markings/think-tank.yaml', readFileSync(file, 'utf8').replace('#1F6F43', '#1F6F44'));
    expect(runCli(dir).stdout).not.toContain('unchanged');
  }, 60_000);
});

describe('the administrative marking line', () => {
  it('states handling and an embargo with date, time and zone, on every page, apart from the banner', async () => {
    const extra = [
      'handling: Pre-decisional / Deliberative',
      'embargo: { until: 2021-03-30T09:00, timeZone: America/New_York }',
      '',
    ].join('\n');
    const dir = makeWorkspace({
      'briefs/x.md': briefText({ extra, body: `${'A paragraph of text. '.repeat(60)}\n\n`.repeat(8) }),
    });
    const run = runCli(dir);
    expect(run.code, run.stderr).toBe(0);
    const pdf = await readPdf(readFileSync(path.join(dir, 'output/x.pdf')));
    const line = 'PRE-DECISIONAL / DELIBERATIVE · EMBARGOED UNTIL MARCH 30, 2021 AT 09:00 EDT';
    expect(pdf.numPages).toBeGreaterThan(1);
    for (const page of pdf.pages) expect(page.split('\n')).toContain(line);
    // Never inside the banner.
    for (const page of pdf.pages) expect(page.split('\n').filter((l) => l === 'UNCLASSIFIED')).toHaveLength(2);
  }, 60_000);

  it('names the zone as it is at that date, and reports a time zone that does not exist', () => {
    const london = (until: string) =>
      administrativeLine({ language: 'en-GB', embargo: { until, timeZone: 'Europe/London' } });
    expect(london('2021-03-27T09:00')).toBe('EMBARGOED UNTIL 27 MARCH 2021 AT 09:00 GMT');
    expect(london('2021-03-29T09:00')).toBe('EMBARGOED UNTIL 29 MARCH 2021 AT 09:00 BST');
    expect(administrativeLine({ language: 'en' })).toBeUndefined();
    const dir = makeWorkspace({
      'briefs/x.md': briefText({ extra: 'embargo: { until: 2021-03-30T09:00, timeZone: Mars/Olympus }\n' }),
    });
    const run = runCli(dir);
    expect(run.code).toBe(1);
    expect(reported(run.stderr)).toEqual(['briefs/x.md:7:47 FRONT_MATTER_INVALID']);
  }, 60_000);
});
