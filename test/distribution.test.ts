import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findChromium, installHint, REQUIREMENTS, type Requirement } from '../scripts/system-packages.mjs';
import { documentation } from './docs.ts';
import { briefText, commitAll, makeWorkspace, repoRoot, runCli } from './helpers.ts';
import { flat, readPdf } from './pdf.ts';

const readers = 'distribution:\n  - name: Anna Petrova\n    organisation: Policy Planning\n  - name: Сергей Иванов\n';

describe('copies for named readers', () => {
  it('writes one stamped PDF per reader, each with its own identifier in every footer and the metadata', async () => {
    const dir = makeWorkspace({
      'briefs/memo.md': briefText({ extra: readers, body: `## A\n\n${'Text of the brief. '.repeat(600)}\n` }),
    });
    const run = runCli(dir, ['--copies']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/briefs\/memo\.md → output\/memo\.pdf \(\d pages, \d+ ms, 2 named copies\)/);
    const folder = path.join(dir, 'output/memo/copies');
    expect(readdirSync(folder).sort()).toEqual(['01-anna-petrova.pdf', '02-сергей-иванов.pdf']);
    const ids = new Set<string>();
    for (const [file, line] of [
      ['01-anna-petrova.pdf', 'Prepared for Anna Petrova, Policy Planning — copy 1 of 2'],
      ['02-сергей-иванов.pdf', 'Prepared for Сергей Иванов — copy 2 of 2'],
    ]) {
      const pdf = await readPdf(readFileSync(path.join(folder, file)));
      expect(pdf.numPages).toBeGreaterThan(1);
      const id = /copy (C-[0-9A-F]{10})/.exec(pdf.info.Keywords)?.[1] as string;
      expect(id).toBeDefined();
      ids.add(id);
      expect((pdf.info as Record<string, unknown>).Custom).toMatchObject({ CopyID: id });
      for (const page of pdf.pages) expect(flat(page)).toContain(`${line} · ${id}`);
    }
    expect(ids.size).toBe(2);
    // The base PDF stays unstamped, and a rebuild gives the same copies.
    expect(flat((await readPdf(readFileSync(path.join(dir, 'output/memo.pdf')))).text)).not.toContain('Prepared for');
    const before = readFileSync(path.join(folder, '01-anna-petrova.pdf'));
    expect(runCli(dir, ['--copies', '--force']).code).toBe(0);
    expect(readFileSync(path.join(folder, '01-anna-petrova.pdf')).equals(before)).toBe(true);
  }, 90_000);

  it('stamps a reader named in Greek, with a check mark, in the faces that have those characters', async () => {
    const greek = 'distribution:\n  - name: Δημήτρης Παπαδόπουλος\n    organisation: Υπουργείο ✓\n';
    const dir = makeWorkspace({ 'briefs/memo.md': briefText({ extra: greek }) });
    const run = runCli(dir, ['--copies']);
    expect(run.code, run.stderr).toBe(0);
    const pdf = await readPdf(readFileSync(path.join(dir, 'output/memo/copies/01-δημήτρης-παπαδόπουλος.pdf')));
    expect(flat(pdf.text)).toContain('Prepared for Δημήτρης Παπαδόπουλος, Υπουργείο ✓ — copy 1 of 1');
  }, 60_000);

  it('reads a shared list from briefs/lists/ and reports a bad one at its line', () => {
    const dir = makeWorkspace({
      'briefs/memo.md': briefText({ extra: 'distribution: team\n' }),
      'briefs/lists/team.yaml': '- name: A\n- name: B\n  organisation: Office\n',
      'briefs/other.md': briefText({ extra: 'distribution: nobody\n' }),
      'briefs/third.md': briefText({ extra: 'distribution: broken\n' }),
      'briefs/lists/broken.yaml': '- name: A\n- nmae: B\n',
    });
    const run = runCli(dir, ['--copies']);
    expect(run.code).toBe(1);
    expect(readdirSync(path.join(dir, 'output/memo/copies'))).toEqual(['01-a.pdf', '02-b.pdf']);
    expect(run.stderr).toContain(
      'briefs/lists/nobody.yaml:1:1: error: The reader list "nobody" does not exist. [READER_LIST_MISSING]',
    );
    expect(run.stderr).toMatch(/briefs\/lists\/broken\.yaml:2:3: error: .*\[READER_LIST_INVALID\]/);
  }, 60_000);
});

