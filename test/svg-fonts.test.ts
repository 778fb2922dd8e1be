import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli } from './helpers.ts';
import { readPdf, textFonts, unembeddedFonts } from './pdf.ts';

/**
 * Text inside SVG images is set in the template's embedded fonts: families
 * charts name (lists, generic families, Helvetica, Arial…) map onto them,
 * unknown families are located warnings, uncovered characters located
 * errors, and nothing an SVG says stops other briefs from being built.
 */

const SLOW = { timeout: 60_000 };
const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = makeWorkspace(files);
  workspaces.push(dir);
  return dir;
}

const figure = (file: string, caption = 'Chart') => briefText({ body: `## Chart\n\n![${caption}](${file})\n` });

/** Line numbers below are counted in these texts; each starts with `<svg` on line 1. */
const CHART = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
  <style>
    .axis { font-family: Verdana, sans-serif; font-weight: 700; }
  </style>
  <rect x="10" y="120" width="40" height="60" fill="#1f3a5f"/>
  <text x="10" y="20" font-family="Helvetica, Arial, sans-serif" font-size="12">Northern region</text>
  <text x="10" y="40" font-size="12">Plain label</text>
  <text x="10" y="60" font-family="Times New Roman" font-weight="bold" font-size="12">Bold serif label</text>
  <text x="10" y="80" font-family="Arial" font-style="italic" font-size="12">Italic sans label</text>
  <text x="10" y="100" style="font-family: 'Courier New', monospace; font-size: 12px">Mono label</text>
  <g font-family="Georgia" font-weight="600">
    <text x="200" y="20" font-size="12">Grouped label</text>
  </g>
  <text x="200" y="40" class="axis" font-size="12">Axis label</text>
  <text x="200" y="60" font-size="12">Two
      lines</text>
  <text x="200" y="80" font-size="12"><tspan x="200"></tspan><tspan>Span label</tspan></text>
  <text x="200" y="100" font-family="Arial" font-size="12">北京 label</text>
</svg>
`;

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30" viewBox="0 0 120 30">
  <text x="0" y="20" font-family="'Arial Black', Arial" font-weight="900" font-style="italic" font-size="14">Agency Logo</text>
</svg>
`;

const UNKNOWN = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">
  <text x="10" y="20" font-family="Wingdings" font-size="12">Odd family</text>
  <text x="10" y="40" style="font-size: 12px; font-family: 'Comic Neue'" font-size="12">Also odd</text>
</svg>
`;

const UNCOVERED = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">
  <text x="10" y="20" font-family="Helvetica, Arial, sans-serif">Lhasa ༀༀ</text>
</svg>
`;

const MALFORMED = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">
  <text x="10" y="20" font-family="Arial">Open
