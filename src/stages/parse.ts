import matter from 'gray-matter';
import { type Document, LineCounter, parseDocument, YAMLError } from 'yaml';
import { ContentError, fail, problem } from '../diagnostics/diagnostic.ts';
import { AliasesTooLarge, placeOfOffset, scanYaml, yamlData } from '../limits.ts';
import type { SourceFile } from './read.ts';

/** A brief split into its front matter (still untyped) and its Markdown body. */
export interface ParsedBrief {
  source: SourceFile;
  /** The front matter as plain data. */
  data: Record<string, unknown>;
  /** The YAML document with source ranges, for placing problems. */
  doc: Document;
  /** Maps offsets in the YAML text to lines and columns; its line N is file line N. */
  lineCounter: LineCounter;
  body: string;
  /** File line on which the body starts. */
  bodyLine: number;
}

/**
 * gray-matter would run `---js` (and `---javascript`, `---coffee`) front matter
 * through eval. Every engine but YAML is replaced by one that refuses, and the
 * language is checked before gray-matter is called at all.
 */
const refuse = () => {
  throw new Error('non-YAML front matter');
};
const engines = { js: refuse, javascript: refuse, coffee: refuse, coffeescript: refuse, json: refuse, toml: refuse };

export function parseBrief(source: SourceFile): ParsedBrief {
  const { text, path } = source;
  const opening = /^---([^\n]*)\n/.exec(text);
  if (!opening) {
    fail(
      'FRONT_MATTER_MISSING',
      path,
      1,
      1,
      'The brief has no front matter.',
      'Start the file with a line "---", the YAML keys, then another "---".',
    );
  }
  const language = opening[1].trim();
  if (language !== '' && language !== 'yaml' && language !== 'yml') {
    fail(
      'FRONT_MATTER_LANGUAGE',
      path,
      1,
      4,
      `Front matter in "${language}" is not allowed; only YAML is read, and nothing in a brief is ever run.`,
      'Write the front matter in YAML and open it with a plain "---" line.',
    );
  }
  if (!/\n---[ \t]*(\n|$)/.test(text.slice(opening[0].length - 1))) {
    fail('FRONT_MATTER_UNCLOSED', path, 1, 1, 'The front matter is never closed.', 'End it with a line "---".');
  }
  // The `yaml` package reads YAML 1.2: `2021-02-30` stays a string for the
  // schema to check, and the document keeps source ranges for every value.
  let doc: Document | undefined;
  const lineCounter = new LineCounter();
  const yaml = (raw: string) => {
    // Measured on the CST before the document is composed: see scanYaml.
    const limit = scanYaml(raw);
    if (limit) {
      const at = placeOfOffset(raw, limit.offset);
      fail(limit.code, path, at.line, at.column, limit.message, limit.hint);
    }
    doc = parseDocument(raw, { lineCounter, uniqueKeys: true });
    const tagProblem = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    const problem = doc.errors[0] ?? tagProblem;
    if (problem) throw problem;
    try {
      return yamlData(doc) ?? {};
    } catch (error) {
      if (!(error instanceof AliasesTooLarge)) throw error;
      fail(
        'FRONT_MATTER_TOO_LARGE',
        path,
        2,
        1,
        "The front matter's aliases (*name) expand into too many copies of their anchors.",
        'Write the values out instead of repeating anchors.',
      );
    }
  };
  let file: matter.GrayMatterFile<string>;
  try {
    file = matter(text, { language: 'yaml', engines: { ...engines, yaml } });
  } catch (error) {
    if (error instanceof ContentError) throw error;
    throw new ContentError([yamlProblem(error, path)]);
  }
  // gray-matter does not call the engine for empty front matter.
  doc ??= parseDocument('', { lineCounter });
  const data = file.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    fail('FRONT_MATTER_NOT_MAP', path, 2, 1, 'The front matter must be a set of "key: value" lines.');
  }
  const bodyOffset = text.length - file.content.length;
  return {
    source,
    data,
    doc,
    lineCounter,
    body: file.content,
    bodyLine: text.slice(0, bodyOffset).split('\n').length,
  };
}

function yamlProblem(error: unknown, path: string) {
  if (!(error instanceof YAMLError)) throw error;
  // The YAML text starts with the newline after the opening `---`, so its
  // line N is file line N.
  const [at] = error.linePos ?? [{ line: 2, col: 1 }];
  const reason = error.message.split(' at line ')[0].replace(/:$/, '');
  const tag = error.code === 'TAG_RESOLVE_FAILED';
  return problem(
    tag ? 'YAML_TAG' : 'YAML_SYNTAX',
    path,
    at.line,
    at.col,
    tag
      ? `The front matter uses a YAML tag (${reason}); only plain data is read.`
      : `The front matter is not valid YAML: ${reason}.`,
    tag
      ? 'Remove the "!tag" before the value.'
      : 'Check indentation and quote values that contain ": " or start with a quote, bracket or "*".',
  );
}
