import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import Handlebars from 'handlebars';
import { ContentError, type Diagnostic, fail, problem } from '../diagnostics/diagnostic.ts';
import { loadSchemes, type SchemeSet } from '../markings/load.ts';
import { kept } from '../platform/kept.ts';
import { realInside } from '../platform/paths.ts';
import { briefSchema } from '../schema.ts';
import { didYouMean } from '../suggest.ts';
import { type Theme, themeSchema } from '../theme.ts';
import { helpers } from './template-helpers.ts';

type AstNode = hbs.AST.Node & Record<string, unknown>;

/** A template file: its look (front matter) and its compiled Handlebars body. */
export interface Template {
  name: string;
  /** Path as shown to the user, and the absolute path. */
  file: string;
  absPath: string;
  /** The template and every partial it includes, directly or not: what a change to should rebuild. */
  inputs: string[];
  theme: Theme;
  run: (context: object) => string;
}

/** Every template and partial under `templates/`, compiled once per build. */
export interface TemplateSet {
  dir: string;
  names: string[];
  /** A template, or the problems that keep it (or a partial it uses) from running. */
  get(name: string): Template | Diagnostic[] | undefined;
  /** The marking schemes: built in, and the project's under `templates/markings/`. */
  schemes: SchemeSet;
}

const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];

interface Compiled {
  absolute: string;
  shown: string;
  data: Record<string, unknown>;
  run?: (context: object, options?: object) => string;
  partials: string[];
  diagnostics: Diagnostic[];
}

/**
 * Loads every template and partial. A broken template fails only the briefs
 * that use it (and a broken partial only the templates that include it).
 */
export async function loadTemplates(dir: string, cwd: string): Promise<TemplateSet> {
  // A long-lived process (the build server, a worker) compiles a set once while its files stay the same.
  const key = await contentKey(dir, cwd);
  return sets.get(key, () => {
    const loaded = compileTemplates(dir, cwd);
    // A set that failed to load is not kept: the next command reads it again.
    loaded.catch(() => sets.drop(key));
    return loaded;
  });
}

/** Compiled template sets by the content of their folder; a project has one, a server sees a few. */
const sets = kept<Promise<TemplateSet>>(4);

/** Everything a template set is made from: each file's name, where it really is, and its text. */
async function contentKey(dir: string, cwd: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  const parts = await Promise.all(
    files.map(async (file) => {
      // As the compiler reads them: a file that leads outside the repository is never read, nor anything but a file.
      const real = await realInside(file, cwd, dir);
      const isFile = real
        ? await stat(real).then(
            (s) => s.isFile(),
            () => false,
          )
        : false;
      const text = real && isFile ? await readFile(real, 'utf8').catch(() => '') : '';
      return [file, real ?? '', text];
    }),
  );
  return JSON.stringify([dir, cwd, parts]);
}

