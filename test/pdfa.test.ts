/**
 * PDF/A: levels and their precedence, XMP metadata, dates, embedded sources,
 * bookmarks, watermarks without transparency, and validation of PDF/A-1b
 * files with PDFBox Preflight (the one PDF/A validator that installs here).
 * Every PDF is built with the real CLI, i.e. the esbuild bundle.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFString } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHint, PREFLIGHT_JARS, REQUIREMENTS } from '../scripts/system-packages.mjs';
import { pdfaPart, readXmp } from '../src/distribution/xmp.ts';
import { FAMILIES } from '../src/pdf/fonts.ts';
import { briefText, makeWorkspace, repoRoot, runCli, writeFile } from './helpers.ts';

const SAMPLE = 'briefs/russia-china-joint-statement.md';
const TRICKY_TITLE = `U.S. & Allies: <Q&A> "quoted" 'single' ]]> &amp; A<B>C`;
const JAVA = REQUIREMENTS.find((r) => r.name.startsWith('Java')) as (typeof REQUIREMENTS)[number];

/** PDFBox Preflight's verdict on a file; fails, never skips, when Java or PDFBox is missing. */
function preflight(file: string): string {
  if (!JAVA.check()) throw new Error(installHint(JAVA));
  const result = spawnSync(
    'java',
    ['-cp', PREFLIGHT_JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', path.basename(file)],
    { cwd: path.dirname(file), encoding: 'utf8' },
  );
  return `${result.stdout}${result.stderr}`;
}

const load = (file: string) => PDFDocument.load(readFileSync(file), { updateMetadata: false });
const info = (doc: PDFDocument) => (doc as unknown as { getInfoDict(): PDFDict }).getInfoDict();
const xmpValue = (xmp: string, property: string) => new RegExp(`<${property}>([^<]*)</${property}>`).exec(xmp)?.[1];
const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The fill and stroke opacities (ca, CA) of every graphics state dictionary in the file. */
function opacities(doc: PDFDocument): number[] {
  const found: number[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const dicts =
      object instanceof PDFDict ? [object, ...[...object.values()].filter((v) => v instanceof PDFDict)] : [];
    for (const dict of dicts as PDFDict[]) {
      for (const key of ['ca', 'CA']) {
        const value = dict.get(PDFName.of(key));
        if (value instanceof PDFNumber) found.push(value.asNumber());
      }
    }
  }
  return found;
}

describe('PDF/A-1b, validated with PDFBox Preflight', () => {
  let dir: string;
  let build: ReturnType<typeof runCli>;

  beforeAll(() => {
    dir = makeWorkspace({ 'briefs/tricky.md': briefText({ title: JSON.stringify(TRICKY_TITLE) }) });
    cpSync(path.join(repoRoot, SAMPLE), path.join(dir, SAMPLE));
    cpSync(path.join(repoRoot, 'briefs/lists'), path.join(dir, 'briefs/lists'), { recursive: true });
    cpSync(path.join(repoRoot, 'test/fixtures/showcase/briefs'), path.join(dir, 'briefs'), { recursive: true });
    // Two workers: the level must reach worker threads too.
    build = runCli(dir, ['--conformance', 'PDF/A-1b', '--copies', '--jobs', '2', 'briefs']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has Java and PDFBox Preflight to validate with', () => {
    expect(JAVA.check(), installHint(JAVA)).toBe(true);
  });

  it('builds every brief', () => {
    expect(build.stderr).not.toMatch(/error/i);
    expect(build.code).toBe(0);
  });

  it.each([
    ['the sample', 'output/russia-china-joint-statement.pdf'],
    ['the showcase (nested lists, tables, images, scripts, a DRAFT watermark)', 'output/showcase.pdf'],
    ['a named copy', 'output/russia-china-joint-statement/copies/01-director.pdf'],
    ['a brief whose title is full of &, <, > and quotes', 'output/tricky.pdf'],
  ])('%s is a valid PDF/A-1b file', async (_, file) => {
    const verdict = preflight(path.join(dir, file));
    expect(verdict).toContain('is a valid PDF/A-1b file');
    const doc = await load(path.join(dir, file));
    expect(pdfaPart(readXmp(doc))).toBe(1);
    // No transparency: the DRAFT and copy watermarks are solid under PDF/A-1.
    expect(opacities(doc).filter((value) => value < 1)).toEqual([]);
  });

  it('reports a broken file as invalid (the check can fail)', () => {
    const broken = path.join(dir, 'output/broken.pdf');
    const bytes = readFileSync(path.join(dir, 'output/tricky.pdf'), 'latin1');
    // The XMP as pdfkit wrote it before escaping: an & that is no entity.
    writeFileSync(broken, bytes.replace('U.S. &amp; Allies', 'U.S. &    Allies'), 'latin1');
    expect(preflight(broken)).toContain('is not a valid PDF/A-1b file');
  });

  it('writes the tricky title as valid XMP that reads back as written', async () => {
    const bytes = readFileSync(path.join(dir, 'output/tricky.pdf'));
    const xmp = readXmp(await PDFDocument.load(bytes, { updateMetadata: false })) ?? '';
    expect(xmp).toContain('U.S. &amp; Allies: &lt;Q&amp;A&gt; &quot;quoted&quot; &apos;single&apos; ]]&gt; &amp;amp;');
    // pdf.js parses the XMP packet as XML.
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
    const { metadata } = (await pdf.getMetadata()) as unknown as { metadata: { get(name: string): unknown } };
    expect(metadata.get('dc:title')).toBe(TRICKY_TITLE);
    await pdf.destroy();
  });

  it('keeps a copy within PDF/A: keywords and dates agree between the information dictionary and XMP', async () => {
    const base = await load(path.join(dir, 'output/russia-china-joint-statement.pdf'));
    const copy = await load(path.join(dir, 'output/russia-china-joint-statement/copies/01-director.pdf'));
    const xmp = readXmp(copy) ?? '';
    expect(unescapeXml(xmpValue(xmp, 'pdf:Keywords') ?? '')).toBe(copy.getKeywords());
    expect(copy.getKeywords()).toMatch(/ copy C-[0-9A-F]{10} prepared for Director$/);
    const created = copy.getCreationDate() as Date;
    const modified = copy.getModificationDate() as Date;
    expect(modified.getTime()).toBeGreaterThanOrEqual(created.getTime());
    expect(created).toEqual(base.getCreationDate());
    expect(modified).toEqual(base.getModificationDate());
    expect(xmpValue(xmp, 'xmp:CreateDate')).toBe(created.toISOString().replace('.000', ''));
    expect(xmpValue(xmp, 'xmp:ModifyDate')).toBe(modified.toISOString().replace('.000', ''));
    expect(copy.catalog.get(PDFName.of('OutputIntents'))).toBeInstanceOf(PDFArray);
  });
});

describe('conformance levels', () => {
  let dir: string;
  const template = (level: string) =>
    readFileSync(path.join(repoRoot, 'templates/memo.hbs'), 'utf8').replace(/^---\n/, `---\nconformance: ${level}\n`);

  beforeAll(() => {
    dir = makeWorkspace({
      'briefs/plain.md': briefText(),
      'briefs/attached.md': briefText({ extra: 'attachSource: true\n' }),
      'briefs/from-template.md': briefText({ extra: 'template: archival\n' }),
      'briefs/brief-wins.md': briefText({ extra: 'template: archival\nconformance: PDF/A-3b\n' }),
      'briefs/none.md': briefText({ extra: 'conformance: none\n' }),
      'briefs/draft.md': briefText({ extra: 'status: draft\nconformance: PDF/A-2b\n' }),
    });
    writeFile(dir, 'templates/archival.hbs', template('PDF/A-1b'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const part = async (file: string) => pdfaPart(readXmp(await load(path.join(dir, file))));

  it('defaults to PDF/A-2b, PDF/A-3b with an attached source; a template, then the brief, then --conformance decide', async () => {
    const result = runCli(dir, ['--jobs', '1']);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    const xmp = readXmp(await load(path.join(dir, 'output/plain.pdf'))) ?? '';
    expect(xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(readFileSync(path.join(dir, 'output/plain.pdf'), 'latin1').startsWith('%PDF-1.7')).toBe(true);
    expect(await part('output/attached.pdf')).toBe(3);
    expect(await part('output/from-template.pdf')).toBe(1);
    expect(await part('output/brief-wins.pdf')).toBe(3);
    // The command line wins over both.
    const cli = runCli(dir, ['--out', 'cli', '--conformance', 'PDF/A-2b', 'briefs/brief-wins.md', 'briefs/none.md']);
    expect(cli.code).toBe(0);
    expect(await part('cli/brief-wins.pdf')).toBe(2);
    expect(await part('cli/none.pdf')).toBe(2);
  });

  it('writes an sRGB output intent with its ICC profile', async () => {
    const doc = await load(path.join(dir, 'output/plain.pdf'));
    const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    expect(intent.lookup(PDFName.of('OutputConditionIdentifier'), PDFString).decodeText()).toBe('sRGB IEC61966-2.1');
    const profile = intent.lookup(PDFName.of('DestOutputProfile'));
    expect(profile).toBeInstanceOf(PDFRawStream);
    expect((profile as PDFRawStream).dict.get(PDFName.of('N'))).toEqual(PDFNumber.of(3));
  });

  it('with conformance none, makes no PDF/A claim: no XMP, no output intent', async () => {
    const doc = await load(path.join(dir, 'output/none.pdf'));
    expect(readXmp(doc)).toBeUndefined();
    expect(doc.catalog.get(PDFName.of('OutputIntents'))).toBeUndefined();
  });

  it('keeps the translucent DRAFT watermark outside PDF/A-1', async () => {
    expect(opacities(await load(path.join(dir, 'output/draft.pdf')))).toContain(0.55);
  });

  it('embeds an attached source as PDF/A-3 asks', async () => {
    const doc = await load(path.join(dir, 'output/attached.pdf'));
    const af = doc.catalog.lookup(PDFName.of('AF'), PDFArray);
    expect(af.size()).toBe(1);
    const spec = af.lookup(0, PDFDict);
    expect(spec.get(PDFName.of('AFRelationship'))).toBe(PDFName.of('Source'));
    expect(spec.get(PDFName.of('Type'))).toBe(PDFName.of('Filespec'));
    const file = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F')) as PDFRawStream;
    expect(file).toBeInstanceOf(PDFRawStream);
    expect(file.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('text/markdown'));
    expect(String(file.dict.get(PDFName.of('Subtype')))).toBe('/text#2Fmarkdown');
    const params = file.dict.lookup(PDFName.of('Params'), PDFDict);
    expect(params.lookup(PDFName.of('ModDate'), PDFString).decodeDate()).toEqual(doc.getModificationDate());
    expect(params.lookup(PDFName.of('CreationDate'), PDFString).decodeDate()).toEqual(doc.getCreationDate());
    // The same file is listed in the name tree, so viewers show it.
    const names = doc.catalog
      .lookup(PDFName.of('Names'), PDFDict)
      .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
      .lookup(PDFName.of('Names'), PDFArray);
    expect(names.get(1)).toBe(af.get(0));
  });

  it('refuses PDF/A-1b with an attached source, at the brief’s attachSource, in checks and builds', () => {
    writeFile(dir, 'briefs/bad/a1-attached.md', briefText({ extra: 'conformance: PDF/A-1b\nattachSource: true\n' }));
    const checked = runCli(dir, ['--check', 'briefs/bad/a1-attached.md']);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(
      'briefs/bad/a1-attached.md:8:15: error: PDF/A-1b, chosen by the brief (conformance), forbids embedded files, so the source cannot be attached. [CONFORMANCE_ATTACHMENT]',
    );
    const built = runCli(dir, ['--conformance', 'PDF/A-1b', 'briefs/attached.md']);
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(/attached\.md:7:15: error: PDF\/A-1b, chosen by --conformance on the command line/);
    expect(built.stderr).toContain('[CONFORMANCE_ATTACHMENT]');
    rmSync(path.join(dir, 'briefs/bad'), { recursive: true });
  });

  it('refuses an unknown --conformance as a usage error', () => {
    const result = runCli(dir, ['--conformance', 'PDF/A-4', 'briefs/plain.md']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--conformance takes one of PDF/A-1b, PDF/A-2b, PDF/A-3b, none, not "PDF/A-4".');
  });

  it('keys the build cache by the level: another level rebuilds, the same one is unchanged', async () => {
    const first = runCli(dir, ['--out', 'cached', 'briefs/plain.md']);
    expect(first.code).toBe(0);
    const again = runCli(dir, ['--out', 'cached', '--conformance', 'PDF/A-1b', 'briefs/plain.md']);
    expect(again.stdout).not.toContain('unchanged');
    expect(await part('cached/plain.pdf')).toBe(1);
    const same = runCli(dir, ['--out', 'cached', '--conformance', 'PDF/A-1b', 'briefs/plain.md']);
    expect(same.stdout).toContain('unchanged');
  });
});

describe('dates', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeWorkspace({ 'briefs/plain.md': briefText() });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['PDF/A-2b', {}, new Date('2021-03-29T00:00:00Z')],
    ['PDF/A-1b', { SOURCE_DATE_EPOCH: '1700000000' }, new Date(1700000000 * 1000)],
  ])('are /CreationDate and /ModDate, from the build date, with matching XMP (%s)', async (level, env, expected) => {
    const result = runCli(dir, ['--out', level.replace('/', '-'), '--conformance', level], env);
    expect(result.code).toBe(0);
    const doc = await load(path.join(dir, level.replace('/', '-'), 'plain.pdf'));
    expect(info(doc).has(PDFName.of('ModificationDate'))).toBe(false);
    expect(info(doc).has(PDFName.of('ModDate'))).toBe(true);
    expect(doc.getCreationDate()).toEqual(expected);
    expect(doc.getModificationDate()).toEqual(expected);
    const xmp = readXmp(doc) ?? '';
    const iso = expected.toISOString().replace('.000', '');
    expect(xmpValue(xmp, 'xmp:CreateDate')).toBe(iso);
    expect(xmpValue(xmp, 'xmp:ModifyDate')).toBe(iso);
  });
});

describe('bookmarks', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeWorkspace();
    cpSync(path.join(repoRoot, SAMPLE), path.join(dir, SAMPLE));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('land on their heading: x at its left edge, y at its top, where the heading’s link target is', async () => {
    expect(runCli(dir, [SAMPLE]).code).toBe(0);
    const bytes = readFileSync(path.join(dir, 'output/russia-china-joint-statement.pdf'));
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
    interface Item {
      title: string;
      dest: string | unknown[] | null;
      items: Item[];
    }
    const all: Item[] = [];
    const walk = (items: Item[]) => {
      for (const item of items) {
        all.push(item);
        walk(item.items);
      }
    };
    walk(((await pdf.getOutline()) ?? []) as Item[]);
    expect(all.length).toBeGreaterThan(4);
    // Each heading is also a named destination (its id), placed by another route: through the drawing's transformation matrix.
    const named = Object.values((await pdf.getDestinations()) as Record<string, unknown[]>);
    for (const item of all) {
      const dest = (typeof item.dest === 'string' ? await pdf.getDestination(item.dest) : item.dest) as [
        { num: number; gen: number },
        { name: string },
        number,
        number,
        number,
      ];
      expect(dest[1].name).toBe('XYZ');
      const page = await pdf.getPage((await pdf.getPageIndex(dest[0])) + 1);
      const { items } = await page.getTextContent();
      const [, , left, top] = dest;
      // The heading's first line: its text starts the title; the one just under the destination.
      const line = items
        .flatMap((t) => ('str' in t && t.str.trim().length >= 3 && item.title.startsWith(t.str.trim()) ? [t] : []))
        .sort((a, b) => Math.abs(top - a.transform[5]) - Math.abs(top - b.transform[5]))[0];
      expect(line, `"${item.title}" on its page`).toBeDefined();
      const [size, , , , x, baseline] = (line as { transform: number[] }).transform;
      expect(Math.abs(left - x), `x of "${item.title}"`).toBeLessThan(1);
      expect(top, `y of "${item.title}"`).toBeGreaterThan(baseline);
      expect(top - baseline, `y of "${item.title}"`).toBeLessThan(2 * size);
      const target = named.find(
        (d) => (d[0] as { num: number }).num === dest[0].num && Math.abs((d[3] as number) - top) < 0.5,
      );
      expect(target, `a link target at the heading "${item.title}"`).toBeDefined();
      expect(Math.abs((target?.[2] as number) - left)).toBeLessThan(0.5);
    }
    await pdf.destroy();
  });
});

describe('the PDF/UA identifier (pdfkit patch)', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeWorkspace();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A one-line PDF/A-1b document straight from pdfkit. */
  async function pdfkitDocument(tagged: boolean): Promise<Buffer> {
    const { default: PDFKit } = (await import('pdfkit' as string)) as {
      default: new (
        options: object,
      ) => NodeJS.EventEmitter & { registerFont(n: string, f: string): void; font(n: string): unknown } & {
        text(t: string): void;
        end(): void;
      };
    };
    const date = new Date('2021-03-29T00:00:00Z');
    const doc = new PDFKit({
      subset: 'PDF/A-1b',
      pdfVersion: '1.4',
      tagged,
      lang: 'en',
      info: { Title: 'Tagged & <plain>', Author: 'A', CreationDate: date, ModDate: date, Producer: 'p', Creator: 'c' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise((resolve) => doc.on('end', resolve));
    doc.registerFont('PT Sans', FAMILIES['PT Sans'].files().regular);
    doc.font('PT Sans');
    doc.text('Hello');
    doc.end();
    await done;
    return Buffer.concat(chunks);
  }

  it('is claimed by a tagged PDF/A document, with the extension schema PDF/A needs for it', async () => {
    const bytes = await pdfkitDocument(true);
    const xmp = readXmp(await PDFDocument.load(bytes, { updateMetadata: false })) ?? '';
    expect(xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(xmp).toContain('<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>');
    expect(xmp).toContain('<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>');
    const file = path.join(dir, 'tagged.pdf');
    writeFileSync(file, bytes);
    expect(preflight(file)).toContain('is a valid PDF/A-1b file');
  });

  it('is not claimed by an untagged document', async () => {
    const xmp = readXmp(await PDFDocument.load(await pdfkitDocument(false), { updateMetadata: false })) ?? '';
    expect(pdfaPart(xmp)).toBe(1);
    expect(xmp).not.toContain('pdfuaid');
  });

  it('is absent from the briefs until they are tagged', async () => {
    writeFile(dir, 'briefs/plain.md', briefText());
    expect(runCli(dir, ['briefs/plain.md']).code).toBe(0);
    const doc = await load(path.join(dir, 'output/plain.pdf'));
    const marked = doc.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict)?.get(PDFName.of('Marked'));
    const xmp = readXmp(doc) ?? '';
    expect(xmp.includes('pdfuaid:part')).toBe(String(marked) === 'true');
  });
});
