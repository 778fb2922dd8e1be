import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, outsideGitNote, repoRoot, runCli, writeFile } from './helpers.ts';
import { readPdf } from './pdf.ts';

/**
 * The command's contract, end to end: exit codes, what goes to stdout, and one
 * located diagnostic per class of bad input. Every run spawns the real CLI.
 *
 * Line numbers below are counted by hand from the texts written here. In
 * briefText(): line 1 is "---", lines 2-6 are title, date, to, from and
 * summary, `extra` starts on line 7, then the closing "---", then the body.
 */

const SLOW = { timeout: 30_000 };

type Run = ReturnType<typeof runCli>;

interface Reported {
  place: string;
  message: string;
  code: string;
  /** The code frame and hint lines printed after the header line. */
  lines: string[];
}

/** Splits stderr into diagnostics: a `PATH:LINE:COL: error: MESSAGE [CODE]` line and what follows it. */
function reported(stderr: string): Reported[] {
  const out: Reported[] = [];
  for (const line of stderr.split('\n')) {
    const header = /^(.+?:\d+:\d+): error: (.*) \[([A-Z_]+)\]$/.exec(line);
    if (header) out.push({ place: header[1], message: header[2], code: header[3], lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

/**
 * Asserts that a problem with `code` was reported at exactly `place`
 * (PATH:LINE:COL), with a code frame that marks LINE and puts a caret under
 * COL, and with `hint` when given.
 */
function expectProblem(run: Run, place: string, code: string, hint?: string): Reported {
  const all = reported(run.stderr);
  const found = all.find((d) => d.place === place && d.code === code);
  expect(found, `no ${code} at ${place}; got ${all.map((d) => `${d.place} [${d.code}]`).join(', ')}`).toBeDefined();
  const d = found as Reported;
  const [, line, column] = /:(\d+):(\d+)$/.exec(place) ?? [];
  expect(
    d.lines.some((l) => new RegExp(`^> +${line} \\| `).test(l)),
    `frame marks line ${line}`,
  ).toBe(true);
  const caret = d.lines.find((l) => /^ +\| *\^$/.test(l)) ?? '';
  expect(caret, 'caret line').not.toBe('');
  expect(caret.indexOf('^') - (caret.indexOf('|') + 2), 'caret column').toBe(Number(column) - 1);
  if (hint !== undefined) expect(d.lines).toContain(`  hint: ${hint}`);
  return d;
}

function isPdf(file: string): boolean {
  return existsSync(file) && readFileSync(file).subarray(0, 5).toString('latin1') === '%PDF-';
}

/**
 * The shared half of every bad-input test: exit 1, the good brief still built
 * (and reported on stdout), no PDF for the bad ones, and the summary line.
 */
function expectOnlyGoodBuilt(dir: string, run: Run, bad: Record<string, number>): void {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toMatch(/^briefs\/good\.md → output\/good\.pdf \(1 pages?, \d+ ms\)$/m);
  expect(isPdf(path.join(dir, 'output/good.pdf')), 'output/good.pdf is a PDF').toBe(true);
  for (const [name, problems] of Object.entries(bad)) {
    expect(run.stdout).toContain(`briefs/${name}.md failed: ${problems} problem${problems === 1 ? '' : 's'}\n`);
    expect(existsSync(path.join(dir, `output/${name}.pdf`)), `no output/${name}.pdf`).toBe(false);
  }
  const total = Object.keys(bad).length + 1;
  const failed = total - 1;
  expect(run.stdout).toMatch(new RegExp(`^1 of ${total} briefs built in \\d+\\.\\d s; ${failed} failed\\.$`, 'm'));
}

/** A workspace with briefs/good.md and the given bad briefs (and other files), built. */
function buildWith(files: Record<string, string>): { dir: string; run: Run } {
  const dir = makeWorkspace({ 'briefs/good.md': briefText(), ...files });
  return { dir, run: runCli(dir) };
}

/** A template with its own settings front matter: lines 1-3, so its body starts on line 4. */
const templateText = (body: string) => `---\ndescription: Custom test template.\n---\n{{{body}}}\n\n${body}`;

describe('command line', () => {
  it('prints usage for --help, and exits 2 on an unknown flag or a missing path, building nothing', SLOW, () => {
    const dir = makeWorkspace({ 'briefs/good.md': briefText() });

    const help = runCli(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run build:brief -- \[options\] \[PATH\.\.\.\]/);
    expect(help.stdout).toContain('--out DIR');
    expect(help.stderr).toBe('');

    const flag = runCli(dir, ['--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^Unknown option --bogus\.\n\nUsage: npm run build:brief/);
    expect(flag.stdout).toBe('');

    const missing = runCli(dir, ['briefs/nope.md']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('briefs/nope.md: no such file or folder\n');
    expect(missing.stdout).toBe('');

    expect(existsSync(path.join(dir, 'output')), 'nothing was built').toBe(false);
  });

  it('builds every brief into --out DIR with the same relative paths and exits 0', SLOW, () => {
    const dir = makeWorkspace({
      'briefs/good.md': briefText(),
      'briefs/sub/x.md': briefText({ title: 'Nested brief' }),
    });
    const run = runCli(dir, ['--out', 'dist']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(outsideGitNote);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^briefs\/good\.md → dist\/good\.pdf \(1 pages?, \d+ ms\)$/);
    expect(lines[1]).toMatch(/^briefs\/sub\/x\.md → dist\/sub\/x\.pdf \(1 pages?, \d+ ms\)$/);
    expect(lines[2]).toMatch(/^2 of 2 briefs built in \d+\.\d s\.$/);
    expect(isPdf(path.join(dir, 'dist/good.pdf'))).toBe(true);
    expect(isPdf(path.join(dir, 'dist/sub/x.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'output')), 'nothing in output/').toBe(false);
  });
});

describe('command line: usage errors and --version', () => {
  it('says what an unknown option is in its own words, with a did-you-mean, and exits 2', SLOW, () => {
    const dir = makeWorkspace({ 'briefs/good.md': briefText() });
    const typo = runCli(dir, ['--stirct']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^Unknown option --stirct\. Did you mean --strict\?\n\nUsage: npm run build:brief/);
    // Not Node's advice to put the option after "--", which an npm user already did.
    expect(typo.stderr).not.toContain('positional');
    expect(typo.stdout).toBe('');

    const missingValue = runCli(dir, ['--out']);
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr).toMatch(/^--out needs a value: --out VALUE\.\n\nUsage:/);

    const valueForFlag = runCli(dir, ['--check=yes']);
    expect(valueForFlag.code).toBe(2);
    expect(valueForFlag.stderr).toMatch(/^--check takes no value\.\n\nUsage:/);
    expect(existsSync(path.join(dir, 'output')), 'nothing was built').toBe(false);
  });

  it('refuses an unknown --template once, before building anything, with a did-you-mean', SLOW, () => {
    const dir = makeWorkspace({ 'briefs/a.md': briefText(), 'briefs/b.md': briefText() });
    const run = runCli(dir, ['--template', 'brief-crad']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^--template: there is no template "brief-crad" in templates\/\. Did you mean "brief-card"\?\n\nUsage:/,
    );
    expect(run.stderr.match(/brief-crad/g)).toHaveLength(1);
    expect(run.stderr).not.toContain('TEMPLATE_UNKNOWN');
    expect(run.stdout).toBe('');
    expect(existsSync(path.join(dir, 'output')), 'nothing was built').toBe(false);

    const check = runCli(dir, ['--check', '--template', 'nothing-like-it']);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/^--template: there is no template "nothing-like-it" in templates\/\. Templates: /);
  });

  it('prints the version from package.json for --version and exits 0', SLOW, () => {
    const dir = makeWorkspace({ 'briefs/good.md': briefText() });
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const run = runCli(dir, ['--version']);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(runCli(dir, ['--help']).stdout).toContain('--version');
    expect(existsSync(path.join(dir, 'output')), 'nothing was built').toBe(false);
  });
});

describe('command line: paths from the folder the user is in', () => {
  // npm runs scripts from the project folder and says in INIT_CWD where the user ran npm from.
  it('takes paths and --out from INIT_CWD inside the project, and shows paths from there', SLOW, () => {
    const dir = makeWorkspace({
      'briefs/x.md': briefText(),
      'briefs/bad.md': briefText({ extra: 'keyPints: []\n' }),
    });
    const briefs = path.join(dir, 'briefs');
    const run = runCli(dir, ['x.md', 'bad.md', '--out', '../dist'], { INIT_CWD: briefs });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^x\.md → \.\.\/dist\/x\.pdf \(1 pages?, \d+ ms\)$/m);
    expect(run.stdout).toContain('bad.md failed: 1 problem\n');
    expectProblem(run, 'bad.md:7:1', 'FRONT_MATTER_UNKNOWN_KEY');
    expect(isPdf(path.join(dir, 'dist/x.pdf')), 'dist/x.pdf in the project').toBe(true);
    expect(existsSync(path.join(dir, 'output')), 'nothing in output/').toBe(false);
    expect(existsSync(path.join(briefs, 'dist')), 'nothing in briefs/dist').toBe(false);

    // Without paths: every brief of the project, shown from where the user is.
    const all = runCli(dir, ['--check'], { INIT_CWD: briefs });
    expect(all.stdout).toMatch(/^bad\.md failed/m);
    expect(all.stdout).toMatch(/^x\.md ok/m);

    // An INIT_CWD outside the project (npm run elsewhere) is not where paths are taken from.
    const outside = runCli(dir, ['--check', 'briefs/x.md'], { INIT_CWD: path.dirname(dir) });
    expect(outside.code, outside.stderr).toBe(0);
    expect(outside.stdout).toMatch(/^briefs\/x\.md ok/m);
  });
});

describe('bad front matter', () => {
  it('1. malformed YAML → YAML_SYNTAX', SLOW, () => {
    // Line 7 opens a flow list that is never closed; line 8 starts with a key
    // where a "," or "]" was required, so the parser stops at 8:1.
    const { dir, run } = buildWith({ 'briefs/bad.md': briefText({ extra: 'keywords: [a, b\npaper: A4\n' }) });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    const d = expectProblem(run, 'briefs/bad.md:8:1', 'YAML_SYNTAX');
    expect(d.message).toMatch(/^The front matter is not valid YAML: /);
  });

  it('2. unknown key → FRONT_MATTER_UNKNOWN_KEY with a did-you-mean', SLOW, () => {
    const { dir, run } = buildWith({ 'briefs/bad.md': briefText({ extra: 'keyPints: []\n' }) });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    const d = expectProblem(run, 'briefs/bad.md:7:1', 'FRONT_MATTER_UNKNOWN_KEY', 'Did you mean "keyPoints"?');
    expect(d.message).toBe('Unknown key "keyPints".');
  });

  it('3. wrong types → FRONT_MATTER_INVALID at the value', SLOW, () => {
    // "keywords: " is 10 characters, "paper: " 7.
    const { dir, run } = buildWith({ 'briefs/bad.md': briefText({ extra: 'keywords: 5\npaper: Legal\n' }) });
    expectOnlyGoodBuilt(dir, run, { bad: 2 });
    expect(expectProblem(run, 'briefs/bad.md:7:11', 'FRONT_MATTER_INVALID').message).toBe('"keywords" must be a list.');
    expect(expectProblem(run, 'briefs/bad.md:8:8', 'FRONT_MATTER_INVALID').message).toBe(
      '"paper" must be one of "Letter", "A4".',
    );
  });

  it('4. missing required field → FRONT_MATTER_MISSING_KEY at the start of the front matter', SLOW, () => {
    const noSummary = '---\ntitle: No summary\ndate: 2021-03-29\nto: Director\nfrom: Analyst\n---\nBody.\n';
    const { dir, run } = buildWith({ 'briefs/bad.md': noSummary });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    const d = expectProblem(run, 'briefs/bad.md:2:1', 'FRONT_MATTER_MISSING_KEY');
    expect(d.message).toBe('Required key "summary" is missing.');
  });

  it('12. ---js front matter is refused, never run → FRONT_MATTER_LANGUAGE', SLOW, () => {
    const dir = makeWorkspace({ 'briefs/good.md': briefText() });
    const marker = path.join(dir, 'evaluated.txt');
    const payload = (file: string) =>
      `---js\n{ title: (function(){ require('fs').writeFileSync(${JSON.stringify(file)}, 'x'); return 'x' })() }\n---\nBody.\n`;
    writeFile(dir, 'briefs/bad.md', payload(marker));
    const run = runCli(dir);
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    expectProblem(run, 'briefs/bad.md:1:4', 'FRONT_MATTER_LANGUAGE');
    expect(existsSync(marker), 'the front matter was evaluated').toBe(false);

    // Control: the payload is live. gray-matter with its default engines does run it.
    const control = path.join(dir, 'control.txt');
    matter(payload(control));
    expect(existsSync(control)).toBe(true);
  });
});

describe('bad templates', () => {
  it('5. unknown template → TEMPLATE_UNKNOWN with did-you-mean "memo"', SLOW, () => {
    // "template: " is 10 characters.
    const { dir, run } = buildWith({ 'briefs/bad.md': briefText({ extra: 'template: memmo\n' }) });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    expectProblem(run, 'briefs/bad.md:7:11', 'TEMPLATE_UNKNOWN', 'Did you mean "memo"?');
  });

  it('6. missing partial → TEMPLATE_PARTIAL_MISSING in the template file', SLOW, () => {
    // Line 6 is "Closing {{> nosuch}} words."; "Closing " is 8 characters.
    const { dir, run } = buildWith({
      'templates/custom.hbs': templateText('Closing {{> nosuch}} words.\n'),
      'briefs/bad.md': briefText({ extra: 'template: custom\n' }),
    });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    const d = expectProblem(run, 'templates/custom.hbs:6:9', 'TEMPLATE_PARTIAL_MISSING');
    expect(d.message).toContain('"nosuch"');
    expect(d.lines.find((l) => l.startsWith('  hint: '))).toContain('key-point');
  });

  it('7. unclosed block → TEMPLATE_SYNTAX where the template ends', SLOW, () => {
    // "{{#if title}}" on line 6 is never closed: the parser meets the end of
    // the file, after the final newline of line 7, at 8:1.
    const { dir, run } = buildWith({
      'templates/custom.hbs': templateText('{{#if title}}\nClosing words.\n'),
      'briefs/bad.md': briefText({ extra: 'template: custom\n' }),
    });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    const d = expectProblem(run, 'templates/custom.hbs:8:1', 'TEMPLATE_SYNTAX');
    expect(d.message).toMatch(/^The template has a syntax error: /);
  });

  it('7b. a stray "}" and a mismatched {{/block}} are reported where they are', SLOW, () => {
    // custom.hbs line 6 is "See {{title} now.": the lone "}" is column 12.
    // mismatch.hbs has no front matter; "{{#if title}}" on line 3 is closed
    // by "{{/iff}}" on line 5: Handlebars places the error at the block name
    // on line 3 (column 4); its "{{" (column 1) would do as well.
    const { dir, run } = buildWith({
      'templates/custom.hbs': templateText('See {{title} now.\n'),
      'templates/mismatch.hbs': '{{{body}}}\n\n{{#if title}}\nText.\n{{/iff}}\n',
      'briefs/bad.md': briefText({ extra: 'template: custom\n' }),
      'briefs/bad2.md': briefText({ extra: 'template: mismatch\n' }),
    });
    expectOnlyGoodBuilt(dir, run, { bad: 1, bad2: 1 });
    const places = reported(run.stderr).map((d) => `${d.place} [${d.code}]`);
    const got = `reported: ${places.join('; ')}`;
    expect.soft(places, got).toContain('templates/custom.hbs:6:12 [TEMPLATE_SYNTAX]');
    const mismatch = places.find((p) => p.startsWith('templates/mismatch.hbs:'));
    expect.soft(mismatch, got).toMatch(/^templates\/mismatch\.hbs:3:(1|4) \[TEMPLATE_SYNTAX\]$/);
  });

  it('8. strict mode: a misspelt field → TEMPLATE_FIELD_MISSING at the field in the template', SLOW, () => {
    // Line 6 "## {{title}}" is fine; line 8 is "About {{titel}} here.": "{{" is
    // column 7, the field name "titel" column 9.
    const { dir, run } = buildWith({
      'templates/custom.hbs': templateText('## {{title}}\n\nAbout {{titel}} here.\n'),
      'briefs/bad.md': briefText({ extra: 'template: custom\n' }),
    });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    const d = expectProblem(run, 'templates/custom.hbs:8:9', 'TEMPLATE_FIELD_MISSING', 'Did you mean "title"?');
    expect(d.message).toContain('"titel"');
  });

  it('a template whose settings are not valid YAML fails only the briefs that use it', SLOW, () => {
    // loadTemplates' own contract; today the YAMLException escapes and the
    // whole run stops with exit 3 ("Internal error"), building nothing.
    const { dir, run } = buildWith({
      'templates/broken.hbs': '---\nmargins: [1, 2\n---\n{{{body}}}\n',
      'briefs/bad.md': briefText({ extra: 'template: broken\n' }),
    });
    expect(run.stderr).not.toContain('Internal error');
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    expect(reported(run.stderr).map((d) => d.place)[0]).toMatch(/^templates\/broken\.hbs:\d+:\d+$/);
  });
});

describe('bad content', () => {
  it('9. raw HTML in the body → MARKDOWN_UNSUPPORTED at the brief line', SLOW, () => {
    // Body: line 8 "Intro paragraph.", 9 blank, 10 "<div>hi</div>".
    const { dir, run } = buildWith({ 'briefs/bad.md': briefText({ body: 'Intro paragraph.\n\n<div>hi</div>\n' }) });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    const d = expectProblem(run, 'briefs/bad.md:10:1', 'MARKDOWN_UNSUPPORTED');
    expect(d.message).toContain('<div>hi</div>');
  });

  it('10. a missing image and a remote image → IMAGE_INVALID, nothing fetched', SLOW, () => {
    // Body: line 8 text, 10 the missing image, 12 the remote one.
    const body = 'Intro paragraph.\n\n![chart](missing.png)\n\n![x](https://example.com/a.png)\n';
    const { dir, run } = buildWith({ 'briefs/bad.md': briefText({ body }) });
    expectOnlyGoodBuilt(dir, run, { bad: 2 });
    expect(expectProblem(run, 'briefs/bad.md:10:1', 'IMAGE_INVALID').message).toBe(
      'The image "missing.png" does not exist.',
    );
    expect(expectProblem(run, 'briefs/bad.md:12:1', 'IMAGE_INVALID').message).toContain('images are never fetched');
  });

  it('11. a character no font covers → CHARACTER_UNCOVERED with its code point and place', SLOW, () => {
    // Body line 8 is "The king 王 smiled 😀.": 王 (column 10) is covered by
    // the CJK fallback font; 😀 (column 19) is in no font.
    const { dir, run } = buildWith({ 'briefs/bad.md': briefText({ body: 'The king 王 smiled 😀.\n' }) });
    expectOnlyGoodBuilt(dir, run, { bad: 1 });
    const d = expectProblem(run, 'briefs/bad.md:8:19', 'CHARACTER_UNCOVERED');
    expect(d.message).toContain('(U+1F600)');
    expect(run.stderr).not.toContain('U+738B');
  });

  it('Markdown in a quoted or folded front-matter field is reported where it stands', SLOW, () => {
    // quoted.md line 6: 'summary: "The <b>bottom</b> line."': the opening
    // quote is column 10, "<b>" column 15.
    // folded.md lines 6-8: "summary: >-", "  The bottom line,", "  in <b>bold</b>.":
    // "<b>" is line 8, column 6.
    const head = '---\ntitle: A test brief\ndate: 2021-03-29\nto: Director\nfrom: Analyst\n';
    const { dir, run } = buildWith({
      'briefs/folded.md': `${head}summary: >-\n  The bottom line,\n  in <b>bold</b>.\n---\nBody.\n`,
      'briefs/quoted.md': `${head}summary: "The <b>bottom</b> line."\n---\nBody.\n`,
    });
    expectOnlyGoodBuilt(dir, run, { folded: 2, quoted: 2 });
    const places = reported(run.stderr).map((d) => `${d.place} [${d.code}]`);
    const got = `reported: ${places.join('; ')}`;
    expect.soft(places, got).toContain('briefs/quoted.md:6:15 [MARKDOWN_UNSUPPORTED]');
    expect.soft(places, got).toContain('briefs/folded.md:8:6 [MARKDOWN_UNSUPPORTED]');
  });

  it('an impossible date is refused whether quoted or not', SLOW, () => {
    // Line 3 is "date: ..."; "date: " is 6 characters. Unquoted, YAML reads a
    // timestamp and 2021-02-30 rolls over to 2021-03-02 unless it is checked.
    const { dir, run } = buildWith({
      'briefs/plain.md': briefText().replace('date: 2021-03-29', 'date: 2021-02-30'),
      'briefs/quoted.md': briefText().replace('date: 2021-03-29', 'date: "2021-02-30"'),
    });
    expectOnlyGoodBuilt(dir, run, { plain: 1, quoted: 1 });
    expect(expectProblem(run, 'briefs/quoted.md:3:7', 'FRONT_MATTER_INVALID').message).toBe(
      '"date" is not a real calendar date.',
    );
    expect(expectProblem(run, 'briefs/plain.md:3:7', 'FRONT_MATTER_INVALID').message).toBe(
      '"date" is not a real calendar date.',
    );
  });
});

describe('output files', () => {
  it('with --template NAME, writes x.NAME.pdf (and its copies) beside x.pdf, unless NAME is its own', SLOW, () => {
    const readers = 'distribution:\n  - name: Anna Petrova\n    organisation: Policy Planning\n';
    const dir = makeWorkspace({ 'briefs/x.md': briefText({ extra: readers }) });
    const card = runCli(dir, ['--template', 'brief-card', '--copies']);
    expect(card.code, card.stderr).toBe(0);
    expect(card.stdout).toMatch(/^briefs\/x\.md → output\/x\.brief-card\.pdf \(1 page, \d+ ms, 1 named copy\)$/m);
    expect(isPdf(path.join(dir, 'output/x.brief-card.pdf'))).toBe(true);
    expect(isPdf(path.join(dir, 'output/x.brief-card/copies/01-anna-petrova.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'output/x.pdf')), 'the memo is not written by a card build').toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'output/manifest.json'), 'utf8')) as {
      pdfs: { pdf: string }[];
    };
    expect(manifest.pdfs.map((e) => e.pdf).sort()).toEqual([
      'x.brief-card.pdf',
      'x.brief-card/copies/01-anna-petrova.pdf',
    ]);

    // From the cache, the card is put back where the card build wrote it, and no memo appears.
    rmSync(path.join(dir, 'output/x.brief-card.pdf'));
    const cached = runCli(dir, ['--template', 'brief-card']);
    expect(cached.stdout).toMatch(/^briefs\/x\.md → output\/x\.brief-card\.pdf \(1 page, unchanged\)$/m);
    expect(isPdf(path.join(dir, 'output/x.brief-card.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'output/x.pdf'))).toBe(false);

    const memo = runCli(dir, []);
    expect(memo.code, memo.stderr).toBe(0);
    const memoBytes = readFileSync(path.join(dir, 'output/x.pdf'));
    const cardBytes = readFileSync(path.join(dir, 'output/x.brief-card.pdf'));
    expect(memoBytes.equals(cardBytes)).toBe(false);

    // The brief's own template by name: its usual file.
    const own = runCli(dir, ['--template', 'memo', '--force']);
    expect(own.stdout).toMatch(/^briefs\/x\.md → output\/x\.pdf /m);
    expect(existsSync(path.join(dir, 'output/x.memo.pdf'))).toBe(false);
  });

  it('never replaces an earlier good PDF with a broken build, and leaves no temporary file', SLOW, () => {
    const dir = makeWorkspace({ 'briefs/memo.md': briefText() });
    const first = runCli(dir);
    expect(first.code, first.stderr).toBe(0);
    const pdf = path.join(dir, 'output/memo.pdf');
    const before = readFileSync(pdf);
    expect(before.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // A new title (which would change the bytes) and an image that fails the
    // last check before the PDF is written.
    writeFile(dir, 'briefs/memo.md', briefText({ title: 'Changed', body: 'Text.\n\n![chart](missing.png)\n' }));
    const second = runCli(dir);
    expect(second.code).toBe(1);
    expectProblem(second, 'briefs/memo.md:10:1', 'IMAGE_INVALID');
    expect(readFileSync(pdf).equals(before), 'the PDF is unchanged').toBe(true);
    // The build cache lives in output/.cache; no temporary file is left anywhere.
    const listed = ['.cache', 'manifest.json', 'index.html'];
    expect(readdirSync(path.join(dir, 'output')).filter((f) => !listed.includes(f))).toEqual(['memo.pdf']);
    expect(
      readdirSync(path.join(dir, 'output'), { recursive: true }).filter((f) => String(f).endsWith('.tmp')),
    ).toEqual([]);
  });

  it('builds a brief with CRLF line endings and a UTF-8 BOM, and places problems in one correctly', SLOW, async () => {
    const crlf = (text: string) => `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    const dir = makeWorkspace({
      'briefs/good.md': crlf(briefText({ title: 'Windows brief', body: 'Some **body** text.\n\nMore text.\n' })),
      'briefs/other/bad.md': crlf(briefText({ extra: 'keyPints: []\n' })),
    });
    const run = runCli(dir, ['briefs/good.md']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(outsideGitNote);
    expect(run.stdout).toMatch(/^briefs\/good\.md → output\/good\.pdf \(1 pages?, \d+ ms\)$/m);
    const pdf = await readPdf(readFileSync(path.join(dir, 'output/good.pdf')));
    expect(pdf.info.Title).toBe('Windows brief');
    expect(pdf.text).toContain('More text.');

    const bad = runCli(dir, ['briefs/other/bad.md']);
    expect(bad.code).toBe(1);
    const d = expectProblem(bad, 'briefs/other/bad.md:7:1', 'FRONT_MATTER_UNKNOWN_KEY', 'Did you mean "keyPoints"?');
    expect(d.lines.join('\n')).not.toContain('\r');
  });
});

describe('footnotes cited in front-matter fields', () => {
  it('are numbered in the memo, and left out of the brief card, which prints no notes, never printed as [^id]', async () => {
    const extra = 'keyPoints:\n  - title: Point\n    assessment: It costs a lot.[^cost] More text.\n';
    const dir = makeWorkspace({
      'briefs/x.md': briefText({
        extra,
        body: 'Body.[^cost]\n\n[^cost]: Cost estimate.\n',
      }).replace('summary: The bottom line.', 'summary: The bottom line costs money.[^cost]'),
    });
    for (const template of ['memo', 'brief-card']) {
      const run = runCli(dir, ['--template', template, 'briefs/x.md']);
      expect(run.code, run.stderr).toBe(0);
    }
    const memo = (await readPdf(readFileSync(path.join(dir, 'output/x.pdf')))).text;
    const card = (await readPdf(readFileSync(path.join(dir, 'output/x.brief-card.pdf')))).text;
    expect(memo).toContain('The bottom line costs money.1');
    expect(card).toContain('The bottom line costs money.');
    expect(card).toContain('It costs a lot.');
    expect(memo + card).not.toContain('[^');
  }, 60_000);
});

describe('reviewers’ comments and page breaks', () => {
  it('never prints an HTML comment, and starts a new page at \\newpage', async () => {
    const body =
      'First page.<!-- inline note for reviewers -->\n\n<!--\nA block comment\nfor reviewers.\n-->\n\n\\newpage\n\nSecond page.\n';
    const dir = makeWorkspace({ 'briefs/x.md': briefText({ body }) });
    const run = runCli(dir, ['briefs/x.md']);
    expect(run.code, run.stderr).toBe(0);
    const pdf = await readPdf(readFileSync(path.join(dir, 'output/x.pdf')));
    expect(pdf.numPages).toBe(2);
    expect(pdf.pages[0]).toContain('First page.');
    expect(pdf.pages[1]).toContain('Second page.');
    expect(pdf.text).not.toContain('reviewers');
    expect(pdf.text).not.toContain('newpage');
  }, 60_000);
});