async function compileTemplates(dir: string, cwd: string): Promise<TemplateSet> {
  const hb = Handlebars.create();
  hb.registerHelper(helpers);
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const files = entries.filter((f) => f.endsWith('.hbs')).sort();
  const isPartial = (f: string) => f.startsWith(`partials${path.sep}`);
  const partialName = (f: string) => f.slice('partials/'.length, -'.hbs'.length);
  const partialNames = files.filter(isPartial).map(partialName);
  const helperNames = [...BUILTIN_HELPERS, ...Object.keys(helpers)];
  const knownHelpers = Object.fromEntries(helperNames.map((name) => [name, true]));

  const compile = async (relative: string): Promise<Compiled> => {
    const absolute = path.join(dir, relative);
    const shown = path.relative(cwd, absolute);
    // Templates are code from the repository: a file that leads elsewhere (a
    // symbolic link out of it) is never read, so no template can print it.
    const real = await realInside(absolute, cwd, dir);
    if (!real) {
      const outside = problem(
        'TEMPLATE_OUTSIDE_REPOSITORY',
        shown,
        1,
        1,
        `The template file ${shown} leads outside the repository (a symbolic link), so it is not read.`,
        'Keep templates and partials as files inside the repository.',
      );
      return { absolute, shown, data: {}, partials: [], diagnostics: [outside] };
    }
    const text = (await readFile(real, 'utf8')).replace(/\r\n?/g, '\n');
    let file: matter.GrayMatterFile<string>;
    try {
      file = matter(text, { language: 'yaml', engines: { js: refuse, javascript: refuse, coffee: refuse } });
    } catch (error) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      const reason = (error as { reason?: string }).reason ?? (error as Error).message;
      const where = mark ? { line: mark.line + 1, column: mark.column + 1 } : { line: 1, column: 1 };
      const settings = problem(
        'TEMPLATE_SETTINGS_INVALID',
        shown,
        where.line,
        where.column,
        `The template's settings are not valid YAML: ${reason}.`,
      );
      return { absolute, shown, data: {}, partials: [], diagnostics: [settings] };
    }
    const lineOffset = text.slice(0, text.length - file.content.length).split('\n').length - 1;
    let ast: hbs.AST.Program;
    try {
      ast = parseTemplate(file.content, shown, lineOffset);
    } catch (error) {
      if (error instanceof ContentError)
        return { absolute, shown, data: file.data, partials: [], diagnostics: error.diagnostics };
      throw error;
    }
    const { diagnostics, partials } = checkNames(ast, shown, lineOffset, helperNames, partialNames);
    escapeAsMarkdown(ast, new Set(helperNames));
    // Only the helpers above, called by the names written in the template;
    // prototype properties and methods are never looked up (runtime options
    // below), whatever names the template or a brief's data hold.
    const compiled = hb.compile(ast, { strict: true, knownHelpers, knownHelpersOnly: true }) as (
      c: object,
      o?: object,
    ) => string;
    const run = (context: object, options?: object) => compiled(context, { ...options, ...RUNTIME_OPTIONS });
    return {
      absolute,
      shown,
      data: file.data,
      partials,
      diagnostics,
      run: located(run, shown, lineOffset, file.content),
    };
  };

  const partialProblems = new Map<string, Diagnostic[]>();
  const partialUses = new Map<string, { file: string; partials: string[] }>();
  for (const relative of files.filter(isPartial)) {
    const partial = await compile(relative);
    partialProblems.set(partialName(relative), partial.diagnostics);
    partialUses.set(partialName(relative), { file: partial.absolute, partials: partial.partials });
    if (partial.run) hb.registerPartial(partialName(relative), partial.run as Handlebars.Template);
  }
  /** Partials reached from these names, through partials that include partials. */
  const reach = (names: string[], seen = new Set<string>()): Set<string> => {
    for (const name of names) {
      if (seen.has(name) || !partialUses.has(name)) continue;
      seen.add(name);
      reach(partialUses.get(name)?.partials ?? [], seen);
    }
    return seen;
  };
  const templates = new Map<string, Template | Diagnostic[]>();
  for (const relative of files.filter((f) => !isPartial(f))) {
    const name = relative.slice(0, -'.hbs'.length);
    const compiled = await compile(relative);
    const used = [...reach(compiled.partials)];
    const problems = [...compiled.diagnostics, ...used.flatMap((p) => partialProblems.get(p) ?? [])];
    const inputs = [compiled.absolute, ...used.map((p) => partialUses.get(p)?.file ?? '')];
    const theme = themeSchema.safeParse(compiled.data);
    if (!theme.success) {
      for (const issue of theme.error.issues) {
        problems.push(
          problem(
            'TEMPLATE_SETTINGS_INVALID',
            compiled.shown,
            2,
            1,
            `Setting "${issue.path.join('.')}": ${issue.message}.`,
          ),
        );
      }
    }
    templates.set(
      name,
      problems.length || !theme.success || !compiled.run
        ? problems
        : { name, file: compiled.shown, absPath: compiled.absolute, inputs, theme: theme.data, run: compiled.run },
    );
  }
  const schemes = await loadSchemes(path.join(dir, 'markings'), cwd);
  return { dir, names: [...templates.keys()], get: (name) => templates.get(name), schemes };
}

const refuse = () => {
  throw new Error('templates take YAML settings only');
};

/** Set explicitly, whatever the Handlebars version's defaults: no prototype access from templates. */
const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false } as const;

function parseTemplate(source: string, file: string, lineOffset: number): hbs.AST.Program {
  try {
    return Handlebars.parse(source);
  } catch (error) {
    const { line, column, detail } = parseErrorPlace(error as Error & { lineNumber?: number; column?: number }, source);
    fail(
      'TEMPLATE_SYNTAX',
      file,
      line + lineOffset,
      column,
      `The template has a syntax error: ${detail}`,
      'Check that every {{#block}} has a matching {{/block}} and every {{ has its }}.',
    );
  }
}

