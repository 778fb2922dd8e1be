import path from 'node:path';
import type { Delete, FootnoteDefinition, Link, Nodes, Paragraph, Table } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { markBrief } from '../../src/markings/mark.ts';
import { applyTemplate, BODY_MARK } from '../../src/stages/apply-template.ts';
import { assembleMarkdown, originOf, parseMarkdown } from '../../src/stages/markdown.ts';
import { parseBrief } from '../../src/stages/parse.ts';
import { loadTemplates } from '../../src/stages/template.ts';
import { validateBrief } from '../../src/stages/validate.ts';
import { briefText, source, tempDir, writeFiles } from './fixtures.ts';

/** Every node, depth first. */
function nodes(node: Nodes): Nodes[] {
  return [node, ...('children' in node ? node.children.flatMap((child) => nodes(child)) : [])];
}

const positions = (node: Nodes) =>
  nodes(node).map((n) => [
    n.type,
    n.position?.start.line,
    n.position?.start.column,
    n.position?.end.line,
    n.position?.end.column,
  ]);

const GFM = [
  '| Name | Score |',
  '|:-----|------:|',
  '| A    |     1 |',
  '',
  'Text with a note[^n], ~~struck~~ words and www.example.com and https://x.org/path.',
  '',
  '[^n]: The note.',
  '',
].join('\n');

describe('parseMarkdown', () => {
  it('reads a GFM table with its alignment and cells', () => {
    const table = parseMarkdown(GFM).children[0] as Table;
    expect(table.type).toBe('table');
    expect(table.align).toEqual(['left', 'right']);
    expect(table.children.map((row) => row.children.map((cell) => mdToString(cell)))).toEqual([
      ['Name', 'Score'],
      ['A', '1'],
    ]);
  });

  it('reads footnotes, strikethrough and autolink literals', () => {
    const tree = parseMarkdown(GFM);
    expect(tree.children.map((c) => c.type)).toEqual(['table', 'paragraph', 'footnoteDefinition']);
    const paragraph = tree.children[1] as Paragraph;
    expect(paragraph.children.map((c) => c.type)).toEqual([
      'text',
      'footnoteReference',
      'text',
      'delete',
      'text',
      'link',
      'text',
      'link',
      'text',
    ]);
    expect(paragraph.children[1]).toMatchObject({ type: 'footnoteReference', identifier: 'n' });
    expect(mdToString(paragraph.children[3] as Delete)).toBe('struck');
    const links = paragraph.children.filter((c): c is Link => c.type === 'link');
    expect(links.map((l) => [l.url, mdToString(l)])).toEqual([
      ['http://www.example.com', 'www.example.com'],
      ['https://x.org/path', 'https://x.org/path'],
    ]);
    const definition = tree.children[2] as FootnoteDefinition;
    expect([definition.identifier, mdToString(definition)]).toEqual(['n', 'The note.']);
  });

  it('gives each caller a tree of its own, placed where it asked, when the same text was parsed before', () => {
    const text = 'A "quoted" paragraph[^n].';
    const first = parseMarkdown(text, 3, ['n']);
    const placed = positions(first);
    (first.children[0] as Paragraph).children = [];
    const again = parseMarkdown(text, 3, ['n']);
    expect(mdToString(again)).toBe('A “quoted” paragraph.');
    expect(positions(again)).toEqual(placed);
    expect(parseMarkdown(text, 9, ['n']).position?.start.line).toBe(9);
    expect(nodes(parseMarkdown(text, 3)).some((n) => n.type === 'footnoteReference')).toBe(false);
    expect(mdToString(parseMarkdown(text, 3, ['n'], { smart: false }))).toBe('A "quoted" paragraph.');
  });

  it('reads a note defined elsewhere as a reference, its label compared as GFM compares labels', () => {
    const notes = ['Long-Label', 'a\\]b', 'unused'];
    const tree = parseMarkdown('See[^long-label] and[^A\\]B], not [^unused.', 1, notes);
    const references = nodes(tree).filter((n) => n.type === 'footnoteReference');
    expect(references.map((n) => n.label)).toEqual(['long-label', 'A]B']);
    // The definitions that make them references are not part of the tree.
    expect(tree.children.map((c) => c.type)).toEqual(['paragraph']);
    expect(mdToString(tree)).toBe('See and, not [^unused.');
  });

  it('counts lines from 1 by default', () => {
    const tree = parseMarkdown(GFM);
    expect(tree.children.map((c) => c.position?.start.line)).toEqual([1, 5, 7]);
    const paragraph = tree.children[1] as Paragraph;
    expect(paragraph.children[3].position?.start).toMatchObject({ line: 5, column: 23 });
  });

  it('shifts every line (and no column) so that line 1 is file line firstLine', () => {
    const plain = parseMarkdown(GFM);
    const shifted = parseMarkdown(GFM, 10);
    expect(shifted.children.map((c) => c.position?.start.line)).toEqual([10, 14, 16]);
    const expected = positions(plain).map(([type, sl, sc, el, ec]) => [
      type,
      (sl as number) + 9,
      sc,
      (el as number) + 9,
      ec,
    ]);
    expect(positions(shifted)).toEqual(expected);
  });

  it('leaves positions alone for firstLine 1', () => {
    expect(positions(parseMarkdown(GFM, 1))).toEqual(positions(parseMarkdown(GFM)));
  });
});

