import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseName } from '@citation-js/name';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { within } from '../platform/paths.ts';
import type { Brief, Source } from '../schema.ts';
import { readSourceText, type SourceText } from './source-text.ts';

/** The key of a front-matter source with no `id`: listed, never cited (a key cannot start with `#`). */
export const unnamedKey = (index: number) => `#${index + 1}`;

/** A bibliographic entry as the Citation Style Language describes it (CSL JSON). */
export interface CslItem {
  id: string;
  type: string;
  title?: string;
  [field: string]: unknown;
}

/**
 * Everything a brief can cite, by citation key: its front matter's `sources`
 * (by `id`) and the entries of its `bibliography` file; a source in the
 * front matter wins over an entry of the same key. `texts` holds the local
 * copies that sources name with `file:`, for checking quotations.
 */
export interface Library {
  items: Map<string, CslItem>;
  /** Keys of the front matter's sources, in order, and their index there. */
  own: Map<string, number>;
  texts: Map<string, SourceText>;
  /** Files read: the bibliography and the sources' copies. */
  inputs: string[];
}

/** Where a path in the front matter is read from, or why it is not. */
async function repositoryFile(
  given: string,
  briefDir: string,
  root: string,
): Promise<{ path: string } | { message: string; hint: string }> {
  if (/^[a-z][a-z0-9+.-]*:|^[/\\]{2}/i.test(given) || path.isAbsolute(given)) {
    return { message: `"${given}" is not a path relative to the brief.`, hint: 'Give a path relative to the brief.' };
  }
  const target = path.resolve(briefDir, given);
  const realRoot = await realpath(root);
  if (!within(target, path.resolve(root)) && !within(target, realRoot)) {
    return { message: `"${given}" is outside the repository.`, hint: 'Copy the file into the repository.' };
  }
  const real = await realpath(target).catch(() => undefined);
  if (!real) return { message: `"${given}" does not exist.`, hint: `Looked for ${path.relative(root, target)}.` };
  if (!within(real, realRoot)) {
    return { message: `"${given}" leads outside the repository.`, hint: 'Copy the file into the repository.' };
  }
  if (!(await stat(real)).isFile()) return { message: `"${given}" is not a file.`, hint: 'Name a file.' };
  return { path: real };
}

/**
 * Reads a brief's sources: its bibliography file (BibTeX or BibLaTeX as
 * Zotero exports them, or CSL JSON) and each source's local copy. Problems
 * are placed at the `bibliography` key or the source's `file`.
 */
export async function loadLibrary(
  brief: Brief,
  options: {
    briefPath: string;
    root: string;
    file: string;
    placeOf: (p: (string | number)[]) => { line: number; column: number };
  },
): Promise<{ library: Library; diagnostics: Diagnostic[] }> {
  const { file, placeOf } = options;
  const briefDir = path.dirname(options.briefPath);
  const diagnostics: Diagnostic[] = [];
  const items = new Map<string, CslItem>();
  const inputs: string[] = [];
  if (brief.bibliography) {
    const at = placeOf(['bibliography']);
    const bad = (message: string, hint: string) =>
      diagnostics.push(problem('BIBLIOGRAPHY_INVALID', file, at.line, at.column, message, hint));
    const found = await repositoryFile(brief.bibliography, briefDir, options.root);
    if ('path' in found) {
      inputs.push(found.path);
      const read = await parseBibliography(await readFile(found.path, 'utf8'), found.path);
      if ('items' in read) for (const item of read.items) items.set(item.id, item);
      else bad(`The bibliography ${brief.bibliography} cannot be read: ${read.error}`, read.hint);
    } else bad(`The bibliography ${found.message}`, found.hint);
  }
  const own = new Map<string, number>();
  const texts = new Map<string, SourceText>();
  for (const [index, source] of brief.sources.entries()) {
    const key = source.id ?? unnamedKey(index);
    own.set(key, index);
    items.set(key, { ...cslOf(source), id: key });
    if (!source.id || !source.file) continue;
    const at = placeOf(['sources', index, 'file']);
    const found = await repositoryFile(source.file, briefDir, options.root);
    if (!('path' in found)) {
      diagnostics.push(
        problem('SOURCE_FILE_INVALID', file, at.line, at.column, `The source's file ${found.message}`, found.hint),
      );
      continue;
    }
    inputs.push(found.path);
    const text = await readSourceText(found.path, source.file);
    if ('error' in text) {
      diagnostics.push(problem('SOURCE_FILE_INVALID', file, at.line, at.column, text.error, text.hint));
    } else texts.set(source.id, text);
  }
  return { library: { items, own, texts, inputs }, diagnostics };
}

