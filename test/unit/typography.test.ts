import path from 'node:path';
import type { Code, Heading, InlineCode, Link, Paragraph, Text } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { markBrief } from '../../src/markings/mark.ts';
import { applyTemplate } from '../../src/stages/apply-template.ts';
import { derive, headingId } from '../../src/stages/derive.ts';
import { setFormatCharacters } from '../../src/stages/format-characters.ts';
import { assembleMarkdown, parseMarkdown } from '../../src/stages/markdown.ts';
import { parseBrief } from '../../src/stages/parse.ts';
import { loadTemplates } from '../../src/stages/template.ts';
import { validateBrief } from '../../src/stages/validate.ts';
import { briefText, source, tempDir, writeFiles } from './fixtures.ts';

const printed = (markdown: string, smart = true) => mdToString(parseMarkdown(markdown, 1, [], { smart }));

describe('smart punctuation, as Pandoc’s smart extension', () => {
  it.each([
    ['"Quoted," she said.', '“Quoted,” she said.'],
    ["It's the 'inner' one.", 'It’s the ‘inner’ one.'],
    ["Back in the '90s.", 'Back in the ’90s.'],
    ['Pages 3--5.', 'Pages 3–5.'],
    ['A pause --- then more.', 'A pause — then more.'],
    ['And so on...', 'And so on…'],
  ])('sets %j as %j', (typed, set) => {
    expect(printed(typed)).toBe(set);
  });

  it('pairs quotes across emphasis, strong text and links', () => {
    expect(printed('"*Emphasis*" and "[a link](https://example.com)" and **"strong"**.')).toBe(
      '“Emphasis” and “a link” and “strong”.',
    );
  });

  it('leaves code spans, code blocks and web addresses as typed', () => {
    const tree = parseMarkdown('Run `a "b" -- c...` or https://example.com/a--b...c "now".\n\n```\n"x" -- y...\n```\n');
    const [paragraph, code] = tree.children as [Paragraph, Code];
    const [, span, , address, rest] = paragraph.children as [Text, InlineCode, Text, Link, Text];
    expect(span.value).toBe('a "b" -- c...');
    expect((address.children[0] as Text).value).toBe('https://example.com/a--b...c');
    expect(rest.value).toBe(' “now”.');
    expect(code.value).toBe('"x" -- y...');
  });

  it('keeps positions in the brief', () => {
    const typed = 'First line.\n\nHe said "no" -- twice...\n';
    const set = parseMarkdown(typed, 8);
    const asTyped = parseMarkdown(typed, 8, [], { smart: false });
    expect(mdToString(set)).not.toBe(mdToString(asTyped));
    expect(JSON.stringify(set, (k, v) => (k === 'value' ? undefined : v))).toBe(
      JSON.stringify(asTyped, (k, v) => (k === 'value' ? undefined : v)),
    );
  });

  it('makes heading anchors from the text as typed, as GitHub does', async () => {
    const root = tempDir('briefing-anchor-');
    writeFiles(root, { 'templates/memo.hbs': '{{{body}}}\n' });
    const templates = await loadTemplates(path.join(root, 'templates'), root);
    const body = '## U.S.--China "talks"\n\nSee [the talks](#us--china-talks).\n';
    const brief = derive(
      assembleMarkdown(
        applyTemplate(markBrief(validateBrief(parseBrief(source(briefText({ body })))), templates), templates),
      ),
    );
    const heading = brief.tree.children[0] as Heading;
    expect(mdToString(heading)).toBe('U.S.–China “talks”');
    expect(headingId(heading)).toBe('us--china-talks');
  });

  it('is turned off by a template that says smart: false', async () => {
    const body = 'He said "no" -- twice...\n';
    const assembled = async (settings: string) => {
      const root = tempDir('briefing-smart-');
      writeFiles(root, { 'templates/memo.hbs': `---\n${settings}---\n{{{body}}}\n` });
      const templates = await loadTemplates(path.join(root, 'templates'), root);
      const brief = markBrief(validateBrief(parseBrief(source(briefText({ body })))), templates);
      return mdToString(assembleMarkdown(applyTemplate(brief, templates)).tree);
    };
    expect(await assembled('')).toBe('He said “no” – twice…');
    expect(await assembled('smart: false\n')).toBe('He said "no" -- twice...');
  });
});

describe('format characters', () => {
  it('sets thin, hair and other fixed-width spaces as a space, and the no-break ones as a no-break space', () => {
    expect(setFormatCharacters('10\u2009000, a\u200ab, 5\u202f%, 7\u2007kg, em\u2003space')).toBe(
      '10 000, a b, 5\u00a0%, 7\u00a0kg, em space',
    );
  });

  it('drops zero-width characters, joiners, variation selectors, soft hyphens and a byte-order mark', () => {
    expect(setFormatCharacters('zero\u200bwidth non\u200cjoiner join\u200ded word\u2060joiner')).toBe(
      'zerowidth nonjoiner joined wordjoiner',
    );
    expect(setFormatCharacters('\u26a0\ufe0f warn\u00ading mark\ufeffed \u200eltr')).toBe('\u26a0 warning marked ltr');
  });

  it('sets them in text, code and alt text of a parsed tree, with smart punctuation on or off', () => {
    for (const smart of [true, false]) {
      const tree = parseMarkdown('A\u2009b\u200b `c\u200dd` ![e\u00adf](x.png)\n\n```\ng\u2060h\n```\n', 1, [], {
        smart,
      });
      expect(JSON.stringify(tree)).not.toMatch(/[\u00ad\u2009\u200b\u2060]|\u200d/);
      expect(mdToString(tree)).toBe('A b cd efgh');
    }
  });
});
