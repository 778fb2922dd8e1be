import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { toString as mdToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { markBrief } from '../../src/markings/mark.ts';
import { covers, fallbackChain } from '../../src/pdf/fonts.ts';
import { applyTemplate } from '../../src/stages/apply-template.ts';
import { checkContent } from '../../src/stages/check.ts';
import { derive } from '../../src/stages/derive.ts';
import { assembleMarkdown } from '../../src/stages/markdown.ts';
import { parseBrief } from '../../src/stages/parse.ts';
import { readSource } from '../../src/stages/read.ts';
import { loadTemplates } from '../../src/stages/template.ts';
import { validateBrief } from '../../src/stages/validate.ts';
import { briefText, diagnosticsOfAsync, PNG_1X1, place, tempDir, workspace, writeFiles } from './fixtures.ts';

const BRIEF = 'briefs/test.md';

/** Runs the real stages up to the check on `text`, saved as briefs/test.md in a workspace with `files`. */
async function check(text: string, files: Record<string, string | Uint8Array> = {}, root = workspace(files)) {
  writeFiles(root, { [BRIEF]: text });
  const templates = await loadTemplates(path.join(root, 'templates'), root);
  const file = await readSource(path.join(root, BRIEF), root);
  const brief = derive(
    assembleMarkdown(applyTemplate(markBrief(validateBrief(parseBrief(file)), templates), templates)),
  );
  return checkContent(brief, root);
}

const problems = (text: string, files: Record<string, string | Uint8Array> = {}, root?: string) =>
  diagnosticsOfAsync(() => check(text, files, root));

// The body of briefText starts on line 8.
describe('checkContent', () => {
  it('passes a clean brief and returns its summary as Markdown', async () => {
    const checked = await check(briefText({ summary: 'The *bottom* line.' }));
    expect(checked.images.size).toBe(0);
    expect(checked.summary.children.map((c) => c.type)).toEqual(['paragraph']);
    expect(mdToString(checked.summary)).toBe('The bottom line.');
  });

  it('reports raw HTML in the body at its brief line', async () => {
    const diagnostics = await problems(briefText({ body: 'Para.\n\n<div>x</div>\n' }));
    expect(diagnostics.map(place)).toEqual([['MARKDOWN_UNSUPPORTED', 10, 1]]);
    expect(diagnostics[0]).toMatchObject({
      file: BRIEF,
      message: 'Raw HTML "<div>x</div>" cannot be printed.',
    });
    expect(diagnostics[0].hint).toContain('Raw HTML is not part of a brief');
  });

  it('reports inline HTML at its column', async () => {
    const diagnostics = await problems(briefText({ body: 'Para <b>x</b> y.\n' }));
    expect(diagnostics.map(place)).toEqual([
      ['MARKDOWN_UNSUPPORTED', 8, 6],
      ['MARKDOWN_UNSUPPORTED', 8, 10],
    ]);
  });

  it('reports an image inside running text as IMAGE_INLINE', async () => {
    const diagnostics = await problems(briefText({ body: 'See ![dot](img/dot.png) here.\n' }), {
      'briefs/img/dot.png': PNG_1X1,
    });
    expect(diagnostics.map(place)).toEqual([['IMAGE_INLINE', 8, 5]]);
    expect(diagnostics[0].message).toBe('The image "img/dot.png" stands inside text.');
  });

  it('loads a PNG inside the repository, relative to the brief', async () => {
    const checked = await check(briefText({ body: 'Text.\n\n![A dot](img/dot.png "Caption")\n' }), {
      'briefs/img/dot.png': PNG_1X1,
    });
    expect([...checked.images.keys()]).toEqual(['img/dot.png']);
    const asset = checked.images.get('img/dot.png');
    expect(asset?.format).toBe('png');
    expect(Buffer.compare(asset?.data ?? Buffer.alloc(0), PNG_1X1)).toBe(0);
  });

  it('loads a JPEG and a self-contained SVG with their formats', async () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><rect width="2" height="2"/></svg>';
    const checked = await check(briefText({ body: '![a](a.jpg)\n\n![b](b.svg)\n' }), {
      'briefs/a.jpg': jpeg,
      'briefs/b.svg': svg,
    });
    expect([...checked.images].map(([url, asset]) => [url, asset.format])).toEqual([
      ['a.jpg', 'jpg'],
      ['b.svg', 'svg'],
    ]);
  });

  it('refuses an image outside the repository reached with ../', async () => {
    const outside = tempDir('briefing-outside-');
    writeFiles(outside, { 'x.png': PNG_1X1 });
    const root = workspace();
    const url = path.relative(path.join(root, 'briefs'), path.join(outside, 'x.png')).split(path.sep).join('/');
    expect(url.startsWith('../../')).toBe(true);
    const diagnostics = await problems(briefText({ body: `![x](${url})\n` }), {}, root);
    expect(diagnostics.map(place)).toEqual([['IMAGE_INVALID', 8, 1]]);
    expect(diagnostics[0].message).toBe(`The image "${url}" is outside the repository.`);
  });

  it('refuses a symbolic link inside the repository that points outside it', async () => {
    const outside = tempDir('briefing-outside-');
    writeFiles(outside, { 'x.png': PNG_1X1 });
    const root = workspace({ 'briefs/img/.keep': '' });
    symlinkSync(path.join(outside, 'x.png'), path.join(root, 'briefs/img/link.png'));
    const diagnostics = await problems(briefText({ body: '![x](img/link.png)\n' }), {}, root);
    expect(diagnostics.map(place)).toEqual([['IMAGE_INVALID', 8, 1]]);
    expect(diagnostics[0].message).toBe('The image "img/link.png" is outside the repository.');
  });

  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['<svg xmlns="http://www.w3.org/2000/svg"><image href="other.png"/></svg>'],
    ['<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x.org"><rect/></a></svg>'],
  ])('refuses an SVG that runs scripts or refers to other files: %s', async (svg) => {
    const diagnostics = await problems(briefText({ body: '![x](bad.svg)\n' }), { 'briefs/bad.svg': svg });
    expect(diagnostics.map(place)).toEqual([['IMAGE_INVALID', 8, 1]]);
    expect(diagnostics[0].message).toBe('The SVG image "bad.svg" refers to other files or scripts.');
  });

  it.each([
    [
      'https://example.com/x.png',
      'The image "https://example.com/x.png" is not a local file; images are never fetched.',
    ],
    ['/etc/x.png', 'The image path "/etc/x.png" is absolute.'],
    ['nope.png', 'The image "nope.png" does not exist.'],
    ['anim.gif', 'The image "anim.gif" is not a PNG, JPEG or SVG file.'],
  ])('refuses the image %s', async (url, message) => {
    const diagnostics = await problems(briefText({ body: `![x](${url})\n` }), { 'briefs/anim.gif': 'GIF89a...' });
    expect(diagnostics.map(place)).toEqual([['IMAGE_INVALID', 8, 1]]);
    expect(diagnostics[0].message).toBe(message);
  });

  it('reports a character no font covers with its code point, line and column', async () => {
    const diagnostics = await problems(briefText({ body: 'Para.\n\nThai ก here.\n' }));
    expect(diagnostics.map(place)).toEqual([['CHARACTER_UNCOVERED', 10, 6]]);
    expect(diagnostics[0].message).toBe('The character "ก" (U+0E01) is in no embedded font, so it cannot be printed.');
  });

  it('finds uncovered characters in the front matter too', async () => {
    const diagnostics = await problems(briefText({ summary: 'Bottom ᚠ line.' }));
    expect(diagnostics.map(place)).toEqual([['CHARACTER_UNCOVERED', 6, 17]]);
    expect(diagnostics[0].message).toContain('(U+16A0)');
  });

  it('accepts a Han character such as 王 through the CJK fallback font', async () => {
    const checked = await check(briefText({ body: 'King 王 here.\n' }));
    expect(checked.fallbacks).toEqual(['Noto Sans SC']);
    expect((await check(briefText())).fallbacks).toEqual([]);
  });

  it.each([
    ['α', ['Noto Serif', 'Noto Sans', 'Noto Sans Mono']],
    ['Δ', []],
    ['“quoted” – — … ’', []],
    ['→', ['Noto Sans Math']],
    ['✓', ['Noto Sans Symbols 2']],
    ['✔', ['Noto Sans Symbols 2']],
    ['✘', ['Noto Sans Symbols 2']],
    ['☐', ['Noto Sans Symbols 2']],
    ['●', ['Noto Sans Symbols 2']],
    ['├──', ['Noto Sans Math', 'Noto Sans Mono']],
  ])('prints %s, taking only the fallback faces it needs: %j', async (chars, fallbacks) => {
    const checked = await check(briefText({ body: `In text ${chars}, a table:\n\n| a |\n|---|\n| ${chars} |\n` }));
    expect(checked.fallbacks.sort()).toEqual([...fallbacks].sort());
  });

  it('prints a box-drawing tree in a code block, in monospaced faces only', async () => {
    const tree = '```\nsrc/\n├── index.ts\n│   └── α.ts\n└── README.md\n```\n';
    const checked = await check(briefText({ body: tree }));
    // PT Mono draws the box, Noto Sans Mono the Greek; serif and sans text would take faces of their own look.
    expect(fallbackChain('PT Mono', checked.fallbacks).slice(0, 2)).toEqual(['PT Mono', 'Noto Sans Mono']);
    expect(fallbackChain('PT Serif', checked.fallbacks)).toEqual([
      'PT Serif',
      'Noto Serif',
      'Noto Sans Math',
      'Noto Sans Mono',
    ]);
    expect(covers(['PT Mono'], '├')).toBe(true);
  });

  it('never fails on invisible format characters, wherever they stand', async () => {
    const chars = '\u200a\u2009\u202f\u200b\u200c\u200d\u2060\ufe0f\u00ad\ufeff';
    const text = briefText({
      title: `Ti${chars}tle`,
      summary: `Bottom${chars} line.`,
      body: `Body${chars} \`code${chars}\`\n`,
    });
    const checked = await check(text);
    expect(checked.fallbacks).toEqual([]);
    expect(checked.brief.title).toBe('Ti  \u00a0tle');
    expect(mdToString(checked.summary)).toBe('Bottom  \u00a0 line.');
  });

  it('checks the characters that character references stand for, at the reference', async () => {
    const body = 'Para.\n\nA &telrec; and &#5792; and &#xcab;, &amp; &copy; &HilbertSpace; fine.\n';
    const diagnostics = await problems(briefText({ body }));
    expect(diagnostics.map(place)).toEqual([
      ['CHARACTER_UNCOVERED', 10, 3],
      ['CHARACTER_UNCOVERED', 10, 16],
      ['CHARACTER_UNCOVERED', 10, 28],
    ]);
    expect(diagnostics[0].message).toBe(
      'The character "⌕" (U+2315) written as &telrec; is in no embedded font, so it cannot be printed.',
    );
  });

  it('leaves references that print as written alone: in code, and escaped', async () => {
    const body = 'Code `&#992;` and \\&#992; escaped.\n\n```\n&HilbertSpace;\n```\n';
    await expect(check(briefText({ body }))).resolves.toMatchObject({ fallbacks: [] });
  });

  it('reports control characters, which no font draws, and a reference to one', async () => {
    const diagnostics = await problems(briefText({ body: 'Bell \u0007 here &#x1b; there.\n' }));
    expect(diagnostics.map(place)).toEqual([
      ['CHARACTER_UNCOVERED', 8, 6],
      ['CHARACTER_UNCOVERED', 8, 13],
    ]);
    expect(diagnostics[0].message).toContain('control character (U+0007)');
  });

  it('takes the CJK fallback font for Han written as a reference', async () => {
    expect((await check(briefText({ body: 'King &#x738b; here.\n' }))).fallbacks).toEqual(['Noto Sans SC']);
  });

  it('reports a footnote cited but never defined at its place, and a note never cited as a warning', async () => {
    const body = 'Text.\n\nCited [^evl] here.\n\nAnd [^ok].\n\n[^ok]: Fine.\n[^eval]: Never cited.\n';
    const diagnostics = await problems(briefText({ body }));
    expect(diagnostics.map((d) => [...place(d), d.severity])).toEqual([
      ['FOOTNOTE_UNDEFINED', 10, 7, 'error'],
      ['FOOTNOTE_UNUSED', 15, 1, 'warning'],
    ]);
  });

  it('warns of a code fence never closed, sets a level-1 heading as level 2, and refuses a row wider than its header', async () => {
    const fence = await check(briefText({ body: '# Top\n\nText.\n\n```\ncode\n\n## Lost\n' }));
    expect(fence.warnings.map((d) => place(d))).toEqual([
      ['HEADING_LEVEL_ONE', 8, 1],
      ['CODE_FENCE_UNCLOSED', 12, 1],
    ]);
    expect(fence.tree.children.find((n) => n.type === 'heading')).toMatchObject({ depth: 2 });
    const closed = await check(briefText({ body: '```\ncode\n```\n\nAfter.\n' }));
    expect(closed.warnings).toEqual([]);
    const table = await problems(briefText({ body: '| a | b |\n|---|---|\n| 1 | 2 | 3 |\n' }));
    expect(table.map(place)).toEqual([['TABLE_ROW_TOO_WIDE', 10, 9]]);
  });

  it('warns of a bottom line longer than four lines, at the summary', async () => {
    const long = await check(briefText({ summary: 'A sentence of a bottom line that goes on. '.repeat(12) }));
    expect(long.warnings.map((d) => place(d))).toEqual([['BOTTOM_LINE_TOO_LONG', 6, 10]]);
    expect(long.warnings[0].message).toMatch(/about \d lines; at most 4/);
    expect((await check(briefText({ summary: 'A short bottom line.' }))).warnings).toEqual([]);
  });

  it('reports HTML inside summary once, at its place on the summary line', async () => {
    const diagnostics = await problems(briefText({ summary: 'Bottom <b>line</b>.' }));
    expect(diagnostics.map((d) => [...place(d), d.file])).toEqual([
      ['MARKDOWN_UNSUPPORTED', 6, 17, BRIEF],
      ['MARKDOWN_UNSUPPORTED', 6, 24, BRIEF],
    ]);
  });

  it('reports HTML in a key point once, in the brief, though the template repeats it', async () => {
    const diagnostics = await problems(briefText({ extra: 'keyPoints:\n  - title: K\n    meaning: A <i>b</i>\n' }));
    expect(diagnostics.map((d) => [...place(d), d.file])).toEqual([
      ['MARKDOWN_UNSUPPORTED', 9, 16, BRIEF],
      ['MARKDOWN_UNSUPPORTED', 9, 20, BRIEF],
    ]);
  });

  it('places problems in a literal block scalar on their own lines', async () => {
    const extra = 'keyPoints:\n  - title: K\n    assessment: |\n      Line one\n      <i>two</i>\n';
    const diagnostics = await problems(briefText({ extra }));
    expect(diagnostics.map(place)).toEqual([
      ['MARKDOWN_UNSUPPORTED', 11, 7],
      ['MARKDOWN_UNSUPPORTED', 11, 13],
    ]);
  });

  it('reports every kind of problem in one pass', async () => {
    const diagnostics = await problems(
      briefText({ body: '<div>x</div>\n\nSee ![d](d.png) and ก.\n\n![m](missing.png)\n' }),
      { 'briefs/d.png': PNG_1X1 },
    );
    expect(diagnostics.map(place)).toEqual([
      ['MARKDOWN_UNSUPPORTED', 8, 1],
      ['IMAGE_INLINE', 10, 5],
      ['IMAGE_INVALID', 12, 1],
      ['CHARACTER_UNCOVERED', 10, 21],
    ]);
  });

  // Each line of a folded (>-) summary is placed at its own file line and column.
  it('places HTML on the second line of a folded summary at its file line and column', async () => {
    const diagnostics = await problems(briefText({ summary: '>-\n  Bottom\n  <b>line</b>.' }));
    expect(diagnostics.map(place)).toEqual([
      ['MARKDOWN_UNSUPPORTED', 8, 3],
      ['MARKDOWN_UNSUPPORTED', 8, 10],
    ]);
  });

  // Columns in a quoted value count from its first character, after the opening quote.
  it('places HTML in a double-quoted summary at its column', async () => {
    const diagnostics = await problems(briefText({ summary: '"Bottom <b>x</b>"' }));
    expect(diagnostics.map(place)).toEqual([
      ['MARKDOWN_UNSUPPORTED', 6, 18],
      ['MARKDOWN_UNSUPPORTED', 6, 22],
    ]);
  });

  // Reported in the brief only, not a second time in the Markdown the template produced.
  it('reports an inline image in a key point once, in the brief', async () => {
    const extra = 'keyPoints:\n  - title: K\n    meaning: See ![d](d.png) here.\n';
    const diagnostics = await problems(briefText({ extra }), { 'briefs/d.png': PNG_1X1 });
    expect(diagnostics.map((d) => [...place(d), d.file])).toEqual([['IMAGE_INLINE', 9, 18, BRIEF]]);
  });

  // A %-sequence that is not UTF-8 is a problem with the image, not a crash.
  it('reports an image path with a malformed %-escape instead of crashing', async () => {
    const diagnostics = await problems(briefText({ body: '![x](img/caf%E9.png)\n' }));
    expect(diagnostics.map(place)).toEqual([['IMAGE_INVALID', 8, 1]]);
  });
});