describe('release guard', () => {
  it('holds back briefs above the level: not written, not listed, and says why', () => {
    const dir = makeWorkspace({
      'briefs/open.md': briefText({ title: 'Open brief' }),
      'briefs/secret.md': briefText({ title: 'Secret brief', extra: 'classification: SECRET\n' }),
    });
    // A first, unrestricted build puts the secret brief in the cache.
    expect(runCli(dir, ['--out', 'all']).code).toBe(0);
    for (const args of [
      ['--release-level', 'CONFIDENTIAL', '--out', 'all'],
      ['--release-level', 'UNCLASSIFIED'],
    ]) {
      // In "all" the unrestricted build left a secret PDF; the guard must still not list it.
      const out = args.includes('all') ? 'all' : 'output';
      const run = runCli(dir, args);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(
        `briefs/secret.md held back: its classification SECRET is above the release level ${args[1]}`,
      );
      expect(run.stdout).toMatch(/1 of 2 briefs built in [\d.]+ s; 1 held back\./);
      const manifest = JSON.parse(readFileSync(path.join(dir, out, 'manifest.json'), 'utf8'));
      expect(manifest.pdfs.map((e: { pdf: string }) => e.pdf)).toEqual(['open.pdf']);
      expect(readFileSync(path.join(dir, out, 'index.html'), 'utf8')).not.toContain('Secret brief');
    }
    expect(existsSync(path.join(dir, 'output/secret.pdf'))).toBe(false);
    const bad = runCli(dir, ['--release-level', 'UNCLASIFIED']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--release-level: "UNCLASIFIED" is not a level of any marking scheme. Did you mean "UNCLASSIFIED"?',
    );
  }, 90_000);
});

