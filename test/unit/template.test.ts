import path from 'node:path';
import Handlebars from 'handlebars';
import type { Heading, Paragraph } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { markBrief } from '../../src/markings/mark.ts';
import { applyTemplate, BODY_MARK } from '../../src/stages/apply-template.ts';
import { parseMarkdown } from '../../src/stages/markdown.ts';
import { parseBrief } from '../../src/stages/parse.ts';
import { loadTemplates, type TemplateSet } from '../../src/stages/template.ts';
import { escapeMarkdown, helpers } from '../../src/stages/template-helpers.ts';
import { validateBrief } from '../../src/stages/validate.ts';
import { briefText, diagnosticsOf, place, source, tempDir, writeFiles } from './fixtures.ts';

/** A repository root holding templates/ with the given files; cwd is the root, so files show as templates/…. */
async function templatesWith(files: Record<string, string>): Promise<TemplateSet> {
  const root = tempDir('briefing-tpl-');
  writeFiles(
    root,
    Object.fromEntries(Object.entries(files).map(([name, text]) => [path.join('templates', name), text])),
  );
  return loadTemplates(path.join(root, 'templates'), root);
}

/** A brief as the template step takes it: valid, with its marking. */
const marked = (set: TemplateSet, text = briefText()) => markBrief(validateBrief(parseBrief(source(text))), set);
const run = (set: TemplateSet, name: string, text = briefText()) =>
  applyTemplate(marked(set, text), set, name).markdown;

/** The problems that keep a template from loading. */
function loadProblems(set: TemplateSet, name: string): Diagnostic[] {
  const template = set.get(name);
  if (!Array.isArray(template)) throw new Error(`template "${name}" loaded without problems`);
  return template;
}

