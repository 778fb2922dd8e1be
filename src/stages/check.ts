import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Image, Link, Nodes, Root } from 'mdast';
import { type Scalar, visit as visitYaml } from 'yaml';
import type { Code } from '../diagnostics/codes.ts';
import { ContentError, type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { LIMITS, longWords } from '../limits.ts';
import type { ImageAsset } from '../pdf/state.ts';
import { SUPPORTED_NODES } from '../pdf/supported.ts';
import { within } from '../platform/paths.ts';
import { didYouMean } from '../suggest.ts';
import type { Theme } from '../theme.ts';
import { missingAlt } from './alt-text.ts';
import { checkCoverage } from './coverage.ts';
import { headingId } from './derive.ts';
import { definedNotes, eachNode, type MarkdownBrief, markdownFieldPaths, originOf, parseMarkdown } from './markdown.ts';
import { prepareSvg } from './svg.ts';

const SUPPORTED = new Set<string>(SUPPORTED_NODES);

/** A brief whose content is known to be printable, with its images read. */
export interface CheckedBrief extends MarkdownBrief {
  summary: Root;
  images: Map<string, ImageAsset>;
  /** Fallback font families this brief's scripts need. */
  fallbacks: string[];
  logo?: ImageAsset;
  /** Warnings found on the way (an SVG font no template family stands in for). */
  warnings: Diagnostic[];
}

export interface CheckOptions {
  /** What paths in diagnostics are relative to. */
  cwd?: string;
}

/**
 * Finds, in one pass, everything that would print wrongly or not at all:
 * Markdown the PDF has no handler for, images that are missing, remote,
 * outside the repository or of an unsupported format, and characters no
 * embedded font covers. Reads the images it accepts.
 */
export async function checkContent(
  brief: MarkdownBrief,
  root: string,
  options: CheckOptions = {},
): Promise<CheckedBrief> {
  const file = brief.parsed.source.path;
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const imageOptions = { fonts: brief.template.theme.fonts, cwd: options.cwd ?? process.cwd() };
  // An image in a Markdown field is met twice (in the field and in the templated text); its problems are reported once.
  const seen = new Set<string>();
  const collect = (problems: Diagnostic[]) => {
    for (const d of problems) {
      const key = `${d.code}:${d.file}:${d.line}:${d.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (d.severity === 'error') diagnostics.push(d);
      else warnings.push(d);
    }
  };
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
    let tooDeep = false;
    eachNode(tree, (node, parent, depth) => {
      const at = where(node);
      // What fields hold reappears in the templated tree: once reported in the brief, not again.
      if (originOf(node) === 'template' && fieldProblems > 0) return;
      if (depth > LIMITS.treeDepth && !tooDeep) {
        tooDeep = true;
        diagnostics.push(
          problem(
            'MARKDOWN_TOO_DEEP',
            at.file,
            at.line,
            at.column,
            `Markdown is nested more than ${LIMITS.treeDepth} levels deep here${at.note}.`,
            'Flatten the structure: fewer lists, quotes, emphasis or links inside each other.',
          ),
        );
      }
      diagnostics.push(...sizeProblems(node, at));
      if (!SUPPORTED.has(node.type)) {
        diagnostics.push(
          problem(
            'MARKDOWN_UNSUPPORTED',
            at.file,
            at.line,
            at.column,
            `${describeNode(node)} cannot be printed${at.note}.`,
            node.type === 'html'
              ? 'Raw HTML is not part of a brief; use Markdown instead (see docs/writing-briefs.md: Supported Markdown).'
              : 'See docs/writing-briefs.md: Supported Markdown.',
          ),
        );
      }
      if (node.type === 'image') {
        const alt = missingAlt(node);
        if (alt)
          diagnostics.push(problem('IMAGE_ALT_MISSING', at.file, at.line, at.column, alt.message + at.note, alt.hint));
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

  diagnostics.push(...(await checkLinks(brief, where, root)));

  const assets = new Map<string, ImageAsset>();
  const briefDir = path.dirname(brief.parsed.source.absPath);
  for (const image of images) {
    const at = where(image);
    const result = await loadImage(image.url, originOf(image) === 'brief' ? briefDir : root, root, imageOptions);
    if ('asset' in result) {
      assets.set(image.url, result.asset);
      collect(result.problems);
    } else diagnostics.push(problem(result.code, at.file, at.line, at.column, result.message + at.note, result.hint));
  }

  let logo: ImageAsset | undefined;
  const logoPath = brief.brief.logo ?? brief.template.theme.logo;
  if (logoPath) {
    const fromBrief = brief.brief.logo !== undefined;
    const base = fromBrief ? briefDir : path.dirname(brief.template.absPath);
    const result = await loadImage(logoPath, base, root, imageOptions);
    if ('asset' in result) {
      logo = result.asset;
      collect(result.problems);
    } else {
      const at = fromBrief ? { file, ...brief.placeOf(['logo']) } : { file: brief.template.file, line: 1, column: 1 };
      diagnostics.push(problem(result.code, at.file, at.line, at.column, result.message, result.hint));
    }
  }

  diagnostics.push(...longWordsInFrontMatter(brief));
  const { fallbacks, diagnostics: uncovered } = checkCoverage(
    brief.parsed.source.text,
    [...fieldTrees.map((f) => f.tree), brief.tree],
    file,
    brief.template.theme.fonts.body,
  );
  diagnostics.push(...uncovered);
  if (diagnostics.length) throw new ContentError([...diagnostics, ...warnings]);
  // The summary is drawn from its value as YAML reads it (folding included).
  const summary = parseMarkdown(brief.brief.summary, 1, definedNotes(brief.tree));
  return { ...brief, summary, images: assets, fallbacks, logo, warnings };
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

type Place = { file: string; line: number; column: number; note: string };

/** Tables beyond LIMITS, and words in the brief's text longer than LIMITS (a web address may be longer). */
function sizeProblems(node: Nodes, at: Place): Diagnostic[] {
  if (node.type === 'table') {
    const columns = Math.max(node.align?.length ?? 0, ...node.children.map((row) => row.children.length));
    const found: Diagnostic[] = [];
    if (columns > LIMITS.tableColumns) {
      found.push(
        problem(
          'TABLE_TOO_LARGE',
          at.file,
          at.line,
          at.column,
          `The table has ${columns} columns; at most ${LIMITS.tableColumns} fit${at.note}.`,
          'Split the table, or turn it around (rows for columns).',
        ),
      );
    }
    if (node.children.length > LIMITS.tableRows) {
      const row = node.children[LIMITS.tableRows];
      const start = originOf(node) === 'brief' ? row.position?.start : undefined;
      found.push(
        problem(
          'TABLE_TOO_LARGE',
          at.file,
          start?.line ?? at.line,
          start?.column ?? at.column,
          `The table has ${node.children.length} rows; at most ${LIMITS.tableRows} are printed${at.note}.`,
          'Split the table, or attach the data as a file instead of printing it.',
        ),
      );
    }
    return found;
  }
  if (node.type !== 'text' || originOf(node) !== 'brief') return [];
  return longWords(node.value).map(({ index, length, limit }) => {
    const before = node.value.slice(0, index);
    const lineBreaks = before.split('\n').length - 1;
    const line = at.line + lineBreaks;
    const column = lineBreaks ? index - before.lastIndexOf('\n') : at.column + index;
    return wordProblem(at.file, line, column, length, limit);
  });
}

function wordProblem(file: string, line: number, column: number, length: number, limit: number): Diagnostic {
  return problem(
    'WORD_TOO_LONG',
    file,
    line,
    column,
    `A word of ${length} characters without a space; at most ${limit} fit on a line.`,
    limit === LIMITS.urlLength
      ? 'Shorten the web address, or link a shorter one.'
      : 'Put spaces in it; a long web address should start with https://.',
  );
}

/** Plain-text front-matter values (titles, names, quotes…) with overlong words; Markdown fields are checked as Markdown. */
function longWordsInFrontMatter(brief: MarkdownBrief): Diagnostic[] {
  const { doc, lineCounter, source } = brief.parsed;
  const markdownNodes = new Set(markdownFieldPaths(brief.brief).map((p) => doc.getIn(p, true)));
  const found: Diagnostic[] = [];
  visitYaml(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || markdownNodes.has(node)) return;
      const start = lineCounter.linePos(node.range?.[0] ?? 0);
      for (const word of longWords(node.value)) {
        found.push(wordProblem(source.path, start.line, start.col, word.length, word.limit));
      }
    },
  });
  return found;
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
async function checkLinks(brief: MarkdownBrief, where: (node: Nodes) => Place, root: string): Promise<Diagnostic[]> {
  const anchors = new Set<string>();
  const links: Link[] = [];
  eachNode(brief.tree, (node) => {
    const id = headingId(node);
    if (id) anchors.add(id);
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
    if (!target) continue;
    const reach = await briefLinkTarget(target, briefDir, root);
    if (reach === 'outside') {
      found.push(
        problem(
          'LINK_OUTSIDE_REPOSITORY',
          at.file,
          at.line,
          at.column,
          `The link "${link.url}" leads outside the repository${at.note}.`,
          'Links to other briefs are relative to this brief and stay inside the repository.',
        ),
      );
    } else if (reach === 'missing') {
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

/**
 * Where a link to another brief leads. A path that leaves the repository by
 * its text (`../..`) is refused without looking at the file system; one that
 * stays inside by its text but leads outside through a symbolic link, or
 * does not exist, is "missing" either way, so the answer never tells whether
 * a file outside the repository exists.
 */
async function briefLinkTarget(target: string, briefDir: string, root: string): Promise<'ok' | 'outside' | 'missing'> {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // A malformed %-escape: the name as written.
  }
  const realRoot = await realpath(root);
  const lexical = path.resolve(briefDir, decoded);
  if (!within(lexical, path.resolve(root)) && !within(lexical, realRoot)) return 'outside';
  const real = await realpath(lexical).catch(() => undefined);
  return real && within(real, realRoot) ? 'ok' : 'missing';
}

/** An image read, with the problems found inside it (located in the image), or why it cannot be used. */
type ImageResult = { asset: ImageAsset; problems: Diagnostic[] } | { code: Code; message: string; hint?: string };

/**
 * Images are data in the repository: no network, no absolute paths, nothing
 * outside the repository (after following symbolic links), no larger than
 * LIMITS, and only formats react-pdf draws (it silently drops the others).
 * An SVG must be self-contained: no scripts, external images or references.
 */
async function loadImage(
  url: string,
  baseDir: string,
  root: string,
  options: { fonts: Theme['fonts']; cwd: string },
): Promise<ImageResult> {
  const invalid = (message: string, hint?: string) => ({ code: 'IMAGE_INVALID' as const, message, hint });
  if (/^[a-z][a-z0-9+.-]*:|^[/\\]{2}/i.test(url)) {
    return invalid(
      `The image "${url}" is not a local file; images are never fetched.`,
      'Save the image in the repository and give its relative path.',
    );
  }
  if (path.isAbsolute(url) || path.win32.isAbsolute(url)) {
    return invalid(`The image path "${url}" is absolute.`, 'Give a path relative to the brief.');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    return invalid(`The image path "${url}" has a malformed %-escape.`, 'Write the file name as it is.');
  }
  const realRoot = await realpath(root);
  const target = path.resolve(baseDir, decoded);
  // Outside by its text: refused before the file system is asked anything.
  if (!within(target, path.resolve(root)) && !within(target, realRoot)) {
    return invalid(`The image "${url}" is outside the repository.`, 'Copy it into the repository.');
  }
  const real = await realpath(target).catch(() => undefined);
  if (!real) return invalid(`The image "${url}" does not exist.`, `Looked for ${path.relative(root, target)}.`);
  if (!within(real, realRoot)) {
    return invalid(`The image "${url}" is outside the repository.`, 'Copy it into the repository.');
  }
  const info = await stat(real);
  if (!info.isFile()) return invalid(`The image "${url}" is not a file.`);
  if (info.size > LIMITS.imageBytes) {
    return {
      code: 'IMAGE_TOO_LARGE',
      message: `The image "${url}" is ${(info.size / 1024 / 1024).toFixed(1)} MB; at most ${LIMITS.imageBytes / 1024 / 1024} MB is embedded.`,
      hint: 'Save it smaller (a print image needs about 300 dpi at its printed size).',
    };
  }
  const data = await readFile(real);
  if (data[0] === 0x89 && data.subarray(1, 4).toString('latin1') === 'PNG') {
    // IHDR: width and height, big-endian, at bytes 16 and 20. A PNG is decoded to be embedded.
    const pixels = data.length >= 24 ? data.readUInt32BE(16) * data.readUInt32BE(20) : 0;
    if (pixels > LIMITS.imagePixels) {
      return {
        code: 'IMAGE_TOO_LARGE',
        message: `The image "${url}" has ${pixels} pixels; at most ${LIMITS.imagePixels} are embedded.`,
        hint: 'Scale it down (a print image needs about 300 dpi at its printed size).',
      };
    }
    return { asset: { path: real, data, format: 'png' }, problems: [] };
  }
  if (data[0] === 0xff && data[1] === 0xd8) return { asset: { path: real, data, format: 'jpg' }, problems: [] };
  const head = data.subarray(0, 2048).toString('utf8');
  if (/<svg[\s>]/.test(head)) {
    if (svgReachesOut(data.toString('utf8'))) {
      return invalid(
        `The SVG image "${url}" refers to other files or scripts.`,
        'Use a self-contained SVG (shapes and text only).',
      );
    }
    // Diagnostics inside the SVG name it as the user reaches it, not through symbolic links.
    const shown = path.relative(options.cwd, target) || target;
    const prepared = prepareSvg(data.toString('utf8'), shown, options.fonts);
    if ('error' in prepared) {
      const tooLarge = prepared.code === 'IMAGE_TOO_LARGE';
      return {
        asset: { path: real, data, format: 'svg' },
        problems: [
          problem(
            prepared.code ?? 'IMAGE_INVALID',
            shown,
            prepared.line,
            prepared.column,
            tooLarge
              ? `In the SVG image "${url}", ${prepared.error}`
              : `The SVG image "${url}" is not well-formed XML: ${prepared.error}`,
            tooLarge ? 'Flatten the groups of the SVG.' : 'Export the SVG again, or fix it in a text editor.',
          ),
        ],
      };
    }
    return {
      asset: { path: real, data: prepared.data, format: 'svg', faces: prepared.faces },
      problems: prepared.diagnostics,
    };
  }
  return invalid(
    `The image "${url}" is not a PNG, JPEG or SVG file.`,
    'Convert it to PNG (GIF, WebP and others are not drawn).',
  );
}

/**
 * An SVG that could make the renderer (or anything reading it) fetch or run
 * something: scripts, embedded documents or images, event handlers, entity
 * declarations, style sheet imports, or any reference (`href`, `url(…)`)
 * that is not a fragment (`#id`) inside the same file.
 */
function svgReachesOut(svg: string): boolean {
  return (
    /<(?:[\w-]+:)?(?:script|image|foreignObject|iframe|object|embed|feImage)\b/i.test(svg) ||
    /<!ENTITY|<!DOCTYPE[^>[]*\[|<\?xml-stylesheet|@import/i.test(svg) ||
    /\son[a-z]+\s*=/i.test(svg) ||
    /href\s*=(?!\s*["']\s*#)/i.test(svg) ||
    /url\((?!\s*["']?\s*#)/i.test(svg)
  );
}
