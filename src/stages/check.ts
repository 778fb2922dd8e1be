import path from 'node:path';
import type { Image, Nodes } from 'mdast';
import { visit as visitYaml } from 'yaml';
import type { LoadedAttachment } from '../attachments/load.ts';
import { findQuotation, normalize } from '../citations/quotes.ts';
import type { SourceText } from '../citations/source-text.ts';
import { ContentError, type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { LIMITS, longWords } from '../limits.ts';
import type { Marking } from '../markings/marking.ts';
import type { ImageAsset } from '../pdf/state.ts';
import { SUPPORTED_NODES } from '../pdf/supported.ts';
import { missingAlt } from './alt-text.ts';
import { bottomLineLength } from './bottom-line.ts';
import { pendingClearances } from './clearances.ts';
import { checkCoverage } from './coverage.ts';
import { crossrefData, suggestTarget, type Target } from './crossref.ts';
import type { DerivedBrief } from './derive.ts';
import { loadImage } from './images.ts';
import { checkLinks, type Place } from './links.ts';
import { lostText } from './lost-text.ts';
import { eachNode, type MarkdownBrief, markdownFieldPaths, originOf } from './markdown.ts';

const SUPPORTED = new Set<string>(SUPPORTED_NODES);

/** A brief whose content is known to be printable, with its images read. */
export interface CheckedBrief extends DerivedBrief {
  images: Map<string, ImageAsset>;
  /** Fallback font families this brief's scripts need. */
  fallbacks: string[];
  logo?: ImageAsset;
  /** Warnings found on the way (an SVG font no template family stands in for). */
  warnings: Diagnostic[];
  /** Tabs after the memo, and the banner that covers them all (src/attachments/load.ts). */
  attachments?: LoadedAttachment[];
  banner?: Marking;
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
  brief: DerivedBrief,
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

  const images: Image[] = [];
  // Fields come first: what they hold reappears in the templated tree, and is
  // reported once, at its place in the brief.
  for (const tree of [...brief.fields, brief.tree]) {
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
      diagnostics.push(...crossrefProblems(node, at, brief.targets));
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
              attributesApart(node, parent)
                ? 'Attributes go straight after the image, with no space or line break: ![Caption](chart.svg){width=60%}.'
                : 'Put the image on a line of its own, with a blank line before and after.',
            ),
          );
      }
    });
  }

  diagnostics.push(...duplicateIds(brief, where));
  collect(lostText(brief.tree, brief.fields, brief.parsed.source.text.split('\n'), file));
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
  diagnostics.push(...misquotations(brief));
  const { fallbacks, diagnostics: uncovered } = checkCoverage(
    brief.parsed.source.text,
    [...brief.fields, brief.tree],
    file,
    brief.template.theme.fonts,
  );
  diagnostics.push(...uncovered);
  if (diagnostics.length) throw new ContentError([...diagnostics, ...warnings]);
  const { summary } = brief;
  warnings.push(
    ...bottomLineLength(summary, brief.template.theme, brief.brief.paper, { file, ...brief.placeOf(['summary']) }),
    ...pendingClearances(brief),
  );
  return { ...brief, summary, images: assets, fallbacks, logo, warnings };
}

/**
 * Every quotation attributed to a source with a local copy must stand in it
 * verbatim (see findQuotation): else an error at the quotation, showing the
 * closest passage of the source and where it is.
 */
function misquotations(brief: DerivedBrief): Diagnostic[] {
  const texts = brief.library?.texts;
  if (!texts?.size) return [];
  const normalized = new Map([...texts].map(([id, source]) => [id, normalize(source.text)]));
  const found: Diagnostic[] = [];
  for (const quotation of brief.quotations) {
    const results = quotation.ids.map((id) => {
      const source = texts.get(id) as SourceText;
      return { source, result: findQuotation(quotation.text, source, normalized.get(id)) };
    });
    if (results.some(({ result }) => result.found)) continue;
    const [{ source, result }] = results;
    const closest = !result.found ? result.closest : undefined;
    const flat = quotation.text.replace(/\s+/g, ' ');
    const shown = flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
    found.push(
      problem(
        'QUOTE_NOT_IN_SOURCE',
        brief.parsed.source.path,
        quotation.at.line,
        quotation.at.column,
        `The quotation "${shown}" is not in ${source.name} as written.`,
        closest
          ? `Closest passage (${source.name}, ${closest.place}): "${closest.passage}"`
          : 'Quote the source word for word; mark changes with [brackets] and omissions with ….',
      ),
    );
  }
  return found;
}

/** An image followed, after a space or a line break, by what look like its attributes (`{width=60%}`). */
function attributesApart(image: Nodes, parent: Nodes | undefined): boolean {
  if (!parent || !('children' in parent)) return false;
  const next = parent.children[(parent.children as Nodes[]).indexOf(image) + 1];
  return next?.type === 'text' && /^\s+\{[^}]*[#=][^}]*\}/.test(next.value);
}

/** Attributes that cannot apply where they stand, and references to no figure, table or section. */
function crossrefProblems(node: Nodes, at: Place, targets: ReadonlyMap<string, Target>): Diagnostic[] {
  // Problems in attributes are placed in the same file as their node: a template's are reported at its first line.
  const inBrief = originOf(node) === 'brief';
  const found = (crossrefData(node).attributeProblems ?? []).map((p) =>
    problem(
      'ATTRIBUTE_INVALID',
      at.file,
      inBrief ? p.line : at.line,
      inBrief ? p.column : at.column,
      p.message + at.note,
      p.hint,
    ),
  );
  if (node.type === 'crossReference' && !targets.has(node.id)) {
    const what = { fig: 'figure', tbl: 'table', sec: 'heading' }[node.kind];
    found.push(
      problem(
        'CROSSREF_UNKNOWN',
        at.file,
        at.line,
        at.column,
        `The reference "@${node.id}" names no ${what} of this brief${at.note}.`,
        suggestTarget(node.id, targets),
      ),
    );
  }
  return found;
}

/** The same id on two figures, tables or headings: reported at the second, naming the first. */
function duplicateIds(brief: DerivedBrief, where: (node: Nodes) => Place): Diagnostic[] {
  return brief.duplicates.map((target) => {
    const id = crossrefData(target.node).attributes?.id ?? '';
    const first = brief.targets.get(id);
    const firstAt = first ? where(first.node) : undefined;
    const at = where(target.node);
    return problem(
      'CROSSREF_DUPLICATE',
      at.file,
      at.line,
      at.column,
      `The id "#${id}" is given twice${firstAt ? ` (first at line ${firstAt.line})` : ' (a heading has it from its text)'}${at.note}.`,
      'Give each figure, table and heading its own id.',
    );
  });
}

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
