import { describe, expect, it } from 'vitest';
import { parseBrief } from '../../src/stages/parse.ts';
import { validateBrief } from '../../src/stages/validate.ts';
import { briefText, diagnosticsOf, place, source } from './fixtures.ts';

const validate = (text: string) => validateBrief(parseBrief(source(text)));
const problems = (text: string) => diagnosticsOf(() => validate(text));
const byLine = (a: [string, number, number], b: [string, number, number]) => a[1] - b[1] || a[2] - b[2];

describe('validateBrief', () => {
  it('fills in defaults and normalises a minimal brief', () => {
    const { brief } = validate(briefText());
    expect(brief).toMatchObject({
      title: 'A test brief',
      date: '2021-03-29',
      memoType: 'information',
      template: 'memo',
      language: 'en',
      paper: 'Letter',
      to: ['Director'],
      from: ['Analyst'],
      summary: 'The bottom line.',
      keyPoints: [],
      recommendations: [],
      sources: [],
      keywords: [],
    });
    expect(brief.subtitle).toBeUndefined();
    expect(brief.cc).toBeUndefined();
  });

  it('turns a single addressee into a list and keeps a list as it is', () => {
    const { brief } = validate(briefText({ extra: 'cc: [Ops, "Legal, Policy"]\n' }));
    expect(brief.to).toEqual(['Director']);
    expect(brief.cc).toEqual(['Ops', 'Legal, Policy']);
  });

  it('normalises an unquoted YAML date (a timestamp) and a quoted one to YYYY-MM-DD', () => {
    expect(validate(briefText()).brief.date).toBe('2021-03-29');
    const quoted = briefText().replace('date: 2021-03-29', 'date: "2021-03-29"');
    expect(validate(quoted).brief.date).toBe('2021-03-29');
    const due = validate(briefText({ extra: 'recommendations:\n  - action: Act\n    due: 2021-04-02\n' }));
    expect(due.brief.recommendations[0].due).toBe('2021-04-02');
  });

  it('accepts every documented option', () => {
    const { brief } = validate(
      briefText({
        extra: 'classification: TOP SECRET\nmemoType: decision\nlanguage: en-GB\npaper: A4\ntemplate: memo-2\n',
      }),
    );
    expect([brief.classification, brief.memoType, brief.language, brief.paper, brief.template]).toEqual([
      'TOP SECRET',
      'decision',
      'en-GB',
      'A4',
      'memo-2',
    ]);
  });

  it('gives the file place of a front-matter value by path', () => {
    const valid = validate(briefText({ extra: 'keyPoints:\n  - title: One\n  - title: Two\n    meaning: Deep.\n' }));
    expect(valid.placeOf(['summary'])).toEqual({ line: 6, column: 10 });
    expect(valid.placeOf(['keyPoints', 1, 'meaning'])).toEqual({ line: 10, column: 14 });
    expect(valid.placeOf(['keyPoints', 1])).toEqual({ line: 9, column: 5 });
  });

  it('reports several problems in one pass, each at its line and column', () => {
    const text = [
      '---',
      'title: X',
      'date: 21 March 2021',
      'memoType: memo',
      'to: [A]',
      'from: 5',
      'sumary: hi',
      'keyPoints:',
      '  - title: A',
      '    quot: b',
      '---',
      'Body',
      '',
    ].join('\n');
    const diagnostics = problems(text);
    expect(diagnostics.map(place).sort(byLine)).toEqual([
      ['FRONT_MATTER_MISSING_KEY', 2, 1],
      ['FRONT_MATTER_INVALID', 3, 7],
      ['FRONT_MATTER_INVALID', 4, 11],
      ['FRONT_MATTER_INVALID', 6, 7],
      ['FRONT_MATTER_UNKNOWN_KEY', 7, 1],
      ['FRONT_MATTER_UNKNOWN_KEY', 10, 5],
    ]);
    const message = (code: string, line: number) =>
      diagnostics.find((d) => d.code === code && d.line === line)?.message;
    expect(message('FRONT_MATTER_MISSING_KEY', 2)).toBe('Required key "summary" is missing.');
    expect(message('FRONT_MATTER_INVALID', 6)).toBe('"from" must be a name or a list of names.');
    expect(message('FRONT_MATTER_UNKNOWN_KEY', 7)).toBe('Unknown key "sumary".');
    expect(diagnostics.every((d) => d.file === 'briefs/test.md' && d.severity === 'error')).toBe(true);
  });

  it('reports an unknown key in keyPoints[1] at the key, with a did-you-mean', () => {
    const diagnostics = problems(
      briefText({ extra: 'keyPoints:\n  - title: A\n  - title: B\n    asessment: Fine.\n' }),
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'FRONT_MATTER_UNKNOWN_KEY',
      line: 10,
      column: 5,
      message: 'Unknown key "asessment" in keyPoints[1].',
      hint: 'Did you mean "assessment"?',
    });
  });

  it('lists the known keys when an unknown key is like none of them', () => {
    const [d] = problems(briefText({ extra: 'preparedBy:\n  name: Me\n  xyzzy: 1\n' }));
    expect(d).toMatchObject({ code: 'FRONT_MATTER_UNKNOWN_KEY', line: 9, column: 3 });
    expect(d.hint).toBe('Known keys here: name, office.');
  });

  it('reports a misspelt enum value at the value, with a did-you-mean', () => {
    const diagnostics = problems(briefText({ extra: 'memoType: decison\npaper: latter\n' }));
    expect(diagnostics.map(place).sort(byLine)).toEqual([
      ['FRONT_MATTER_INVALID', 7, 11],
      ['FRONT_MATTER_INVALID', 8, 8],
    ]);
    const memoType = diagnostics.find((d) => d.line === 7);
    expect(memoType?.message).toBe('"memoType" must be one of "information", "decision", "action".');
    expect(memoType?.hint).toBe('Did you mean "decision"?');
    expect(diagnostics.find((d) => d.line === 8)?.hint).toBe('Did you mean "Letter"?');
  });

  it('rejects a quoted date that is not on the calendar', () => {
    const text = briefText().replace('date: 2021-03-29', 'date: "2021-02-30"');
    const diagnostics = problems(text);
    expect(diagnostics.map(place)).toEqual([['FRONT_MATTER_INVALID', 3, 7]]);
    expect(diagnostics[0].message).toBe('"date" is not a real calendar date.');
  });

  it('rejects a date in another format at the value', () => {
    const text = briefText().replace('date: 2021-03-29', 'date: 29/03/2021');
    expect(problems(text).map(place)).toEqual([['FRONT_MATTER_INVALID', 3, 7]]);
  });

  // The schema's own message, not zod's regex issue of the string branch.
  it('says how to write a date when it is in another format', () => {
    const text = briefText().replace('date: 2021-03-29', 'date: 29/03/2021');
    expect(problems(text)[0].message).toBe('"date" must be a date written YYYY-MM-DD.');
  });

  // An unquoted impossible date is refused, not rolled over to March 2 as a YAML timestamp.
  it('rejects an unquoted date that is not on the calendar (2021-02-30)', () => {
    const text = briefText().replace('date: 2021-03-29', 'date: 2021-02-30');
    const diagnostics = problems(text);
    expect(diagnostics.map(place)).toEqual([['FRONT_MATTER_INVALID', 3, 7]]);
  });

  it('reports a wrong type with the key documentation as hint', () => {
    const [d] = problems(briefText({ extra: 'keyPoints: none\n' }));
    expect(d).toMatchObject({ code: 'FRONT_MATTER_INVALID', line: 7, column: 12 });
    expect(d.message).toBe('"keyPoints" must be a list.');
    expect(d.hint).toContain('The points analysed');
  });

  it('reports an empty required text', () => {
    const [d] = problems(briefText({ title: '""' }));
    expect(place(d)).toEqual(['FRONT_MATTER_INVALID', 2, 8]);
    expect(d.message).toBe('"title" must not be empty.');
  });
});
