import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { briefJsonSchema, SCHEMA_FILE, schemaText } from '../scripts/schema.ts';
import { briefSchema } from '../src/schema.ts';
import { repoRoot } from './helpers.ts';
import { tempFolder } from './temp.ts';

/**
 * schema/brief.schema.json is what editors check front matter against. It is
 * generated from the zod schema, so it must never go stale, and a real JSON
 * Schema validator must accept exactly what zod accepts.
 */

const SLOW = { timeout: 30_000 };
const script = path.join(repoRoot, 'scripts', 'schema.ts');
const tsx = import.meta.resolve('tsx');

function runSchemaScript(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', tsx, script, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('schema/brief.schema.json', () => {
  it('is exactly what `npm run schema` generates now', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('is deterministic, pretty-printed, and ends with one newline', () => {
    const text = schemaText();
    expect(schemaText()).toBe(text);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it('declares its draft, id and title, keeps the docs, and forbids unknown keys', () => {
    type Node = { [keyword: string]: unknown; items?: Node; properties?: Record<string, Node> };
    const schema = briefJsonSchema() as Node;
    const properties = schema.properties ?? {};
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBeTruthy();
    expect(schema.title).toBeTruthy();
    expect(schema.additionalProperties).toBe(false);
    expect(properties.recommendations.items?.additionalProperties).toBe(false);
    expect(properties.preparedBy.additionalProperties).toBe(false);
    // Input side: keys with a default may be left out.
    expect(schema.required).toEqual(['title', 'date', 'to', 'from', 'summary']);
    // Levels depend on the brief's scheme, so the build checks them; the editor offers the built-in ones.
    expect(properties.classification.examples).toEqual(expect.arrayContaining(['UNCLASSIFIED', 'OFFICIAL-SENSITIVE']));
    for (const [key, property] of Object.entries(properties)) {
      expect(property.description, key).toBe(briefSchema.shape[key as keyof typeof briefSchema.shape].description);
    }
  });

  it('is referenced by the sample brief, by a path relative to the brief', () => {
    const brief = path.join(repoRoot, 'briefs', 'russia-china-joint-statement.md');
    const comment = /^---\n# yaml-language-server: \$schema=(\S+)\n/.exec(readFileSync(brief, 'utf8'));
    expect(comment).not.toBeNull();
    expect(path.resolve(path.dirname(brief), comment?.[1] ?? '')).toBe(SCHEMA_FILE);
  });
});

describe('npm run schema', () => {
  it('--check passes on the committed file', SLOW, () => {
    const run = runSchemaScript(['--check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('writes FILE, and --check fails on a stale or missing one without touching it', SLOW, () => {
    const dir = tempFolder('briefing-schema-');
    const file = path.join(dir, 'brief.schema.json');
    expect(runSchemaScript([file]).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(schemaText());

    writeFileSync(file, '{}\n');
    const stale = runSchemaScript(['--check', file]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('out of date');
    expect(stale.stderr).toContain('npm run schema');
    expect(readFileSync(file, 'utf8')).toBe('{}\n');

    const missing = runSchemaScript(['--check', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing');
    expect(existsSync(path.join(dir, 'nope.json'))).toBe(false);
  });
});

describe('JSON Schema and zod agree', () => {
  // The draft the generator declares: 2020-12.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // ajv-formats is CommonJS; under NodeNext its default export is `module.exports.default`.
  addFormats.default(ajv);
  const validate = ajv.compile(briefJsonSchema());

  /** Front matter as the build reads it: YAML 1.2 with the `yaml` package, so 2021-03-29 stays a string. */
  const frontMatter = (yaml: string): unknown => parse(yaml);
  const minimal = 'title: A test brief\ndate: 2021-03-29\nto: Director\nfrom: Analyst\nsummary: The bottom line.\n';
  const withKeys = (extra: string) => frontMatter(`${minimal}${extra}`);
  const sampleBrief = readFileSync(path.join(repoRoot, 'briefs', 'russia-china-joint-statement.md'), 'utf8');
  const sampleFrontMatter = /^---\n([\s\S]*?)\n---\n/.exec(sampleBrief)?.[1] ?? '';

  const valid: [string, unknown][] = [
    ['the sample brief', frontMatter(sampleFrontMatter)],
    ['a minimal brief', withKeys('')],
    [
      'every optional key',
      withKeys(`subtitle: One line
shortTitle: Short
classification: TOP SECRET
memoType: decision
organisation: Office of Policy Analysis
cc: [Legal, Press]
keyPoints:
  - title: Human rights
    quote: All human rights are universal.
    attribution: Joint statement
    meaning: The subtext.
    assessment: Ours.
    takeaway: One line.
recommendations:
  - action: Act.
    rationale: Why.
    owner: Someone
    priority: high
    due: 2024-02-29
sources:
  - id: joscelyn-2021
    title: A source
    author: An author
    publisher: An outlet
    date: 2021-03-26
    url: https://example.com/a/b?c=d#e
    note: A note.
  - title: A book
    date: 1999
preparedBy: { name: Analyst, office: Office }
status: draft
portionMarks: true
toc: true
maxPages: 2
logo: logo.png
template: brief-card
keywords: [Russia, China]
language: en-GB
paper: A4
`),
    ],
    ['addressees as a list', frontMatter(minimal.replace('to: Director', 'to: [Director, Deputy]'))],
    ['a leap day', frontMatter(minimal.replace('2021-03-29', '2024-02-29'))],
    ['an upper-case https URL', withKeys('sources: [{ title: S, url: "HTTPS://EXAMPLE.COM/" }]')],
    [
      'a URL with Cyrillic and a space in the path',
      withKeys('sources: [{ title: S, url: "https://ru.wikipedia.org/wiki/Москва 1" }]'),
    ],
    ['a three-letter language tag', withKeys('language: rus')],
  ];

  const invalid: [string, unknown][] = [
    ['not a set of keys', frontMatter('- title: A list')],
    ['an unknown key', withKeys('author: Someone\n')],
    ['a classification that is empty', withKeys('classification: ""\n')],
    ['a date in another format', frontMatter(minimal.replace('2021-03-29', '29/03/2021'))],
    ['a date that is a number', frontMatter(minimal.replace('2021-03-29', '20210329'))],
    // zod checks this with a refinement; the schema says `format: date` (RFC 3339 full-date), the same rule.
    ['a date not on the calendar', frontMatter(minimal.replace('2021-03-29', '2021-02-29'))],
    ['a missing required key', frontMatter(minimal.replace('summary: The bottom line.\n', ''))],
    ['a whitespace-only title', frontMatter(minimal.replace('title: A test brief', 'title: "   "'))],
    ['an empty list of addressees', frontMatter(minimal.replace('to: Director', 'to: []'))],
    ['keyPoints that are not a list', withKeys('keyPoints: Human rights\n')],
    ['a key point without a title', withKeys('keyPoints: [{ quote: Said. }]\n')],
    ['an extra key inside a recommendation', withKeys('recommendations: [{ action: Act., deadline: soon }]\n')],
    ['a priority not in the list', withKeys('recommendations: [{ action: Act., priority: urgent }]\n')],
    ['a due date not on the calendar', withKeys('recommendations: [{ action: Act., due: 2021-04-31 }]\n')],
    ['a source id with capitals', withKeys('sources: [{ id: Bad_Id, title: S }]\n')],
    ['a source year that is not whole', withKeys('sources: [{ title: S, date: 2021.5 }]\n')],
    ['an ftp URL', withKeys('sources: [{ title: S, url: "ftp://example.com/file" }]\n')],
    ['an http URL without //', withKeys('sources: [{ title: S, url: "https:example.com" }]\n')],
    ['a URL without a host', withKeys('sources: [{ title: S, url: "https://" }]\n')],
    ['a URL with a space in the host', withKeys('sources: [{ title: S, url: "https://exa mple.com" }]\n')],
    ['text that is not a URL', withKeys('sources: [{ title: S, url: not a url }]\n')],
    ['an extra key in preparedBy', withKeys('preparedBy: { name: A, phone: "123" }\n')],
    ['a status in the wrong case', withKeys('status: Draft\n')],
    ['toc as "yes" (a string in YAML 1.2)', withKeys('toc: yes\n')],
    ['maxPages 0', withKeys('maxPages: 0\n')],
    ['maxPages 1.5', withKeys('maxPages: 1.5\n')],
    ['a shortTitle over 60 characters', withKeys(`shortTitle: ${'x'.repeat(61)}\n`)],
    ['a template name with a slash', withKeys('template: ../memo\n')],
    ['a bad language tag', withKeys('language: English\n')],
    ['paper Legal', withKeys('paper: Legal\n')],
    ['a keyword that is empty', withKeys('keywords: [Russia, ""]\n')],
  ];

  it('has enough samples, each what it says it is', () => {
    expect(valid.length + invalid.length).toBeGreaterThanOrEqual(12);
    for (const [name, data] of valid) expect(briefSchema.safeParse(data).success, name).toBe(true);
    for (const [name, data] of invalid) expect(briefSchema.safeParse(data).success, name).toBe(false);
  });

  it.each([...valid, ...invalid])('on %s', (_name, data) => {
    expect(validate(data), ajv.errorsText(validate.errors)).toBe(briefSchema.safeParse(data).success);
  });

  // Left out above, because JSON Schema cannot say what zod checks. If one of
  // these starts to agree, move it up and delete it here.
  const gaps: [string, unknown][] = [
    // zod trims before measuring; JSON Schema's maxLength counts the spaces.
    ['a shortTitle of 60 characters with spaces around it', withKeys(`shortTitle: "  ${'x'.repeat(60)}  "`)],
    // Only the WHATWG URL parser knows the port range.
    ['a URL with a port over 65535', withKeys('sources: [{ title: S, url: "https://example.com:99999/" }]')],
  ];
  it.each(gaps)('known gap: %s', (_name, data) => {
    expect(validate(data)).not.toBe(briefSchema.safeParse(data).success);
  });
});