describe('assembleMarkdown', () => {
  async function templated(body: string, template: string) {
    const root = tempDir('briefing-md-');
    writeFiles(root, { 'templates/memo.hbs': template });
    const templates = await loadTemplates(path.join(root, 'templates'), root);
    return applyTemplate(markBrief(validateBrief(parseBrief(source(briefText({ body })))), templates), templates);
  }

  const TEMPLATE = '# {{title}}\n\nIntro from the template.\n\n{{{body}}}\n\n## After\n';

  it('splices the brief body where the template put {{{body}}}', async () => {
    const input = await templated('First paragraph.\n\n- item one\n- item two\n', TEMPLATE);
    expect(input.markdown).toBe(`# A test brief\n\nIntro from the template.\n\n${BODY_MARK}\n\n## After\n`);
    const { tree } = assembleMarkdown(input);
    expect(tree.children.map((c) => [c.type, mdToString(c)])).toEqual([
      ['heading', 'A test brief'],
      ['paragraph', 'Intro from the template.'],
      ['paragraph', 'First paragraph.'],
      ['list', 'item oneitem two'],
      ['heading', 'After'],
    ]);
    expect(mdToString(tree)).not.toContain(BODY_MARK);
  });

  it('marks body nodes as the brief’s, with brief line numbers, and the rest as the template’s', async () => {
    // The body starts on line 8 of the brief (see briefText).
    const { tree } = assembleMarkdown(await templated('First paragraph.\n\n- item one\n- item two\n', TEMPLATE));
    const [heading, intro, paragraph, list, after] = tree.children;
    expect([heading, intro, after].map((n) => [originOf(n), n.position?.start.line])).toEqual([
      ['template', 1],
      ['template', 3],
      ['template', 7],
    ]);
    expect([paragraph, list].map((n) => [originOf(n), n.position?.start.line])).toEqual([
      ['brief', 8],
      ['brief', 10],
    ]);
    const bodyNodes = [...nodes(paragraph), ...nodes(list)];
    expect(bodyNodes.length).toBeGreaterThan(5);
    expect(bodyNodes.every((n) => originOf(n) === 'brief')).toBe(true);
    expect(nodes(heading).every((n) => originOf(n) === 'template')).toBe(true);
    expect(nodes(list).map((n) => n.position?.start.line)).toEqual([10, 10, 10, 10, 11, 11, 11]);
  });

  it('drops the mark when the body is empty', async () => {
    const { tree } = assembleMarkdown(await templated('', TEMPLATE));
    expect(tree.children.map((c) => mdToString(c))).toEqual(['A test brief', 'Intro from the template.', 'After']);
  });

  it('treats nodes without an origin as the template’s', () => {
    const tree = parseMarkdown('Plain.');
    expect(originOf(tree)).toBe('template');
    expect(originOf(tree.children[0])).toBe('template');
  });
});
