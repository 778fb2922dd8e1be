import { describe, expect, it } from 'vitest';
import { mapFamilyList, prepareSvg } from '../../src/stages/svg.ts';

const fonts = { body: 'PT Serif', heading: 'PT Sans', mono: 'PT Mono' };

describe('mapFamilyList', () => {
  it.each([
    ['Helvetica, Arial, sans-serif', 'PT Sans'],
    ['"Helvetica Neue", Helvetica', 'PT Sans'],
    ['Foo, Arial, sans-serif', 'PT Sans'],
    ["'Times New Roman', Times, serif", 'PT Serif'],
    ['Georgia', 'PT Serif'],
    ['Courier New', 'PT Mono'],
    ['MONOSPACE', 'PT Mono'],
    ['system-ui, -apple-system', 'PT Sans'],
    ['Verdana', 'PT Sans'],
    ['pt mono', 'PT Mono'],
  ])('%s → %s', (list, family) => {
    expect(mapFamilyList(list, fonts)).toBe(family);
  });

  it('maps onto the template’s own families, and finds nothing in a list of unknown families', () => {
    expect(mapFamilyList('Arial', { body: 'PT Sans', heading: 'PT Serif', mono: 'PT Mono' })).toBe('PT Serif');
    expect(mapFamilyList('Wingdings, "Comic Neue"', fonts)).toBeUndefined();
    expect(mapFamilyList('', fonts)).toBeUndefined();
  });
});

describe('prepareSvg', () => {
  const prepare = (svg: string) => {
    const result = prepareSvg(svg, 'x.svg', fonts);
    if ('error' in result) throw new Error(result.error);
    return { ...result, text: result.data.toString('utf8') };
  };

  it('gives every text element an explicit registered family and style, and leaves no other font property', () => {
    const { text, faces, diagnostics } = prepare(
      `<svg xmlns="http://www.w3.org/2000/svg"><style><![CDATA[ .t { font-weight: bolder } ]]></style>
<g style="font: 12px Arial; font-family: Arial"><text class="t">A <tspan font-style="oblique">b</tspan></text></g>
<text font-weight="300">c &amp; d</text></svg>`,
    );
    expect(diagnostics).toEqual([]);
    expect(text).not.toMatch(/font-weight|font:|<style|Arial/);
    expect(text).toContain('<text class="t" font-family="PT Sans (bold)" font-style="normal">A <tspan');
    expect(text).toContain('<tspan font-family="PT Sans (bold)" font-style="italic">b</tspan>');
    expect(text).toContain('<text font-family="PT Serif" font-style="normal">c &amp; d</text>');
    expect(faces).toEqual([
      { family: 'PT Sans (bold)', italic: false },
      { family: 'PT Sans (bold)', italic: true },
      { family: 'PT Serif', italic: false },
    ]);
  });

  it('places an unknown family at its declaration in a style sheet', () => {
    const { diagnostics } = prepare(
      '<svg>\n<style>\n  text {\n    font-family: Nope;\n  }\n</style><text>x</text></svg>',
    );
    expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['SVG_FONT_UNKNOWN', 'warning', 4, 5],
    ]);
  });

  it('refuses elements nested deeper than the limit, at the first one too deep, without overflowing the stack', () => {
    const depth = 20_000;
    const result = prepareSvg(`<svg>${'<g>'.repeat(depth)}<text>x</text>${'</g>'.repeat(depth)}</svg>`, 'x.svg', fonts);
    expect(result).toMatchObject({ code: 'IMAGE_TOO_LARGE', line: 1 });
  });
});

describe('prepareSvg: the font shorthand and sizes from style sheets', () => {
  it('reads family, weight, style and size from `font`, and sizes from a sheet', () => {
    const result = prepareSvg(
      `<svg><style>.s { font-size: 9px }</style>
<text style="font: italic bold 12px/1.2 'DejaVu Sans', sans-serif; text-anchor: middle">a</text>
<text class="s" font-size="20">b</text><text style="font: caption">c</text></svg>`,
      'x.svg',
      fonts,
    );
    if ('error' in result) throw new Error(result.error);
    const text = result.data.toString('utf8');
    expect(text).toContain(
      '<text style=" text-anchor: middle" font-size="12px" font-family="PT Sans (bold)" font-style="italic">a</text>',
    );
    expect(text).toContain('<text class="s" font-size="9px" font-family="PT Serif" font-style="normal">b</text>');
    expect(text).toContain('<text font-family="PT Serif" font-style="normal">c</text>');
    expect(result.diagnostics).toEqual([]);
  });

  it('places an unknown family of a shorthand at the family', () => {
    const result = prepareSvg('<svg><text style="font: 10px Nope">a</text></svg>', 'x.svg', fonts);
    if ('error' in result) throw new Error(result.error);
    expect(result.diagnostics.map((d) => [d.line, d.column])).toEqual([[1, 30]]);
  });
});

describe('prepareSvg: where an uncovered character is', () => {
  const columns = (svg: string) => {
    const result = prepareSvg(svg, 'x.svg', fonts);
    if ('error' in result) throw new Error(result.error);
    return result.diagnostics.map((d) => [d.code, d.line, d.column]);
  };

  it('after references, in CDATA, and after CR LF line ends', () => {
    expect(columns('<svg><text>&amp;&#x0F00;ༀ</text></svg>')).toEqual([
      ['CHARACTER_UNCOVERED', 1, 17],
      ['CHARACTER_UNCOVERED', 1, 25],
    ]);
    expect(columns('<svg><text><![CDATA[&ༀ]]></text></svg>')).toEqual([['CHARACTER_UNCOVERED', 1, 22]]);
    expect(columns('<svg>\r\n<text>a\r\n ༀ</text></svg>')).toEqual([['CHARACTER_UNCOVERED', 3, 2]]);
  });
});