describe('loadTemplates and applyTemplate', () => {
  it('escapes Markdown in {{title}} so the text prints exactly as written', async () => {
    const set = await templatesWith({ 'plain.hbs': '# {{title}}\n\n{{{body}}}\n' });
    const markdown = run(set, 'plain', briefText({ title: '"R&D *fast* #1"' }));
    expect(markdown).toBe(`# R\\&D \\*fast\\* \\#1\n\n${BODY_MARK}\n`);
    const tree = parseMarkdown(markdown);
    const heading = tree.children[0] as Heading;
    expect(heading.type).toBe('heading');
    expect(heading.depth).toBe(1);
    expect(heading.children.map((c) => c.type)).toEqual(['text']);
    expect(mdToString(heading)).toBe('R&D *fast* #1');
  });

  it('inserts triple-stash values as raw Markdown', async () => {
    const set = await templatesWith({ 'raw.hbs': '{{{summary}}}\n\n{{{body}}}\n\n{{summary}}\n' });
    const markdown = run(set, 'raw', briefText({ summary: 'Bottom *line*' }));
    expect(markdown).toBe(`Bottom *line*\n\n${BODY_MARK}\n\nBottom \\*line\\*\n`);
    const [raw, , escaped] = parseMarkdown(markdown).children as Paragraph[];
    expect(raw.children.map((c) => c.type)).toEqual(['text', 'emphasis']);
    expect(escaped.children.map((c) => c.type)).toEqual(['text']);
  });

  it('reads the theme from the template front matter and defaults the rest', async () => {
    const set = await templatesWith({ 'look.hbs': '---\nsizes: { body: 10 }\nalign: justify\n---\n{{{body}}}\n' });
    const template = set.get('look');
    if (!template || Array.isArray(template)) throw new Error('template did not load');
    expect(template.file).toBe(path.join('templates', 'look.hbs'));
    expect(template.theme.sizes).toEqual({ body: 10, small: 8.5, title: 17, h2: 13, h3: 11.5 });
    expect(template.theme.align).toBe('justify');
    expect(template.theme.fonts).toEqual({ body: 'PT Serif', heading: 'PT Sans', mono: 'PT Mono' });
    expect(set.names).toEqual(['look']);
  });

  it('reports invalid template settings', async () => {
    const set = await templatesWith({ 'bad.hbs': '---\ncolors: { accent: red }\n---\nX\n' });
    const problems = loadProblems(set, 'bad');
    expect(problems.map(place)).toEqual([['TEMPLATE_SETTINGS_INVALID', 2, 1]]);
    expect(problems[0].message).toBe('Setting "colors.accent": must be a colour written #RRGGBB.');
  });

  it('refuses a font the tool does not ship, naming those it does', async () => {
    const set = await templatesWith({ 'font.hbs': '---\nfonts: { body: Comic Sans }\n---\nX\n' });
    const problems = loadProblems(set, 'font');
    expect(problems.map(place)).toEqual([['TEMPLATE_SETTINGS_INVALID', 2, 1]]);
    expect(problems[0].message).toContain('Setting "fonts.body"');
    expect(problems[0].message).toContain('"PT Serif"|"PT Sans"|"PT Mono"|"Noto Serif"');
  });

  it('fails a misspelt field in strict mode at its line and column, counting the front matter', async () => {
    const set = await templatesWith({ 'typo.hbs': '---\nsizes: { body: 10 }\n---\n# {{title}}\n\nBy {{titel}}\n' });
    const diagnostics = diagnosticsOf(() => applyTemplate(marked(set), set, 'typo'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'TEMPLATE_FIELD_MISSING',
      file: path.join('templates', 'typo.hbs'),
      line: 6,
      column: 6,
      message: 'The template refers to "titel", which no brief field or variable provides.',
      hint: 'Did you mean "title"?',
    });
  });

  it('fails a misspelt field inside a block at its own line', async () => {
    const set = await templatesWith({ 'each.hbs': '{{#each keyPoints}}\n  {{titl}}\n{{/each}}\n' });
    const text = briefText({ extra: 'keyPoints:\n  - title: K\n' });
    const diagnostics = diagnosticsOf(() => applyTemplate(marked(set, text), set, 'each'));
    expect(diagnostics.map(place)).toEqual([['TEMPLATE_FIELD_MISSING', 2, 5]]);
  });

  it('names the partial file when a field inside a partial is misspelt', async () => {
    const set = await templatesWith({
      'cites.hbs': '{{#each sources}}{{> cite}}{{/each}}\n',
      'partials/cite.hbs': '{{title}}\n{{auther}}\n',
    });
    const text = briefText({ extra: 'sources:\n  - title: Src\n' });
    const diagnostics = diagnosticsOf(() => applyTemplate(marked(set, text), set, 'cites'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'TEMPLATE_FIELD_MISSING',
      file: path.join('templates', 'partials', 'cite.hbs'),
      line: 2,
      column: 3,
    });
  });

  it('does not fail on optional fields a brief leaves out', async () => {
    const set = await templatesWith({
      'opt.hbs':
        '[{{subtitle}}][{{shortTitle}}][{{organisation}}][{{cc}}]{{#each keyPoints}}[{{quote}}/{{attribution}}]{{/each}}\n',
    });
    const text = briefText({ extra: 'keyPoints:\n  - title: K\n' });
    expect(run(set, 'opt', text)).toBe('[][][][][/]\n');
  });

  // Reading a known key of an unset optional object (preparedBy.name) is explained as such, not taken for a typo.
  it('explains a field read from an optional object the brief leaves out, and accepts it guarded', async () => {
    const set = await templatesWith({
      'by.hbs': 'By: {{preparedBy.name}}\n',
      'guarded.hbs': 'By:{{#if preparedBy}} {{preparedBy.name}}{{/if}}\n',
    });
    const diagnostics = diagnosticsOf(() => applyTemplate(marked(set), set, 'by'));
    expect(diagnostics.map(place)).toEqual([['TEMPLATE_FIELD_MISSING', 1, 7]]);
    expect(diagnostics[0].message).toBe('The template reads "name" from a field this brief leaves unset.');
    expect(diagnostics[0].hint).toBe('Guard optional fields with {{#if field}} … {{/if}}.');
    expect(run(set, 'guarded')).toBe('By:\n');
  });

  it('reports an unknown helper with its place and a did-you-mean', async () => {
    const set = await templatesWith({
      'helper.hbs': '---\ndescription: x\n---\n\nDated {{formatDat date}}\n',
      'fine.hbs': '{{{body}}}\n',
    });
    const problems = loadProblems(set, 'helper');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'TEMPLATE_HELPER_UNKNOWN',
      file: path.join('templates', 'helper.hbs'),
      line: 5,
      column: 7,
      message: 'The helper "formatDat" does not exist.',
      hint: 'Did you mean "formatDate"?',
    });
    // The broken template fails only the briefs that use it.
    expect(diagnosticsOf(() => applyTemplate(marked(set), set, 'helper')).map(place)).toEqual([
      ['TEMPLATE_HELPER_UNKNOWN', 5, 7],
    ]);
    expect(run(set, 'fine')).toBe(`${BODY_MARK}\n`);
  });

  // A transposition at the start of a name ("fromat") still finds formatDate, not the closer "roman".
  it('suggests formatDate for the helper typo {{fromat date}}', async () => {
    const set = await templatesWith({ 'helper.hbs': 'Dated {{fromat date}}\n' });
    const [problem] = loadProblems(set, 'helper');
    expect(place(problem)).toEqual(['TEMPLATE_HELPER_UNKNOWN', 1, 7]);
    expect(problem.hint).toBe('Did you mean "formatDate"?');
  });

  it('reports a missing partial with a did-you-mean, and a partial’s problems in the templates that use it', async () => {
    const set = await templatesWith({
      'uses-missing.hbs': 'A\n{{> key-piont}}\n',
      'uses-broken.hbs': '{{> broken}}\n',
      'partials/key-point.hbs': '### {{title}}\n',
      'partials/broken.hbs': 'x {{#if title}}\n',
    });
    const missing = loadProblems(set, 'uses-missing');
    expect(missing.map(place)).toEqual([['TEMPLATE_PARTIAL_MISSING', 2, 1]]);
    expect(missing[0].message).toBe('The partial "key-piont" does not exist in templates/partials/.');
    expect(missing[0].hint).toBe('Did you mean "key-point"?');
    const broken = loadProblems(set, 'uses-broken');
    expect(broken.map((d) => [d.code, d.file])).toEqual([
      ['TEMPLATE_SYNTAX', path.join('templates', 'partials', 'broken.hbs')],
    ]);
    expect(set.names).toEqual(['uses-broken', 'uses-missing']);
  });

  it('reports a syntax error at its file line, after the front matter', async () => {
    const set = await templatesWith({ 'syntax.hbs': '---\ndescription: x\n---\nA\n{{title}\n' });
    const problems = loadProblems(set, 'syntax');
    // The stray "}" is the 8th character of line 5.
    expect(problems.map(place)).toEqual([['TEMPLATE_SYNTAX', 5, 8]]);
    expect(problems[0].message).toMatch(/^The template has a syntax error: /);
  });

  it('reports an unclosed block', async () => {
    const set = await templatesWith({ 'open.hbs': 'A\n\n{{#if title}}\nno close\n' });
    const problems = loadProblems(set, 'open');
    expect(problems.map((d) => d.code)).toEqual(['TEMPLATE_SYNTAX']);
    expect(problems[0].message).toBe('The template has a syntax error: the template ends inside an open block.');
    // The end of the file: line 5, after the last newline.
    expect(problems.map(place)).toEqual([['TEMPLATE_SYNTAX', 5, 1]]);
  });

  it('reports a template name that does not exist at the brief’s template key', async () => {
    const set = await templatesWith({ 'memo.hbs': '{{{body}}}\n' });
    const text = briefText({ extra: 'template: mem\n' });
    const diagnostics = diagnosticsOf(() => applyTemplate(marked(set, text), set));
    expect(diagnostics.map(place)).toEqual([['TEMPLATE_UNKNOWN', 7, 11]]);
    expect(diagnostics[0].hint).toBe('Did you mean "memo"?');
    expect(diagnostics[0].file).toBe('briefs/test.md');
  });

  it('runs the helpers inside a template, escaping their output as Markdown', async () => {
    const set = await templatesWith({
      'helpers.hbs':
        '{{#each to}}{{number @index}}{{letter @index}}{{roman @index}} {{/each}}|{{formatDate date}}|{{join to "; "}}|{{#each (take to 2)}}[{{this}}]{{/each}}|{{formatDate date "iso"}}\n',
    });
    const text = briefText().replace('to: Director', 'to: [Ann, Bob, Cy, Di]');
    expect(run(set, 'helpers', text)).toBe(
      '1ai 2bii 3ciii 4div |March 29, 2021|Ann; Bob; Cy; Di|[Ann][Bob]|2021\\-03\\-29\n',
    );
  });
});

