import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli } from './helpers.ts';
import { flat, fontNames, readPdf, textFonts, unembeddedFonts } from './pdf.ts';

/**
 * Greek, arrows, check marks, crosses, ballot boxes, bullets and box drawing
 * print from fallback faces embedded for the briefs that use them; invisible
 * format characters are set or dropped; quotes and dashes are typographic.
 */

const SLOW = { timeout: 60_000 };

const SYMBOLS = ['α', 'Δ', '→', '✓', '✔', '✘', '☐', '●'];

const GLYPHS = briefText({
  title: 'Δ and α → a title',
  body: `## Greek α and ✓ in a heading

The coefficient α rose by Δ; done ✓, confirmed ✔, failed ✘, open ☐, a bullet ●, then → next.

| Item | Status |
|---|---|
| Greek α | ✓ |
| Arrow → | ✘ ☐ ● |

\`\`\`
src/
├── index.ts
│   └── α.ts
└── README.md
\`\`\`
`,
});

async function build(text: string): Promise<Buffer> {
  const dir = makeWorkspace({ 'briefs/x.md': text });
  const run = runCli(dir, ['briefs/x.md']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/warning|error/);
  return readFileSync(path.join(dir, 'output/x.pdf'));
}

/** The face each character of `chars` is set in, wherever it stands in the PDF (one face each). */
async function facesOf(pdf: Buffer, chars: string[]): Promise<Record<string, string[]>> {
  const faces: Record<string, Set<string>> = {};
  for (const run of await textFonts(pdf)) {
    for (const char of chars.filter((c) => run.text.includes(c))) {
      faces[char] = (faces[char] ?? new Set()).add(run.font);
    }
  }
  return Object.fromEntries(Object.entries(faces).map(([char, set]) => [char, [...set].sort()]));
}

describe('glyphs beyond Latin and Cyrillic', () => {
  it('prints each in body text, headings, tables and code, every font embedded and subset', SLOW, async () => {
    const pdf = await build(GLYPHS);
    expect(await unembeddedFonts(pdf)).toEqual([]);
    // Subset: each font's name carries the six-letter subset tag.
    expect(pdf.toString('latin1')).not.toMatch(/\/BaseFont \/(?![A-Z]{6}\+)/);
    const text = flat((await readPdf(pdf)).text);
    for (const char of SYMBOLS) expect(text).toContain(char);
    expect(text).toContain('src/ ├── index.ts │ └── α.ts └── README.md');
    expect(text).toContain(
      'The coefficient α rose by Δ; done ✓, confirmed ✔, failed ✘, open ☐, a bullet ●, then → next.',
    );
    const faces = await facesOf(pdf, [...SYMBOLS, '├', '└']);
    // Greek in serif text (and the bold subject line) from a serif face, in a sans heading from a sans one, in code from a monospaced one.
    expect(faces.α).toEqual(['NotoSans-Bold', 'NotoSansMono-Regular', 'NotoSerif-Bold', 'NotoSerif-Regular']);
    expect(faces['✓']).toEqual(['NotoSansSymbols2-Regular']);
    // Arrows from the mathematical face, which has one weight: in bold text too.
    expect(faces['→']).toEqual(['NotoSansMath-Regular']);
    // The box-drawing tree keeps the code block's grid: PT Mono draws it.
    expect(faces['├']).toEqual(['PTMono-Regular']);
    expect(faces['└']).toEqual(['PTMono-Regular']);
  });

  it('takes no fallback face into a PDF whose text does not need one', SLOW, async () => {
    const pdf = await build(briefText({ body: 'Plain “quoted” text — with an en dash – and an ellipsis…\n' }));
    expect((await fontNames(pdf)).filter((name) => name.startsWith('Noto'))).toEqual([]);
  });
});

describe('format characters and smart punctuation', () => {
  it('a brief full of invisible format characters builds, and its text reads right', SLOW, async () => {
    const pdf = await build(
      briefText({
        title: 'Thin\u2009spaced\u200b title',
        body: [
          'In 2021\u202f%, 10\u2009000 and a\u200ab; zero\u200bwidth, join\u200ded, non\u200cjoined,',
          'word\u2060joined, warn\u26a0\ufe0f, soft\u00adhyphen, BOM\ufeffinside.',
          '',
          '```',
          'code\u200b with\u2009space',
          '```',
          '',
        ].join('\n'),
      }),
    );
    const text = flat((await readPdf(pdf)).text);
    expect(text).toContain('Thin spaced title');
    expect(text).toMatch(
      /In 2021[\u00a0 ]%, 10 000 and a b; zerowidth, joined, nonjoined, wordjoined, warn⚠, softhyphen, BOMinside\./,
    );
    expect(text).toContain('code with space');
    expect(text).not.toMatch(/[\u00ad\u200b-\u200d\u2060\ufeff\u2009\u200a\u202f]|\ufe0f/);
  });

  it('prints straight quotes, dashes and dots as typographic ones, but not in code', SLOW, async () => {
    const pdf = await build(
      briefText({ body: `He said "it's done" -- pages 3--5 --- and so on... \`"raw" -- code\`\n` }),
    );
    const text = flat((await readPdf(pdf)).text);
    expect(text).toContain('He said “it’s done” – pages 3–5 — and so on… "raw" -- code');
  });
});
