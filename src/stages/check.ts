import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Image, Link, Nodes, Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import type { Scalar } from 'yaml';
import { ContentError, type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { covers, fallbackFamilies } from '../pdf/fonts.ts';
import { createSlugger } from '../pdf/slug.ts';
import type { ImageAsset } from '../pdf/state.ts';
import { SUPPORTED_NODES } from '../pdf/supported.ts';
import { didYouMean } from '../suggest.ts';
import { definedNotes, type MarkdownBrief, originOf, parseMarkdown } from './markdown.ts';

const SUPPORTED = new Set<string>(SUPPORTED_NODES);

/** A brief whose content is known to be printable, with its images read. */
export interface CheckedBrief extends MarkdownBrief {
  summary: Root;
  images: Map<string, ImageAsset>;
  /** Fallback font families this brief's scripts need. */
  fallbacks: string[];
  logo?: ImageAsset;
}

/** Front-matter fields that hold Markdown (the summary first), checked with the place of their value. */
function markdownFieldPaths(brief: MarkdownBrief['brief']): (string | number)[][] {
  return [
    ['summary'],
    ...brief.keyPoints.flatMap((point, i) =>
      (['meaning', 'assessment'] as const).filter((k) => point[k]).map((k) => ['keyPoints', i, k]),
    ),
    ...brief.recommendations.flatMap((r, i) => (r.rationale ? [['recommendations', i, 'rationale']] : [])),
  ];
}

/**
 * Finds, in one pass, everything that would print wrongly or not at all:
 * Markdown the PDF has no handler for, images that are missing, remote,
 * outside the repository or of an unsupported format, and characters no
 * embedded font covers. Reads the images it accepts.
 */
export async function checkContent(brief: MarkdownBrief, root: string): Promise<CheckedBrief> {
  const file = brief.parsed.source.path;
  const diagnostics: Diagnostic[] = [];
  const where = (node: Nodes) => {
    const start = node.position?.start ?? { line: 1, column: 1 };
    return originOf(node) === 'brief'
      ? { file, line: start.line, column: start.column, note: '' }
      : { file: brief.template.file, line: 1, column: 1, note: ` (line ${start.line} of the Markdown it produced)` };
  };

  const fieldTrees = markdownFields(brief);
  const images: Image[] = [];
  // Fields come first: what they hold reappears in the templated tree, and is
  // reported once, at its place in the brief.
  for (const tree of [...fieldTrees.map((f) => f.tree), brief.tree]) {
    const fieldProblems = diagnostics.length;
    visit(tree, undefined, (node, parent) => {
      const at = where(node);
      // What fields hold reappears in the templated tree: once reported in the brief, not again.
      if (originOf(node) === 'template' && fieldProblems > 0) return;
      if (!SUPPORTED.has(node.type)) {
        diagnostics.push(
          problem(
            'MARKDOWN_UNSUPPORTED',
            at.file,
            at.line,
            at.column,
            `${describeNode(node)} cannot be printed${at.note}.`,
            node.type === 'html'
              ? 'Raw HTML is not part of a brief; use Markdown instead (see README: Supported Markdown).'
              : 'See README: Supported Markdown.',
          ),
        );
      }
      if (node.type === 'image') {
        if (parent?.type === 'paragraph' && parent.children.length === 1) images.push(node);
        else
          diagnostics.push(
            problem(
              'IMAGE_INLINE',
              at.file,
              at.line,
              at.column,
              `The image "${node.url}" stands inside text${at.note}.`,
              'Put the image on a line of its own, with a blank line before and after.',
            ),
          );
      }
    });
  }

  diagnostics.push(...(await checkLinks(brief, where)));

  const assets = new Map<string, ImageAsset>();
  const briefDir = path.dirname(brief.parsed.source.absPath);
  for (const image of images) {
    const at = where(image);
    const result = await loadImage(image.url, originOf(image) === 'brief' ? briefDir : root, root);
    if ('data' in result) assets.set(image.url, result);
    else diagnostics.push(problem('IMAGE_INVALID', at.file, at.line, at.column, result.message + at.note, result.hint));
  }

  let logo: ImageAsset | undefined;
  const logoPath = brief.brief.logo ?? brief.template.theme.logo;
  if (logoPath) {
    const fromBrief = brief.brief.logo !== undefined;
    const base = fromBrief ? briefDir : path.dirname(brief.template.absPath);
    const result = await loadImage(logoPath, base, root);
    if ('data' in result) logo = result;
    else {
      const at = fromBrief ? { file, ...brief.placeOf(['logo']) } : { file: brief.template.file, line: 1, column: 1 };
      diagnostics.push(problem('IMAGE_INVALID', at.file, at.line, at.column, result.message, result.hint));
    }
  }

  const fallbacks = fallbackFamilies(brief.parsed.source.text);
  diagnostics.push(
    ...uncoveredCharacters(brief.parsed.source.text, file, [brief.template.theme.fonts.body, ...fallbacks]),
  );
  if (diagnostics.length) throw new ContentError(diagnostics);
  // The summary is drawn from its value as YAML reads it (folding included).
  const summary = parseMarkdown(brief.brief.summary, 1, definedNotes(brief.tree));
  return { ...brief, summary, images: assets, fallbacks, logo };
}

/**
 * Each Markdown field parsed from its source text in the brief, so positions
 * are exact: a block scalar (`>-`, `|`) from its raw lines, dedented (YAML
 * folding would join them); a quoted value from after its quote.
 */
function markdownFields(brief: MarkdownBrief) {
  const { doc, lineCounter, source } = brief.parsed;
  const lines = source.text.split('\n');
  const notes = definedNotes(brief.tree);
  return markdownFieldPaths(brief.brief).map((fieldPath) => {
    const node = doc.getIn(fieldPath, true) as Scalar;
    const start = lineCounter.linePos(node.range?.[0] ?? 0);
    if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') {
      const last = lineCounter.linePos(node.range?.[1] ?? 0).line;
      const raw = lines.slice(start.line, last);
      const indent = Math.min(...raw.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
      const tree = parseMarkdown(raw.map((l) => l.slice(indent)).join('\n'), start.line + 1, notes);
      markBrief(tree, indent);
      return { tree };
    }
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const tree = parseMarkdown(String(node.value ?? ''), start.line, notes);
    markBrief(tree, start.col - 1 + (quoted ? 1 : 0));
    return { tree };
  });
}

/** Marks a field's nodes as the brief's and moves their columns to where the value starts. */
function markBrief(node: Nodes, indent: number): void {
  node.data = { ...node.data, origin: 'brief' } as typeof node.data;
  if (node.position) node.position.start.column += indent;
  if ('children' in node) for (const child of node.children) markBrief(child, indent);
}

function visit(node: Nodes, parent: Nodes | undefined, fn: (node: Nodes, parent: Nodes | undefined) => void): void {
  fn(node, parent);
  if ('children' in node) for (const child of node.children) visit(child, node, fn);
}

function describeNode(node: Nodes): string {
  if (node.type === 'html') return `Raw HTML "${node.value.slice(0, 40)}"`;
  return `Markdown construct "${node.type}"`;
}

/**
 * Links inside the brief (`#heading`) must name a heading, and links to
 * other briefs (`other.md`, which print as links to `other.pdf`) must name a
 * brief that exists.
 */
async function checkLinks(
  brief: MarkdownBrief,
  where: (node: Nodes) => { file: string; line: number; column: number; note: string },
): Promise<Diagnostic[]> {
  const slug = createSlugger();
  const anchors = new Set<string>();
  const links: Link[] = [];
  visit(brief.tree, undefined, (node) => {
    if (node.type === 'heading') anchors.add(slug(mdToString(node)));
    if (node.type === 'link') links.push(node);
  });
  const found: Diagnostic[] = [];
  const briefDir = path.dirname(brief.parsed.source.absPath);
  for (const link of links) {
    const at = where(link);
    if (link.url.startsWith('#') && !anchors.has(link.url.slice(1))) {
      found.push(
        problem(
          'LINK_ANCHOR_UNKNOWN',
          at.file,
          at.line,
          at.column,
          `The link "${link.url}" names no heading in this brief${at.note}.`,
          didYouMean(link.url.slice(1), [...anchors]) ?? `Headings: ${[...anchors].map((a) => `#${a}`).join(', ')}.`,
        ),
      );
    }
    const target = /^[^:/?#][^:?#]*\.md(#.*)?$/i.exec(link.url) ? link.url.replace(/#.*$/, '') : undefined;
    if (target && !existsSync(path.resolve(briefDir, target))) {
      found.push(
        problem(
          'LINK_BRIEF_MISSING',
          at.file,
          at.line,
          at.column,
          `The link "${link.url}" names a brief that does not exist${at.note}.`,
          'Links to other briefs are relative to this brief, e.g. [see](other-brief.md).',
        ),
      );
    }
  }
  return found;
}

type ImageResult = ImageAsset | { message: string; hint?: string };

/**
 * Images are data in the repository: no network, no absolute paths, nothing
 * outside the repository (after following symbolic links), and only formats
 * react-pdf draws (it silently drops the others).
 */
async function loadImage(url: string, baseDir: string, root: string): Promise<ImageResult> {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) {
    return {
      message: `The image "${url}" is not a local file; images are never fetched.`,
      hint: 'Save the image in the repository and give its relative path.',
    };
  }
  if (path.isAbsolute(url)) {
    return { message: `The image path "${url}" is absolute.`, hint: 'Give a path relative to the brief.' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    return { message: `The image path "${url}" has a malformed %-escape.`, hint: 'Write the file name as it is.' };
  }
  const target = path.resolve(baseDir, decoded);
  const real = await realpath(target).catch(() => undefined);
  if (!real) return { message: `The image "${url}" does not exist.`, hint: `Looked for ${target}.` };
  const realRoot = await realpath(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return { message: `The image "${url}" is outside the repository.`, hint: 'Copy it into the repository.' };
  }
  const data = await readFile(real);
  if (data[0] === 0x89 && data.subarray(1, 4).toString('latin1') === 'PNG') return { path: real, data, format: 'png' };
  if (data[0] === 0xff && data[1] === 0xd8) return { path: real, data, format: 'jpg' };
  const head = data.subarray(0, 2048).toString('utf8');
  if (/<svg[\s>]/.test(head)) {
    if (/<(image|script|foreignObject)[\s>]|href\s*=\s*["'](?!#)/i.test(data.toString('utf8'))) {
      return {
        message: `The SVG image "${url}" refers to other files or scripts.`,
        hint: 'Use a self-contained SVG (shapes and text only).',
      };
    }
    return { path: real, data, format: 'svg' };
  }
  return {
    message: `The image "${url}" is not a PNG, JPEG or SVG file.`,
    hint: 'Convert it to PNG (GIF, WebP and others are not drawn).',
  };
}

/**
 * A character no embedded font covers would print as garbage from the PDF's
 * built-in Helvetica. The brief's own text is scanned, so each is reported
 * at its line and column.
 */
function uncoveredCharacters(text: string, file: string, families: string[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  const seen = new Map<string, boolean>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    let column = 1;
    for (const char of line) {
      if (char >= ' ' && char !== '\u00a0' && !(char <= '~')) {
        let ok = seen.get(char);
        if (ok === undefined) {
          ok = covers(families, char);
          seen.set(char, ok);
        }
        if (!ok) {
          const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
          found.push(
            problem(
              'CHARACTER_UNCOVERED',
              file,
              i + 1,
              column,
              `The character "${char}" (${code}) is in no embedded font, so it cannot be printed.`,
              'Replace it, or use a template whose fonts cover it.',
            ),
          );
        }
      }
      column += char.length;
    }
  });
  return found;
}
