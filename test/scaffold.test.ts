import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isoDay, MAX_SLUG_LENGTH, scaffoldBrief, slugify } from '../src/cli/scaffold.ts';
import { briefSchema } from '../src/schema.ts';
import { makeWorkspace, repoRoot, runCli } from './helpers.ts';
import { flat, readPdf } from './pdf.ts';

const SLOW = { timeout: 60_000 };
const newBrief = path.join(repoRoot, 'src', 'cli', 'new-brief.ts');
const tsx = import.meta.resolve('tsx');
const schemaFile = path.join(repoRoot, 'schema', 'brief.schema.json');

/** Runs the real command, as `npm run new:brief -- ARGS` would, in `cwd`. */
function runNewBrief(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, ['--import', tsx, newBrief, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The front matter of a brief, read as the build reads it (YAML 1.2). */
function frontMatterOf(text: string): { yaml: string; data: unknown } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('no front matter');
  return { yaml: match[1], data: parse(match[1]) };
}

const scaffold = (title: string) =>
  scaffoldBrief({ title, date: '2024-05-01', schemaPath: '../schema/brief.schema.json' });

describe('slugify', () => {
  it.each([
    ['Russia China Joint Statement', 'russia-china-joint-statement'],
    ['  Q3 2024: NATO -- Summit!! ', 'q3-2024-nato-summit'],
    ['Russia–China Statement (Draft #2)', 'russia-china-statement-draft-2'],
    ['Café au lait & Crème brûlée', 'cafe-au-lait-and-creme-brulee'],
    ['China’s Belt and Road', 'chinas-belt-and-road'],
    ["Xi's visit", 'xis-visit'],
    ['Straße, Ærø and Łódź', 'strasse-aero-and-lodz'],
    ['Москва и Пекин: объём торговли', 'moskva-i-pekin-obyom-torgovli'],
    ['中俄 joint statement', 'joint-statement'],
    ['中国外交', ''],
    ['!!!', ''],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('cuts a long title at a word boundary', () => {
    const slug = slugify('Russia–China Joint Statement on Global Governance: Reading the Subtext');
    expect(slug).toBe('russia-china-joint-statement-on-global-governance-reading');
    expect(slugify('word '.repeat(40)).length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slugify('x'.repeat(100))).toBe('x'.repeat(MAX_SLUG_LENGTH));
  });
});

describe('scaffoldBrief', () => {
  it('names the file from the title, or from the date when the title has no Latin or Cyrillic letters', () => {
    expect(scaffold('NATO Summit').slug).toBe('nato-summit');
    expect(scaffold('中国外交').slug).toBe('brief-2024-05-01');
  });

  it('opens the front matter with the schema comment', () => {
    expect(
      scaffold('NATO Summit').text.startsWith('---\n# yaml-language-server: $schema=../schema/brief.schema.json\n'),
    ).toBe(true);
  });

  it('writes a brief that passes the schema as it is, with the title and date given', () => {
    const result = briefSchema.safeParse(frontMatterOf(scaffold('NATO Summit').text).data);
    expect(result.error?.issues).toBeUndefined();
    expect(result.data).toMatchObject({ title: 'NATO Summit', date: '2024-05-01', status: 'draft' });
  });

  it('has every required key and the commonly used optional ones, with placeholders', () => {
    const { yaml, data } = frontMatterOf(scaffold('NATO Summit').text);
    const keys = Object.keys(data as object);
    const required = Object.entries(briefSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([key]) => key);
    expect(required.sort()).toEqual(['date', 'from', 'summary', 'title', 'to']);
    expect(keys).toEqual(expect.arrayContaining(required));
    const common = ['subtitle', 'organisation', 'classification', 'memoType', 'status', 'keyPoints'];
    expect(keys).toEqual(expect.arrayContaining([...common, 'recommendations', 'sources', 'preparedBy']));
    for (const key of ['subtitle', 'organisation', 'to', 'from', 'summary']) {
      expect((data as Record<string, string>)[key], key).toMatch(/^TODO: /);
    }
    expect(yaml).not.toMatch(/TODO(?!: )/);
  });

  it('has a body skeleton', () => {
    const { text } = scaffold('NATO Summit');
    expect(text).toMatch(/\n---\n\n## Background\n\nTODO: .+\n/);
  });

  it.each([
    'Yes',
    'null',
    '2024',
    '2024-05-01',
    'Reading: the subtext',
    '#1 priority',
    '- dash',
    '"Quoted" title',
    "It's 'quoted'",
    '[INSERT title]',
    '@handle',
    '!important',
    '*star',
    '& more',
    '? question',
    '% percent',
    '`tick`',
    'trailing # comment',
    'Back\\slash',
    'Москва: 中国',
  ])('keeps the title %j exactly', (title) => {
    expect((frontMatterOf(scaffold(title).text).data as { title: string }).title).toBe(title);
  });

  it('folds the title onto one line and refuses an empty one', () => {
    expect((frontMatterOf(scaffold('  Two\n  lines\t ').text).data as { title: string }).title).toBe('Two lines');
    expect(() => scaffold(' \n ')).toThrow(/title/);
  });

  it('formats the date as YYYY-MM-DD in local time', () => {
    expect(isoDay(new Date(2024, 0, 5, 23, 59))).toBe('2024-01-05');
  });
});

describe('npm run new:brief', () => {
  it('creates a brief that builds, and refuses to overwrite it', SLOW, async () => {
    const dir = makeWorkspace();
    const created = runNewBrief(dir, ['Russia–China Trade: A First Look']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const file = path.join(dir, 'briefs', 'russia-china-trade-a-first-look.md');
    expect(created.stdout).toContain(path.join('briefs', 'russia-china-trade-a-first-look.md'));
    const text = readFileSync(file, 'utf8');

    // Today's date, and a schema comment that leads from the new file to the real schema.
    const { data } = frontMatterOf(text);
    expect((data as { date: string }).date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const schemaPath = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1] ?? '';
    expect(path.resolve(path.dirname(file), schemaPath)).toBe(schemaFile);
    expect(existsSync(schemaFile)).toBe(true);

    // A second run with the same title leaves the (edited) brief alone.
    writeFileSync(file, `${text}\nEdited by hand.\n`);
    const again = runNewBrief(dir, ['Russia–China Trade: A First Look']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(path.join('briefs', 'russia-china-trade-a-first-look.md'));
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe(`${text}\nEdited by hand.\n`);
    writeFileSync(file, text);

    // The scaffold builds into a PDF with the real CLI, placeholders and all
    // (they may be reported as warnings, never as errors).
    const built = runCli(dir, ['--out', 'out', 'briefs/russia-china-trade-a-first-look.md']);
    expect(built.stderr).not.toMatch(/: error: /);
    expect(built.code).toBe(0);
    const pdf = await readPdf(readFileSync(path.join(dir, 'out', 'russia-china-trade-a-first-look.pdf')));
    expect(flat(pdf.text)).toContain('Russia–China Trade: A First Look');
    expect(flat(pdf.text)).toContain('TODO: what happened');
  });

  it('writes into --dir, with the schema path relative to it', SLOW, () => {
    const dir = makeWorkspace();
    const run = runNewBrief(dir, ['--dir', 'briefs/2024/q2', 'NATO', 'summit']);
    expect(run.code).toBe(0);
    const file = path.join(dir, 'briefs', '2024', 'q2', 'nato-summit.md');
    const text = readFileSync(file, 'utf8');
    const schemaPath = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1] ?? '';
    expect(path.resolve(path.dirname(file), schemaPath)).toBe(schemaFile);
    expect((frontMatterOf(text).data as { title: string }).title).toBe('NATO summit');
  });

  it('exits 2 with the usage when no title is given', SLOW, () => {
    const dir = makeWorkspace();
    for (const args of [[], ['  '], ['--dir', 'elsewhere'], ['--bogus', 'Title']]) {
      const run = runNewBrief(dir, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: npm run new:brief');
    }
    expect(readdirSync(path.join(dir, 'briefs'))).toEqual([]);
  });
});
