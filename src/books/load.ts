import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import { ContentError, type Diagnostic, fail, problem } from '../diagnostics/diagnostic.ts';
import { highest, type Marking } from '../markings/marking.ts';
import type { BuildContext } from '../pipeline/context.ts';
import { type Pipeline, runSteps } from '../pipeline/runner.ts';
import type { Rendered } from '../pipeline/steps.ts';
import { outputPathFor } from '../platform/files.ts';
import { leadsOutside, realInside } from '../platform/paths.ts';
import { readYamlFile, type YamlFile } from '../platform/yaml-file.ts';
import { parseMarkdown } from '../stages/markdown.ts';
import { type Book, bookSchema, type Member } from './schema.ts';

/** A book file, read and checked. */
export interface LoadedBook extends YamlFile<Book> {
  /** As shown to the user, and absolute. */
  file: string;
  absPath: string;
}

/** A brief of the book, drawn in its own template (or the one the book names), or taken from the build cache. */
export interface DrawnMember {
  source: string;
  /** Its PDF as another brief links to it (`x.pdf`, relative to the output folder); none in another template. */
  linkedAs?: string;
  title: string;
  pdf: Uint8Array;
  pages: number;
  marking: Marking;
  /** `status: draft`, or built from uncommitted changes. */
  draft: boolean;
  version?: string;
  commit?: string;
}

/** A tab: one brief, a page of its own, or a group of briefs. */
export interface Tab {
  letter: string;
  title: string;
  members: DrawnMember[];
  /** A page of its own: its Markdown, drawn in the book's banner, and its file. */
  page?: Root;
  pagePath?: string;
}

export interface BookWithTabs extends LoadedBook {
  tabs: Tab[];
}

/** The briefs a book names, by absolute path, each once, in order. */
export function bookBriefs(book: LoadedBook): string[] {
  const base = path.dirname(book.absPath);
  const members = book.data.tabs.flatMap((tab) => ('briefs' in tab ? tab.briefs : 'brief' in tab ? [tab] : []));
  return [...new Set(members.map((m) => path.resolve(base, m.brief)))];
}

/** Reads `books/<name>.yaml` against its schema; a problem is BOOK_INVALID at its line and column. */
export async function readBook(absPath: string, context: BuildContext): Promise<LoadedBook> {
  const file = path.relative(context.cwd, absPath) || absPath;
  if (await leadsOutside(absPath, context.root)) {
    fail('FILE_OUTSIDE_REPOSITORY', file, 1, 1, `The book ${file} leads outside the repository, so it is not read.`);
  }
  const read = readYamlFile((await readFile(absPath, 'utf8')).replace(/\r\n?/g, '\n'), bookSchema, {
    file,
    code: 'BOOK_INVALID',
    what: 'book',
    hint: 'A book has a title, a date and its tabs: {brief}, {title, page} or {title, briefs}.',
  });
  if (Array.isArray(read)) throw new ContentError(read);
  return { ...read, file, absPath };
}

/**
 * Draws every brief of the book through the same pipeline as a brief's own
 * build (its checks, stamp, layout, page budget and attachments), and reads
 * its pages of Markdown. A brief's problems are reported at its own lines and
 * at the book's tab; the files read are inputs of the book.
 */
export async function drawTabs(
  book: LoadedBook,
  context: BuildContext,
  memberSteps: Pipeline<string, Rendered>,
): Promise<{ value: BookWithTabs; inputs: string[]; diagnostics: Diagnostic[] }> {
  const base = path.dirname(book.absPath);
  const inputs: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const tabs: Tab[] = [];
  const cache = await memberCache(context);
  const linkedAs = (absPath: string, member: Member) =>
    member.template
      ? undefined
      : path.relative(context.outDir, outputPathFor(absPath, context.briefsDir, context.outDir));
  const resolve = async (given: string, where: (string | number)[]) => {
    const absPath = path.resolve(base, given);
    if (await realInside(absPath, context.root)) return absPath;
    const at = book.placeOf(where);
    diagnostics.push(
      problem('BOOK_TAB_INVALID', book.file, at.line, at.column, `${given} is not a file inside the repository.`),
    );
    return undefined;
  };
  const draw = async (member: Member, where: (string | number)[]): Promise<DrawnMember | undefined> => {
    const absPath = await resolve(member.brief, [...where, 'brief']);
    if (!absPath) return undefined;
    const cached = context.force ? undefined : await cache.lookup(absPath, member.template);
    if (cached) {
      inputs.push(...cached.inputs);
      diagnostics.push(...cached.diagnostics);
      const { meta } = cached;
      return {
        source: path.relative(context.cwd, absPath),
        linkedAs: linkedAs(absPath, member),
        title: member.title ?? meta.title,
        pdf: await cached.read(),
        pages: cached.pages,
        marking: meta.marking,
        draft: meta.draft !== null,
        version: meta.version,
        commit: meta.commit?.slice(0, 7),
      };
    }
    const { result, value } = await runSteps(memberSteps, absPath, {
      ...context,
      templateOverride: member.template,
      releaseLevel: undefined,
    });
    inputs.push(...result.inputs);
    diagnostics.push(...result.diagnostics);
    if (!value) {
      const at = book.placeOf([...where, 'brief']);
      diagnostics.push(
        problem(
          'BOOK_TAB_INVALID',
          book.file,
          at.line,
          at.column,
          `The brief ${member.brief} has problems (reported at its own lines), so the book cannot carry it.`,
        ),
      );
      return undefined;
    }
    const { checked, stamp } = value;
    return {
      source: result.source,
      linkedAs: linkedAs(absPath, member),
      title: member.title ?? checked.brief.title,
      pdf: value.pdf,
      pages: value.pages,
      marking: checked.marking,
      draft: checked.brief.status === 'draft' || stamp.uncommitted,
      version: stamp.version,
      commit: stamp.commit?.short,
    };
  };
  for (const [i, tab] of book.data.tabs.entries()) {
    const letter = String.fromCharCode(65 + i);
    if ('page' in tab) {
      const absPath = await resolve(tab.page, ['tabs', i, 'page']);
      if (!absPath) continue;
      inputs.push(absPath);
      const text = (await readFile(absPath, 'utf8')).replace(/\r\n?/g, '\n');
      tabs.push({ letter, title: tab.title, members: [], page: parseMarkdown(text), pagePath: absPath });
      continue;
    }
    const members = 'briefs' in tab ? tab.briefs : [tab];
    const drawn: DrawnMember[] = [];
    for (const [j, member] of members.entries()) {
      const one = await draw(member, 'briefs' in tab ? ['tabs', i, 'briefs', j] : ['tabs', i]);
      if (one) drawn.push(one);
    }
    tabs.push({ letter, title: 'title' in tab && tab.title ? tab.title : (drawn[0]?.title ?? ''), members: drawn });
  }
  return { value: { ...book, tabs }, inputs, diagnostics };
}

