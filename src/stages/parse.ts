import matter from 'gray-matter';
import { ContentError, fail, problem } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from './read.ts';

/** A brief split into its front matter (still untyped) and its Markdown body. */
export interface ParsedBrief {
  source: SourceFile;
  /** The front matter as plain data. */
  data: Record<string, unknown>;
  /** The raw YAML, starting with the newline after the opening `---`, so its line N is file line N. */
  yaml: string;
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
  let file: matter.GrayMatterFile<string>;
  try {
    file = matter(text, { language: 'yaml', engines });
  } catch (error) {
    throw new ContentError([yamlProblem(error, path)]);
  }
  const data = file.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    fail('FRONT_MATTER_NOT_MAP', path, 2, 1, 'The front matter must be a set of "key: value" lines.');
  }
  const bodyOffset = text.length - file.content.length;
  return {
    source,
    data,
    yaml: file.matter,
    body: file.content,
    bodyLine: text.slice(0, bodyOffset).split('\n').length,
  };
}

interface YamlException {
  name: string;
  reason?: string;
  mark?: { line: number; column: number };
}

function yamlProblem(error: unknown, path: string) {
  const e = error as YamlException;
  if (e?.name !== 'YAMLException' || !e.mark) throw error;
  // js-yaml counts lines in the matter text, which starts with the newline
  // after the opening `---`: its line N (0-based) is file line N + 1.
  return problem(
    'YAML_SYNTAX',
    path,
    e.mark.line + 1,
    e.mark.column + 1,
    `The front matter is not valid YAML: ${e.reason}.`,
    'Check indentation and quote values that contain ": " or start with a quote, bracket or "*".',
  );
}