</svg>
`;

/** `PATH:LINE:COL: SEVERITY: … [CODE]` lines, with the caret column of the frame after each. */
function diagnostics(stderr: string): { place: string; severity: string; code: string; caret: number }[] {
  const found: { place: string; severity: string; code: string; caret: number }[] = [];
  for (const line of stderr.split('\n')) {
    const header = /^(.+?:\d+:\d+): (error|warning): .* \[([A-Z_]+)\]$/.exec(line);
    if (header) found.push({ place: header[1], severity: header[2], code: header[3], caret: 0 });
    else if (/^ +\| *\^$/.test(line) && found.length) {
      const last = found[found.length - 1];
      last.caret = line.indexOf('^') - (line.indexOf('|') + 2) + 1;
    }
  }
  return found;
}

describe('SVG text fonts', () => {
  it(
    'a chart naming Helvetica, Arial, sans-serif builds, with every font embedded and the right faces',
    SLOW,
    async () => {
      const dir = workspace({
        'briefs/chart.md': briefText({ extra: 'logo: logo.svg\n', body: '## Chart\n\n![Chart](chart.svg)\n' }),
        'briefs/chart.svg': CHART,
        'briefs/logo.svg': LOGO,
      });
      const run = runCli(dir, ['briefs/chart.md']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/warning|error/);
      const pdf = readFileSync(path.join(dir, 'output/chart.pdf'));
      expect(await unembeddedFonts(pdf)).toEqual([]);
      const { text } = await readPdf(pdf);
      for (const label of ['Northern region', 'Plain label', 'Bold serif label', 'Mono label', 'Two lines']) {
        expect(text).toContain(label);
      }
      const fontOf = new Map((await textFonts(pdf)).map((run) => [run.text.trim(), run.font]));
      expect(Object.fromEntries([...fontOf].filter(([text]) => /label|region|lines|Logo/.test(text)))).toEqual({
        'Northern region': 'PTSans-Regular',
        // No font-family: the template's body font.
        'Plain label': 'PTSerif-Regular',
        'Bold serif label': 'PTSerif-Bold',
        // A face nothing else in the brief uses is still loaded and embedded.
        'Italic sans label': 'PTSans-Italic',
        'Mono label': 'PTMono-Regular',
        // Inherited from the group: Georgia at 600.
        'Grouped label': 'PTSerif-Bold',
        // From the <style> sheet.
        'Axis label': 'PTSans-Bold',
        'Two lines': 'PTSerif-Regular',
        // Beside an empty span, which react-pdf cannot lay out.
        'Span label': 'PTSerif-Regular',
        // Chinese, which PT Sans lacks: the whole text in the Chinese font.
        '北京 label': 'NotoSansSC-Regular',
        // The masthead logo is an SVG too.
        'Agency Logo': 'PTSans-BoldItalic',
      });
    },
  );

  it(
    'an unknown family is a warning at its place in the SVG, set in the body font; --strict fails it',
    SLOW,
    async () => {
      const dir = workspace({ 'briefs/odd.md': figure('odd.svg'), 'briefs/odd.svg': UNKNOWN });
      const expected = [
        { place: 'briefs/odd.svg:2:23', code: 'SVG_FONT_UNKNOWN', caret: 23 },
        { place: 'briefs/odd.svg:3:47', code: 'SVG_FONT_UNKNOWN', caret: 47 },
      ];
      const run = runCli(dir, ['briefs/odd.md']);
      expect(run.code, run.stderr).toBe(0);
      expect(diagnostics(run.stderr)).toEqual(expected.map((d) => ({ ...d, severity: 'warning' })));
      const pdf = readFileSync(path.join(dir, 'output/odd.pdf'));
      expect(await unembeddedFonts(pdf)).toEqual([]);
      const fonts = await textFonts(pdf);
      expect(fonts.find((r) => r.text.includes('Odd family'))?.font).toBe('PTSerif-Regular');

      const check = runCli(dir, ['--check', 'briefs/odd.md']);
      expect(check.code, check.stderr).toBe(0);
      expect(diagnostics(check.stderr)).toEqual(expected.map((d) => ({ ...d, severity: 'warning' })));

      for (const args of [['--strict'], ['--check', '--strict']]) {
        rmSync(path.join(dir, 'output'), { recursive: true, force: true });
        const strict = runCli(dir, [...args, 'briefs/odd.md']);
        expect(strict.code, strict.stderr).toBe(1);
        expect(diagnostics(strict.stderr)).toEqual(expected.map((d) => ({ ...d, severity: 'error' })));
        expect(existsSync(path.join(dir, 'output/odd.pdf'))).toBe(false);
      }
    },
  );

  it(
    'text its font lacks is set wholly in the fallback face that covers it; format characters are set or dropped',
    SLOW,
    async () => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">
  <text x="10" y="20" font-family="Arial" font-size="12">Greek αβγ</text>
  <text x="10" y="40" font-family="Arial" font-size="12">✓</text>
  <text x="10" y="60" font-family="Georgia" font-size="12">Zero\u200bwidth\u2009label</text>
</svg>
`;
      const dir = workspace({ 'briefs/symbols.md': figure('symbols.svg'), 'briefs/symbols.svg': svg });
      const run = runCli(dir, ['briefs/symbols.md']);
      expect(run.code, run.stderr).toBe(0);
      const pdf = readFileSync(path.join(dir, 'output/symbols.pdf'));
      expect(await unembeddedFonts(pdf)).toEqual([]);
      const fontOf = new Map((await textFonts(pdf)).map((item) => [item.text.trim(), item.font]));
      expect(fontOf.get('Greek αβγ')).toBe('NotoSans-Regular');
      expect(fontOf.get('✓')).toBe('NotoSansSymbols2-Regular');
      expect(fontOf.get('Zerowidth label')).toBe('PTSerif-Regular');
    },
  );

  it('a bad SVG fails its own brief with located errors; the brief beside it is built', SLOW, () => {
    const dir = workspace({
      'briefs/a-good.md': figure('chart.svg'),
      'briefs/chart.svg': CHART,
      'briefs/b-uncovered.md': figure('uncovered.svg'),
      'briefs/uncovered.svg': UNCOVERED,
      'briefs/c-malformed.md': figure('malformed.svg'),
      'briefs/malformed.svg': MALFORMED,
    });
    const expected = [
      { place: 'briefs/malformed.svg:2:43', severity: 'error', code: 'IMAGE_INVALID', caret: 43 },
      { place: 'briefs/uncovered.svg:2:72', severity: 'error', code: 'CHARACTER_UNCOVERED', caret: 72 },
      { place: 'briefs/uncovered.svg:2:73', severity: 'error', code: 'CHARACTER_UNCOVERED', caret: 73 },
    ];
    const sorted = (list: ReturnType<typeof diagnostics>) => [...list].sort((a, b) => a.place.localeCompare(b.place));
    const run = runCli(dir, ['briefs']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toContain('Internal error');
    expect(sorted(diagnostics(run.stderr))).toEqual(expected);
    expect(existsSync(path.join(dir, 'output/a-good.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'output/b-uncovered.pdf'))).toBe(false);

    const check = runCli(dir, ['--check', 'briefs']);
    expect(check.code, check.stderr).toBe(1);
    expect(sorted(diagnostics(check.stderr))).toEqual(expected);
  });
});