/**
 * The build cache, as the brief builds of this run use it: a brief built
 * already (in this run or an earlier one) with the same inputs and options is
 * taken as it is, not drawn again.
 */
async function memberCache(context: BuildContext) {
  const { BuildCache, gitState } = await import('../cache.ts');
  const stateOf = await gitState(context.root);
  const caches = new Map<string | undefined, InstanceType<typeof BuildCache>>();
  return {
    async lookup(absPath: string, template: string | undefined) {
      let cache = caches.get(template);
      if (!cache) {
        cache = new BuildCache(context.outDir, context.root, { ...context, templateOverride: template }, stateOf);
        caches.set(template, cache);
      }
      const hit = await cache.lookup(absPath);
      return hit?.meta ? { ...hit, meta: hit.meta } : undefined;
    },
  };
}

/** The book's marking: at least the highest of its briefs', in their one scheme. */
export function bookMarking(book: BookWithTabs, context: BuildContext): { marking: Marking; highestFrom?: string } {
  const members = book.tabs.flatMap((tab) => tab.members.map((m) => ({ tab, m })));
  const markings = members.map(({ m }) => m.marking);
  const schemeName = book.data.markings ?? markings[0]?.scheme ?? 'us';
  const loaded = context.templates.schemes.get(schemeName);
  const at = book.placeOf(['markings']);
  if (!loaded || Array.isArray(loaded)) {
    fail('BOOK_INVALID', book.file, at.line, at.column, `There is no marking scheme "${schemeName}".`);
  }
  const { scheme } = loaded;
  const foreign = members.find(({ m }) => m.marking.scheme !== scheme.name);
  if (foreign) {
    fail(
      'BOOK_INVALID',
      book.file,
      at.line,
      at.column,
      `${foreign.m.source} is marked in the ${foreign.m.marking.scheme} scheme, the book in the ${scheme.name} scheme: one banner cannot cover both.`,
    );
  }
  const top = highest(markings)[0];
  const names = scheme.levels.map((l) => l.name);
  const given = book.data.classification;
  const chosen = given ?? top?.name ?? names[0];
  const level = scheme.levels.find((l) => l.name === chosen);
  const where = book.placeOf(['classification']);
  if (!level) {
    fail(
      'CLASSIFICATION_UNKNOWN',
      book.file,
      where.line,
      where.column,
      `"${chosen}" is not a level of the ${scheme.name} scheme.`,
      `Its levels, lowest first: ${names.join(', ')}.`,
    );
  }
  if (top && names.indexOf(level.name) < names.indexOf(top.name)) {
    const from = members.find(({ m }) => m.marking.name === top.name);
    fail(
      'BOOK_CLASSIFICATION_LOW',
      book.file,
      where.line,
      where.column,
      `The book is marked ${level.name}, below ${from?.m.source} (Tab ${from?.tab.letter}), which is ${top.name}: a book is marked at least as high as its highest brief.`,
      `Mark the book ${top.name}, or leave classification out to take it from the briefs.`,
    );
  }
  const from = members.find(({ m }) => m.marking.name === level.name);
  return {
    marking: { ...level, scheme: scheme.name, levels: names },
    highestFrom: from ? `${from.m.source} (Tab ${from.tab.letter})` : undefined,
  };
}