describe('manifest and index page', () => {
  it('lists every PDF with its checksum, deterministically', () => {
    const dir = makeWorkspace({
      'briefs/b.md': briefText({ title: 'Brief B', extra: readers }),
      'briefs/a/first.md': briefText({ title: 'Brief A', extra: 'classification: CUI\nversion: v2\n' }),
    });
    expect(runCli(dir, ['--copies']).code).toBe(0);
    const text = readFileSync(path.join(dir, 'output/manifest.json'), 'utf8');
    const manifest = JSON.parse(text);
    expect(manifest.pdfs.map((e: { pdf: string }) => e.pdf)).toEqual([
      'a/first.pdf',
      'b.pdf',
      'b/copies/01-anna-petrova.pdf',
      'b/copies/02-сергей-иванов.pdf',
    ]);
    for (const entry of manifest.pdfs) {
      const bytes = readFileSync(path.join(dir, 'output', entry.pdf));
      expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(entry.bytes).toBe(bytes.length);
      expect(entry.pages).toBe(1);
    }
    expect(manifest.pdfs[0]).toMatchObject({
      source: 'briefs/a/first.md',
      title: 'Brief A',
      classification: 'CUI',
      version: 'v2',
      template: 'memo',
      commit: null,
    });
    expect(manifest.pdfs[2]).toMatchObject({
      reader: { name: 'Anna Petrova', organisation: 'Policy Planning' },
      copyId: expect.stringMatching(/^C-/),
    });
    expect(text).not.toMatch(/20\d\d-\d\d-\d\dT/);
    expect(runCli(dir, ['--copies', '--force']).code).toBe(0);
    expect(readFileSync(path.join(dir, 'output/manifest.json'), 'utf8')).toBe(text);
  }, 90_000);

  it('marks draft briefs and briefs built from uncommitted changes', () => {
    const dir = makeWorkspace({
      'briefs/released.md': briefText({ title: 'Released' }),
      'briefs/edited.md': briefText({ title: 'Edited' }),
      'briefs/draft.md': briefText({ title: 'Draft', extra: 'status: draft\n' }),
    });
    commitAll(dir);
    writeFileSync(path.join(dir, 'briefs/edited.md'), briefText({ title: 'Edited', body: 'Changed since.\n' }));
    expect(runCli(dir).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'output/manifest.json'), 'utf8'));
    expect(manifest.pdfs.map((e: { pdf: string; draft: string | null }) => [e.pdf, e.draft])).toEqual([
      ['draft.pdf', 'draft'],
      ['edited.pdf', 'uncommitted'],
      ['released.pdf', null],
    ]);
    const index = readFileSync(path.join(dir, 'output/index.html'), 'utf8');
    const titles = [...index.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    expect(titles).toEqual(['Draft DRAFT', 'Edited DRAFT · uncommitted changes', 'Released']);
  }, 60_000);

  it('gives an index page whose links all resolve and which logs no errors in a real browser', async () => {
    const dir = makeWorkspace({
      'briefs/b.md': briefText({ title: 'Brief <B> & co' }),
      'briefs/a/first.md': briefText({ title: 'Brief A', extra: 'classification: CONFIDENTIAL\n' }),
    });
    expect(runCli(dir).code).toBe(0);
    const found = findChromium();
    const advice = installHint(REQUIREMENTS.find((r) => r.name === 'Chromium') as Requirement);
    expect(found.problem, advice).toBeUndefined();
    const executablePath = found.path as string;
    const browser = await chromium
      .launch({
        executablePath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      })
      .catch((error: Error) => {
        throw new Error(`Chromium at ${executablePath} does not start (${error.message.split('\n')[0]}). ${advice}`);
      });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      const index = path.join(dir, 'output/index.html');
      await page.goto(pathToFileURL(index).href);
      expect(await page.title()).toBe('Briefs');
      const links = await page.$$eval('a[href]', (anchors: unknown[]) =>
        anchors.map((a) => (a as { href: string }).href),
      );
      expect(links.length).toBe(4);
      for (const link of links) expect(existsSync(fileURLToPath(link)), link).toBe(true);
      const text = ((await page.textContent('body')) ?? '').trim();
      expect(text).toContain('Brief <B> & co');
      expect(text).toMatch(/^CONFIDENTIAL/);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'output/manifest.json'), 'utf8'));
      for (const entry of manifest.pdfs) expect(text).toContain(entry.sha256);
      expect(errors).toEqual([]);
      // Self-contained: the page asks for nothing but itself.
      expect(requests).toEqual([pathToFileURL(index).href]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('self-contained PDFs', () => {
  it('attaches the Markdown source when the brief asks', async () => {
    const source = briefText({ extra: 'attachSource: true\n', body: 'Body with *Markdown*.\n' });
    const dir = makeWorkspace({ 'briefs/memo.md': source });
    expect(runCli(dir).code).toBe(0);
    const doc = await getDocument({
      data: new Uint8Array(readFileSync(path.join(dir, 'output/memo.pdf'))),
      verbosity: 0,
    }).promise;
    const attachments = (await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    const [attachment] = Object.values(attachments);
    expect(attachment.filename).toBe('memo.md');
    expect(Buffer.from(attachment.content).toString('utf8')).toBe(source);
    await doc.destroy();
  }, 60_000);
});

describe('the GitHub Actions workflow', () => {
  it('runs only commands the README or docs/ documents', () => {
    const workflow = parse(readFileSync(path.join(repoRoot, '.github/workflows/briefs.yml'), 'utf8'));
    // README.md and docs/*.md: the workflow's commands are set out in docs/distribution.md.
    const documented = documentation();
    const scripts = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts;
    const jobs = Object.values(workflow.jobs) as { steps: { run?: string }[] }[];
    const runs = jobs.flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(runs.some((run) => run.includes('--merge'))).toBe(true);
    for (const command of runs) {
      expect(documented, command).toContain(command);
      const script = /^npm run ([\w:]+)/.exec(command)?.[1];
      if (script) expect(scripts[script], command).toBeDefined();
      else expect(['npm ci', 'npm test']).toContain(command);
    }
  });
});