/** What Handlebars' grammar (a jison parser) knows of a syntax error; its message is only for people. */
interface GrammarError {
  /** The token it could not take, and the place of the last token it took (lines 1-based, columns 0-based). */
  token: string;
  text: string;
  loc?: { last_line: number; last_column: number };
  /** The lexer's line, 0-based: where an unexpected end of file is found. */
  line: number;
}

class TemplateGrammarError extends Error {
  constructor(
    message: string,
    readonly grammar: GrammarError,
  ) {
    super(message);
  }
}

// jison's default handler throws the message alone and drops these details; keep them.
(Handlebars as unknown as { Parser: { parseError(message: string, hash: GrammarError): never } }).Parser.parseError = (
  message,
  hash,
) => {
  throw new TemplateGrammarError(message, hash);
};

/**
 * Handlebars gives a block mismatch a line and column. A grammar error gives
 * the token it could not take and the place of the token before it: the
 * unexpected one is the first of its text at or after that place.
 */
function parseErrorPlace(e: Error & { lineNumber?: number; column?: number }, source: string) {
  if (e.lineNumber !== undefined) {
    return { line: e.lineNumber, column: (e.column ?? 0) + 1, detail: e.message.replace(/ - \d+:\d+$/, '.') };
  }
  if (!(e instanceof TemplateGrammarError)) throw e;
  const lines = source.split('\n');
  const { token, text, loc, line: lexerLine } = e.grammar;
  if (token === 'EOF' || !loc) {
    const line = Math.min(lexerLine + 1, lines.length);
    return { line, column: (lines[line - 1] ?? '').length + 1, detail: 'the template ends inside an open block.' };
  }
  const lineText = lines[loc.last_line - 1] ?? '';
  const found = lineText.indexOf(text, loc.last_column);
  return {
    line: loc.last_line,
    column: found === -1 ? loc.last_column + 1 : found + 1,
    detail: `unexpected "${text.charAt(0)}".`,
  };
}

/** Partials and helpers are resolved before the template runs, so a typo is reported with its place. */
function checkNames(
  ast: hbs.AST.Program,
  file: string,
  lineOffset: number,
  helperNames: string[],
  partialNames: string[],
): { diagnostics: Diagnostic[]; partials: string[] } {
  const found: Diagnostic[] = [];
  const partials: string[] = [];
  walk(ast as unknown as AstNode, (node) => {
    const at = (node.loc as hbs.AST.SourceLocation).start;
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      const nameNode = node.name as hbs.AST.PathExpression | hbs.AST.SubExpression | hbs.AST.StringLiteral;
      if (nameNode.type !== 'PathExpression' && nameNode.type !== 'StringLiteral') {
        // {{> (lookup . 'x')}} or {{> (concat …)}}: a partial chosen at run time, perhaps by a brief's data.
        found.push(
          problem(
            'TEMPLATE_PARTIAL_DYNAMIC',
            file,
            at.line + lineOffset,
            at.column + 1,
            'A partial must be named as written ({{> name}}); a partial chosen at run time is not allowed.',
            `Write the partial's name out, e.g. {{> ${partialNames[0] ?? 'name'}}}, or choose between partials with {{#if}}.`,
          ),
        );
        return;
      }
      const name = nameNode.original;
      if (name === '@partial-block') return;
      partials.push(name);
      if (!partialNames.includes(name)) {
        found.push(
          problem(
            'TEMPLATE_PARTIAL_MISSING',
            file,
            at.line + lineOffset,
            at.column + 1,
            `The partial "${name}" does not exist in templates/partials/.`,
            didYouMean(name, partialNames) ?? `Partials: ${partialNames.join(', ') || 'none'}.`,
          ),
        );
      }
    }
    const isCall =
      node.type === 'SubExpression' ||
      ((node.type === 'MustacheStatement' || node.type === 'BlockStatement') &&
        ((node.params as unknown[]).length > 0 || node.hash));
    const head = node.path as hbs.AST.PathExpression | undefined;
    if (isCall && head?.type === 'PathExpression' && !helperNames.includes(head.original)) {
      found.push(
        problem(
          'TEMPLATE_HELPER_UNKNOWN',
          file,
          at.line + lineOffset,
          at.column + 1,
          `The helper "${head.original}" does not exist.`,
          didYouMean(head.original, helperNames) ?? `Helpers: ${helperNames.join(', ')}.`,
        ),
      );
    }
  });
  return { diagnostics: found, partials };
}

