import { describe, expect, it } from 'vitest';
import { ContentError } from '../../src/diagnostics/diagnostic.ts';
import { parseBrief } from '../../src/stages/parse.ts';
import { diagnosticsOf, place, source } from './fixtures.ts';

describe('parseBrief', () => {
  it('splits front matter and body, with the file line the body starts on', () => {
    const text = '---\ntitle: A memo\ndate: 2021-03-29\nto: [Alice, Bob]\n---\n# Heading\n\nText.\n';
    const parsed = parseBrief(source(text));
    // YAML 1.2: a date stays a string; the schema checks it.
    expect(parsed.data).toEqual({ title: 'A memo', date: '2021-03-29', to: ['Alice', 'Bob'] });
    expect(parsed.body).toBe('# Heading\n\nText.\n');
    expect(parsed.bodyLine).toBe(6);
    expect(text.split('\n')[parsed.bodyLine - 1]).toBe('# Heading');
    expect(parsed.source.path).toBe('briefs/test.md');
  });

  it('places YAML values at their file lines (its line N is file line N)', () => {
    const text = '---\ntitle: A memo\nsummary: >-\n  Folded\n  text.\n---\nBody\n';
    const { doc, lineCounter } = parseBrief(source(text));
    const at = (key: string) => lineCounter.linePos((doc.get(key, true) as { range: number[] }).range[0]);
    expect(at('title')).toEqual({ line: 2, col: 8 });
    expect(at('summary')).toEqual({ line: 3, col: 10 });
  });

  it('counts a blank line after the front matter as part of the body', () => {
    const parsed = parseBrief(source('---\ntitle: X\n---\n\n# H\n'));
    expect(parsed.body).toBe('\n# H\n');
    expect(parsed.bodyLine).toBe(4);
  });

  it('accepts empty front matter and an explicit yaml language', () => {
    const empty = parseBrief(source('---\n---\nBody\n'));
    expect(empty.data).toEqual({});
    expect(empty.body).toBe('Body\n');
    expect(empty.bodyLine).toBe(3);

    const yaml = parseBrief(source('---yaml\ntitle: X\n---\nBody\n'));
    expect(yaml.data).toEqual({ title: 'X' });
    expect(yaml.bodyLine).toBe(4);
  });

  it('gives an empty body when the file ends at the closing delimiter', () => {
    const parsed = parseBrief(source('---\ntitle: X\n---'));
    expect(parsed.data).toEqual({ title: 'X' });
    expect(parsed.body).toBe('');
  });

  it.each(['js', 'javascript', 'coffee', 'json'])('refuses ---%s front matter at 1:4 without running it', (lang) => {
    const flag = '__briefingParseTestRan';
    const text = `---${lang}\n{ title: (globalThis.${flag} = 'ran') }\n---\nBody\n`;
    let thrown: unknown;
    try {
      parseBrief(source(text));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContentError);
    const diagnostics = (thrown as ContentError).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'FRONT_MATTER_LANGUAGE',
      severity: 'error',
      file: 'briefs/test.md',
      line: 1,
      column: 4,
    });
    expect(diagnostics[0].message).toContain(`"${lang}"`);
    expect((thrown as Error).message).toBe(`briefs/test.md:1:4: ${diagnostics[0].message}`);
    expect((globalThis as Record<string, unknown>)[flag]).toBeUndefined();
  });

  it.each([
    ['a body without front matter', '# Title\n\nBody.\n'],
    ['an empty file', ''],
    ['front matter after a blank line', '\n---\ntitle: X\n---\n'],
  ])('reports FRONT_MATTER_MISSING at 1:1 for %s', (_name, text) => {
    const diagnostics = diagnosticsOf(() => parseBrief(source(text)));
    expect(diagnostics.map(place)).toEqual([['FRONT_MATTER_MISSING', 1, 1]]);
    expect(diagnostics[0].file).toBe('briefs/test.md');
  });

  it('reports front matter that is never closed', () => {
    const diagnostics = diagnosticsOf(() => parseBrief(source('---\ntitle: X\nBody text\n')));
    expect(diagnostics.map(place)).toEqual([['FRONT_MATTER_UNCLOSED', 1, 1]]);
  });

  it('reports front matter that is a list rather than key: value lines', () => {
    const diagnostics = diagnosticsOf(() => parseBrief(source('---\n- a\n- b\n---\nBody\n')));
    expect(diagnostics.map(place)).toEqual([['FRONT_MATTER_NOT_MAP', 2, 1]]);
  });

  it('reports a YAML syntax error at its file line and column', () => {
    // Line 4 holds a second ": " in a plain value; the parser points at that value (column 7).
    const text = '---\ntitle: X\ndate: 2021-03-29\nfrom: a: b\nto: c\n---\nBody\n';
    const diagnostics = diagnosticsOf(() => parseBrief(source(text)));
    expect(diagnostics.map(place)).toEqual([['YAML_SYNTAX', 4, 7]]);
    expect(diagnostics[0].message).toMatch(/^The front matter is not valid YAML: .+\.$/);
    expect(diagnostics[0].hint).toContain('quote values');
  });

  it('reports a duplicated key at the line of the duplicate', () => {
    const diagnostics = diagnosticsOf(() => parseBrief(source('---\ntitle: X\ndate: 2021-03-29\ntitle: Y\n---\n')));
    expect(diagnostics.map(place)).toEqual([['YAML_SYNTAX', 4, 1]]);
    expect(diagnostics[0].message).toContain('Map keys must be unique');
  });

  it('reports bad indentation at the value it breaks', () => {
    // The parser points at the value whose continuation is mis-indented.
    const diagnostics = diagnosticsOf(() => parseBrief(source('---\ntitle: X\nsummary: s\n  x: 1\nto: a\n---\n')));
    expect(diagnostics.map(place)).toEqual([['YAML_SYNTAX', 3, 10]]);
  });
});

describe('YAML tags', () => {
  it('refuses a tag that would construct something other than plain data', () => {
    const diagnostics = diagnosticsOf(() => parseBrief(source('---\ntitle: !!js/function "x"\n---\n')));
    expect(diagnostics.map(place)).toEqual([['YAML_TAG', 2, 8]]);
  });
});