describe('helpers', () => {
  // Handlebars passes an options object last.
  const options = {} as Handlebars.HelperOptions;

  it('number, letter and roman count from a zero-based index', () => {
    expect([0, 1, 9].map((i) => helpers.number(i, options))).toEqual([1, 2, 10]);
    expect([0, 1, 25].map((i) => helpers.letter(i, options))).toEqual(['a', 'b', 'z']);
    expect([0, 1, 2, 3, 4, 5, 8, 9, 13, 18].map((i) => helpers.roman(i, options))).toEqual([
      'i',
      'ii',
      'iii',
      'iv',
      'v',
      'vi',
      'ix',
      'x',
      'xiv',
      'xix',
    ]);
  });

  // Numerals from forty on use l (roman takes a zero-based index).
  it('roman writes forty and beyond with l', () => {
    expect(helpers.roman(39, options)).toBe('xl');
    expect(helpers.roman(48, options)).toBe('xlix');
    expect(helpers.roman(49, options)).toBe('l');
  });

  it('formatDate writes long, short, ISO and localised dates', () => {
    expect(helpers.formatDate('2021-03-29', options)).toBe('March 29, 2021');
    expect(helpers.formatDate('2021-03-29', 'short', options)).toBe('3/29/21');
    expect(helpers.formatDate('2021-03-29', 'iso', options)).toBe('2021-03-29');
    expect(helpers.formatDate('2021-03-29', 'long', 'en-GB', options)).toBe('29 March 2021');
    expect(helpers.formatDate('2021-01-01', options)).toBe('January 1, 2021');
    expect(helpers.formatDate(null, options)).toBe('');
  });

  it('join joins lists with a separator or a comma', () => {
    expect(helpers.join(['a', 'b', 'c'], '; ', options)).toBe('a; b; c');
    expect(helpers.join(['a', 'b'], options)).toBe('a, b');
    expect(helpers.join('single', options)).toBe('single');
    expect(helpers.join(null, options)).toBe('');
  });

  it('take keeps the first N items', () => {
    expect(helpers.take([1, 2, 3, 4], 2, options)).toEqual([1, 2]);
    expect(helpers.take([1], 3, options)).toEqual([1]);
    expect(helpers.take(null, 2, options)).toEqual([]);
  });

  it('upper, capitalize and eq', () => {
    expect(helpers.upper('secret', options)).toBe('SECRET');
    expect(helpers.upper(null, options)).toBe('');
    expect(helpers.capitalize('decision', options)).toBe('Decision');
    expect(helpers.eq('a', 'a', options)).toBe(true);
    expect(helpers.eq('1', 1, options)).toBe(false);
  });
});