/** A library of the front matter's sources alone, without reading files (an earlier revision's, for a redline). */
export function frontMatterLibrary(brief: Brief): Library {
  const items = new Map<string, CslItem>();
  const own = new Map<string, number>();
  for (const [index, source] of brief.sources.entries()) {
    const key = source.id ?? unnamedKey(index);
    own.set(key, index);
    items.set(key, { ...cslOf(source), id: key });
  }
  return { items, own, texts: new Map(), inputs: [] };
}

/** BibTeX/BibLaTeX or CSL JSON, by the file's first character; citation.js is loaded only for BibTeX. */
export async function parseBibliography(
  text: string,
  name: string,
): Promise<{ items: CslItem[] } | { error: string; hint: string }> {
  const json = /^\s*[[{]/.test(text) && !/^\s*@/.test(text);
  if (json || name.endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { error: `it is not valid JSON (${(error as Error).message}).`, hint: 'Export it again as CSL JSON.' };
    }
    const list = Array.isArray(data) ? data : [data];
    const bad = list.findIndex((e) => !e || typeof e !== 'object' || typeof (e as CslItem).id !== 'string');
    if (bad >= 0 || list.length === 0) {
      return {
        error: list.length ? `entry ${bad + 1} has no "id".` : 'it holds no entries.',
        hint: 'CSL JSON is a list of entries, each with an "id" and a "type".',
      };
    }
    return { items: (list as CslItem[]).map((e) => ({ ...e, type: e.type ?? 'document' })) };
  }
  const { plugins } = await import('@citation-js/core');
  await import('@citation-js/plugin-bibtex');
  let items: CslItem[];
  try {
    const options = { forceType: '@biblatex/text', generateGraph: false };
    items = plugins.input.chain(text, options as Parameters<typeof plugins.input.chain>[1]) as CslItem[];
  } catch (error) {
    const first = String((error as Error).message).split('\n')[0];
    return { error: `it is not valid BibTeX (${first}).`, hint: 'Export it again from your reference manager.' };
  }
  if (items.length === 0) {
    return { error: 'it holds no BibTeX entries.', hint: 'Entries start with @article{key, … and the like.' };
  }
  return { items: items.map(({ _graph, ...item }) => item as CslItem) };
}

/**
 * A front-matter source as a CSL entry: its publisher is the outlet an
 * article appeared in; names are read as "Given Family" unless they look
 * like an organisation, which is kept whole.
 */
export function cslOf(source: Source): CslItem {
  const item: CslItem = { id: source.id ?? '', type: source.publisher ? 'article-newspaper' : 'article' };
  item.title = source.title;
  if (source.author) item.author = source.author.split(/\s*;\s*|\s+and\s+|\s*&\s*/).map(nameOf);
  if (source.publisher) item['container-title'] = source.publisher;
  if (source.date !== undefined) {
    const parts = String(source.date).split('-').map(Number);
    item.issued = { 'date-parts': [parts] };
  }
  if (source.url) item.URL = source.url;
  return item;
}

const ORGANISATION =
  /\b(of|for|the|and|on|institute|council|committee|office|department|ministry|agency|service|center|centre|group|staff|university|news|press|commission)\b/i;

function nameOf(name: string): Record<string, string> {
  const words = name.split(/\s+/);
  if (words.length < 2 || words.length > 4 || ORGANISATION.test(name)) return { literal: name };
  return parseName(name);
}