/**
 * Handlebars escapes `{{value}}` for HTML, which corrupts Markdown. Every
 * escaped mustache becomes `{{{md value}}}`, where `md` escapes Markdown
 * syntax; the looked-up path keeps strict mode, so a missing field still fails.
 */
function escapeAsMarkdown(ast: hbs.AST.Program, helperNames: Set<string>): void {
  walk(ast as unknown as AstNode, (node) => {
    if (node.type !== 'MustacheStatement' || !node.escaped) return;
    const m = node as unknown as hbs.AST.MustacheStatement & { escaped: boolean };
    const path = m.path as hbs.AST.PathExpression & { strict?: boolean };
    const isHelperCall = m.params.length > 0 || m.hash || helperNames.has(path.original);
    let inner: hbs.AST.Expression;
    if (isHelperCall) {
      inner = { type: 'SubExpression', path, params: m.params, hash: m.hash, loc: m.loc } as hbs.AST.SubExpression;
    } else {
      path.strict = true;
      inner = path;
    }
    m.path = { type: 'PathExpression', data: false, depth: 0, parts: ['md'], original: 'md', loc: m.loc } as never;
    m.params = [inner];
    m.hash = undefined as never;
    m.escaped = false;
  });
}

function walk(node: AstNode, visit: (node: AstNode) => void): void {
  visit(node);
  for (const value of Object.values(node)) {
    if (value === node.loc) continue;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child && typeof child === 'object' && typeof (child as AstNode).type === 'string')
        walk(child as AstNode, visit);
    }
  }
}

/**
 * A Handlebars runtime error (strict mode's missing field) carries the place
 * inside the template that failed; the innermost partial names its own file.
 */
function located(run: (c: object, o?: object) => string, file: string, lineOffset: number, source: string) {
  return (context: object, options?: object) => {
    try {
      return run(context, options);
    } catch (error) {
      const e = error as Error & { lineNumber?: number; column?: number; diagnostic?: Diagnostic };
      if (!(error instanceof Error) || e.diagnostic) throw error;
      if (e.lineNumber === undefined) {
        // Not Handlebars' own error: strict mode looking a field up in a text
        // or a number ("'x' in 'text'" throws), or a helper failing on a
        // brief's data. The brief fails with it; the build goes on.
        const [, field] = /^Cannot use 'in' operator to search for '([^']*)' in /.exec(e.message) ?? [];
        const at = field !== undefined ? placeOfField(source, field) : { line: 1, column: 1 };
        e.diagnostic = problem(
          field !== undefined ? 'TEMPLATE_FIELD_MISSING' : 'TEMPLATE_RUNTIME_ERROR',
          file,
          at.line + lineOffset,
          at.column,
          field !== undefined
            ? `The template reads "${field}" from a value that is text or a number, not a set of fields.`
            : `The template failed on this brief's data: ${e.message}.`,
          field !== undefined ? 'Read fields of objects only; a text value has none.' : undefined,
        );
        throw error;
      }
      const [, field, container] = /^"([^"]+)" not defined in (.*?)(?: - \d+:\d+)?$/.exec(e.message) ?? [];
      const unset = container === 'null' || container === 'undefined';
      e.diagnostic = problem(
        'TEMPLATE_FIELD_MISSING',
        file,
        e.lineNumber + lineOffset,
        (e.column ?? 0) + 1,
        !field
          ? e.message
          : unset
            ? `The template reads "${field}" from a field this brief leaves unset.`
            : `The template refers to "${field}", which no brief field or variable provides.`,
        unset
          ? 'Guard optional fields with {{#if field}} … {{/if}}.'
          : field
            ? didYouMean(field, Object.keys(briefSchema.shape))
            : undefined,
      );
      throw error;
    }
  };
}

/** Where a template first reads `.field` (or `/field`), for a runtime error that carries no place. */
function placeOfField(source: string, field: string): { line: number; column: number } {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`[./]${escaped}(?![\\w-])`).exec(source);
  if (!match) return { line: 1, column: 1 };
  const before = source.slice(0, match.index + 1);
  const line = before.split('\n').length;
  return { line, column: match.index + 2 - (before.lastIndexOf('\n') + 1) };
}