describe('escapeMarkdown', () => {
  it('keeps "1. not a list" a paragraph with that exact text', () => {
    const escaped = escapeMarkdown('1. not a list');
    expect(escaped).toBe('1\\. not a list');
    const tree = parseMarkdown(escaped);
    expect(tree.children.map((c) => c.type)).toEqual(['paragraph']);
    expect(mdToString(tree)).toBe('1. not a list');
  });

  it.each([
    'R&D *fast* #1',
    '1) not a list either',
    '- not a bullet',
    '+ nor this',
    '> not a quote',
    '# not a heading',
    '---',
    '***',
    '<b>not html</b>',
    '[not](a-link)',
    '![not](an-image.png)',
    '`not code`',
    '~~not struck~~',
    '| not | a table |',
    '&amp; stays an entity name',
    'snake_case_name_',
    'back\\slash',
    '[^1] not a footnote',
    '[x]: not a definition',
  ])('keeps %j as one paragraph of the same text', (value) => {
    // As typed: what escaping keeps, before punctuation is made typographic.
    const tree = parseMarkdown(escapeMarkdown(value), 1, [], { smart: false });
    expect(tree.children.map((c) => c.type)).toEqual(['paragraph']);
    expect((tree.children[0] as Paragraph).children.map((c) => c.type)).toEqual(['text']);
    expect(mdToString(tree)).toBe(value);
  });

  it('folds line breaks into spaces, joins lists and passes SafeStrings through', () => {
    expect(escapeMarkdown('one\n  two')).toBe('one two');
    expect(escapeMarkdown(['a', 'b*'])).toBe('a, b\\*');
    expect(escapeMarkdown(null)).toBe('');
    expect(escapeMarkdown(undefined)).toBe('');
    expect(escapeMarkdown(42)).toBe('42');
    expect(escapeMarkdown(new Handlebars.SafeString('*raw*'))).toBe('*raw*');
  });

  // Escaping leaves a bare web address as written (GFM's autolink literal would keep the backslashes).
  it('keeps a bare web address in a value as written', () => {
    const value = 'See https://example.com/a-b_c for more';
    expect(mdToString(parseMarkdown(escapeMarkdown(value)))).toBe(value);
  });
});
