import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { briefText, makeWorkspace, writeFile } from '../helpers.ts';
import { PNG_1X1 } from '../unit/fixtures.ts';
import { runStages } from './helpers.ts';

/**
 * Property-based tests: generated front matter and Markdown go through the
 * stages (read → parse → validate → template → markdown → check) in this
 * process, and every input must end either in success or in diagnostics with
 * a file, a line within that file, a column, a code and a message: never in
 * another exception. Runs are seeded (FUZZ_SEED overrides) so CI is
 * reproducible; fast-check prints the seed and the shrunk input on failure.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const T = { timeout: 120_000 };

const root = makeWorkspace({ 'briefs/other.md': briefText({ title: 'Other' }) });
writeFile(root, 'briefs/img/dot.png', PNG_1X1);
const BRIEF = 'briefs/fuzz.md';

/** Every diagnostic is well placed: its file exists, the line is one of its lines, and it says what and why. */
function expectWellFormed(diagnostics: Diagnostic[], text: string): void {
  for (const d of diagnostics) {
    const described = JSON.stringify(d);
    expect(d.code, described).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(typeof d.message === 'string' && d.message.length > 0, described).toBe(true);
    expect(typeof d.file === 'string' && d.file.length > 0, described).toBe(true);
    const lines = d.file === BRIEF ? text.replace(/\r\n?/g, '\n').split('\n').length : fileLines(d.file);
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines, `line within ${lines}: ${described}`).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1, described).toBe(true);
  }
}

function fileLines(file: string): number {
  return readFileSync(path.resolve(root, file), 'utf8').split('\n').length;
}

async function stagesEndCleanly(text: string): Promise<void> {
  const diagnostics = await runStages(root, text, BRIEF);
  expectWellFormed(diagnostics, text);
}

/** Pieces of YAML syntax, valid and not, to string together. */
const yamlToken = fc.constantFrom(
  'title',
  'date',
  'summary',
  'keyPoints',
  'to',
  'from',
  'logo',
  'template',
  'x',
  ': ',
  ':',
  '- ',
  '-',
  '? ',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '&a ',
  '*a',
  '!!str ',
  '!!js/function ',
  '!x ',
  "'",
  '"',
  '\\',
  '# ',
  '|',
  '>-',
  '\n',
  '\n  ',
  '\n    ',
  '  ',
  '\t',
  '---',
  '...',
  '%YAML 1.2',
  '2021-03-29',
  '2021-02-30',
  'memo',
  'true',
  'null',
  '~',
  '123',
  '-1.5e3',
  '0x1F',
  '<<',
  'é',
  '王',
  '😀',
  '\u0000',
  '\uFEFF',
  '\r',
);

const markdownToken = fc.constantFrom(
  'word ',
  'Text',
  '\n',
  '\n\n',
  '  ',
  '    ',
  '\t',
  '*',
  '**',
  '_',
  '~~',
  '`',
  '```',
  '~~~',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '> ',
  '- ',
  '+ ',
  '1. ',
  '3) ',
  '- [ ] ',
  '#',
  '## ',
  '|',
  '| a | b |\n|---|:-:|\n| 1 | 2 |\n',
  '---\n',
  '***',
  '\\',
  '&amp;',
  '&#0;',
  '<div>',
  '<!-- x -->',
  '![dot](img/dot.png)',
  '![x](../../../etc/passwd)',
  '![x](http://example.com/a.png)',
  '[link](other.md)',
  '[out](../../x.md)',
  '[anchor](#heading)',
  '[^1]',
  '[^1]: A note.\n',
  '{#fig:a width=50%}',
  '{#tbl:t widths="1,2"}',
  '{#sec:s}',
  '{-}',
  '{width=abc}',
  '{',
  '}',
  ': Caption ',
  'Table: ',
  '@fig:a',
  '@tbl:t',
  '@Sec:s',
  '@sec:',
  'name@example.com',
  'https://example.com/path',
  'www.example.com',
  '> [!NOTE]\n> ',
  '$x$',
  'é',
  'Россия',
  '中国',
  '😀',
  '\u00a0',
  '\u200b',
  'TODO',
);

const joined = (token: fc.Arbitrary<string>, max: number) =>
  fc.array(token, { maxLength: max }).map((parts) => parts.join(''));

/** A plausible brief value: text with Markdown and YAML-significant characters, numbers, lists, maps. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    joined(markdownToken, 12),
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('2021-03-29', '2021-02-30', 'memo', 'brief-card', 'high', 'A4', 'draft', 'SECRET'),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('title', 'quote', 'meaning', 'action', 'x', 'url', 'id'), tie('node'), {
      maxKeys: 4,
    }),
  ),
})).node;

const requiredLike = {
  title: fc.oneof(fc.constant('A title'), value),
  date: fc.oneof(fc.constant('2021-03-29'), value),
  to: fc.oneof(fc.constant('Director'), value),
  from: fc.oneof(fc.constant('Analyst'), value),
  summary: fc.oneof(joined(markdownToken, 20), value),
};

const optionalKeys = fc.dictionary(
  fc.constantFrom(
    'subtitle',
    'keyPoints',
    'recommendations',
    'sources',
    'cc',
    'keywords',
    'maxPages',
    'logo',
    'template',
    'toc',
    'status',
    'portionMarks',
    'paper',
    'language',
    'classification',
    'preparedBy',
    'unknownKey',
  ),
  value,
  { maxKeys: 5 },
);

describe('fuzzing the stages', () => {
  it('random YAML-ish front matter ends in success or well-placed diagnostics', T, async () => {
    await fc.assert(
      fc.asyncProperty(joined(yamlToken, 40), joined(markdownToken, 20), async (frontMatter, body) => {
        await stagesEndCleanly(`---\n${frontMatter}\n---\n${body}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('structured front matter written by the yaml package ends cleanly', T, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(requiredLike),
        optionalKeys,
        joined(markdownToken, 30),
        async (required, optional, body) => {
          await stagesEndCleanly(`---\n${stringify({ ...required, ...optional })}---\n${body}`);
        },
      ),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it('random Markdown in the body and in Markdown fields ends cleanly', T, async () => {
    const keyPoint = fc.record({ title: fc.constant('Point'), meaning: joined(markdownToken, 20) });
    await fc.assert(
      fc.asyncProperty(
        joined(markdownToken, 60),
        joined(markdownToken, 20),
        fc.array(keyPoint, { maxLength: 2 }),
        async (body, summary, keyPoints) => {
          const front = stringify({ title: 'Fuzz', date: '2021-03-29', to: 'D', from: 'A', summary, keyPoints });
          await stagesEndCleanly(`---\n${front}---\n${body}`);
        },
      ),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it('random bytes end cleanly', T, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const text = Buffer.concat([Buffer.from(briefText().slice(0, 40)), Buffer.from(bytes)]);
        const diagnostics = await runStages(root, text, BRIEF);
        expectWellFormed(diagnostics, new TextDecoder().decode(text));
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });
});
