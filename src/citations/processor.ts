import { createRequire } from 'node:module';
import { kept } from '../platform/kept.ts';
import type { CslItem } from './library.ts';
import type { CiteItem } from './syntax.ts';

/**
 * Citations and bibliographies formatted by citeproc-js from CSL styles and
 * locales that npm packages ship (nothing is fetched): the official styles'
 * text, unchanged. A template names its style (`citations.style`).
 */
const require = createRequire(import.meta.url);
// citeproc-js is one CommonJS file without types, loaded when a brief cites.
// biome-ignore lint/suspicious/noExplicitAny: citeproc-js has no types
const citeproc = (): any => require('citeproc');

const citationJsStyles = () => require('@citation-js/plugin-csl/lib/styles.json') as Record<string, string>;
const LOCALES = () => require('@citation-js/plugin-csl/lib/locales.json') as Record<string, string>;

/** The styles a template may choose, by name, each from its npm package. */
export const STYLES: Record<string, () => string> = {
  'chicago-fullnote-bibliography': () => require('@citation/csl-style-chicago-fullnote-bibliography').default.content,
  apa: () => citationJsStyles().apa,
  harvard1: () => citationJsStyles().harvard1,
  vancouver: () => citationJsStyles().vancouver,
};

export const STYLE_NAMES = Object.keys(STYLES);

/** The CSL locale for a brief's language: itself, or one of its language, else US English. */
export function localeFor(language: string): string {
  const available = Object.keys(LOCALES());
  const lower = language.toLowerCase();
  return (
    available.find((l) => l.toLowerCase() === lower) ??
    available.find((l) => l.toLowerCase().split('-')[0] === lower.split('-')[0]) ??
    'en-US'
  );
}

let registered = false;

/** citeproc-js's plain-text output with Markdown for italics and bold, and web addresses as autolinks. */
// biome-ignore lint/suspicious/noExplicitAny: citeproc-js has no types
function registerMarkdown(CSL: any): void {
  if (registered) return;
  registered = true;
  const escapeMarkdown = (text: string) => (text ?? '').replace(/[\\`*_[\]<>#~|]/g, '\\$&');
  const unescapeMarkdown = (text: string) => text.replace(/\\(.)/g, '$1');
  CSL.Output.Formats.markdown = {
    ...CSL.Output.Formats.text,
    // A web address as an autolink, so it is printed and linked as written.
    text_escape: (text: string) => (/^https?:\/\/\S+$/.test(text ?? '') ? `<${text}>` : escapeMarkdown(text)),
    '@font-style/italic': '*%%STRING%%*',
    '@font-style/oblique': '*%%STRING%%*',
    '@font-weight/bold': '**%%STRING%%**',
    '@URL/true': (_state: unknown, str: string) => `<${unescapeMarkdown(str)}>`,
    '@DOI/true': (_state: unknown, str: string) => unescapeMarkdown(str),
  };
}

/** One citation to format: what it cites, and the note it stands in (notes styles). */
export interface Cluster {
  items: CiteItem[];
}

export interface Processor {
  /** Whether the style puts citations in notes (else in the text, author–date or numbered). */
  notes: boolean;
  /** Each citation formatted as Markdown, in order: the first of a source in full, later ones short. */
  cite(clusters: Cluster[]): string[];
  /** Bibliography entries for these keys as Markdown, in the style's order. */
  bibliography(ids: string[]): { id: string; text: string }[];
}

/** Processors by style, language and library content: kept across briefs and builds, a few at a time. */
const made = kept<Processor>(8);

/**
 * The processor for a brief's library, in a style and the locale of its
 * language: made once per library content (a style takes tens of
 * milliseconds to compile, APA over a second), so the list of sources and the
 * citations share it, and so do later builds of briefs citing the same
 * sources. Each use starts from its own state: the bibliography from the keys
 * it is given, the citations rebuilt from the first.
 */
export function processorFor(items: Map<string, CslItem>, style: string, language: string): Processor {
  return made.get(JSON.stringify([style, language, ...items]), () => createProcessor(new Map(items), style, language));
}

function createProcessor(items: Map<string, CslItem>, style: string, language: string): Processor {
  const CSL = citeproc();
  registerMarkdown(CSL);
  const locales = LOCALES();
  const sys = {
    retrieveLocale: (lang: string) => locales[lang] ?? locales['en-US'],
    retrieveItem: (id: string) => items.get(id),
  };
  const xml = STYLES[style]();
  const engine = new CSL.Engine(sys, xml, localeFor(language), true);
  engine.setOutputFormat('markdown');
  const notes = /<style[^>]*\bclass="note"/.test(xml);
  // A brief rebuilt after an edit nearly always cites as before: its citations and list are formatted once.
  const citedAs = kept<string[]>(16);
  const listed = kept<{ id: string; text: string }[]>(16);
  return {
    notes,
    cite(clusters) {
      const citations = clusters.map((cluster, i) => ({
        citationID: `c${i + 1}`,
        citationItems: cluster.items.map((item) => ({
          id: item.id,
          prefix: item.prefix ? `${item.prefix} ` : undefined,
          suffix: item.suffix ? `, ${item.suffix}` : undefined,
          locator: item.locator,
          label: item.label,
          'suppress-author': item.suppressAuthor,
        })),
        properties: { noteIndex: notes ? i + 1 : 0 },
      }));
      return citedAs.get(JSON.stringify(citations), () => formatCitations(citations));
    },
    bibliography: (ids) => listed.get(JSON.stringify(ids), () => formatBibliography(ids)),
  };

  function formatCitations(citations: { citationID: string }[]): string[] {
    const result: [string, number, string][] = engine.rebuildProcessorState(citations, 'markdown');
    const byId = new Map(result.map(([id, , text]) => [id, text]));
    return citations.map((c) => byId.get(c.citationID) ?? '');
  }

  function formatBibliography(ids: string[]): { id: string; text: string }[] {
    if (ids.length === 0) return [];
    engine.updateItems(ids);
    const made = engine.makeBibliography();
    if (!made) return [];
    const [meta, entries] = made as [{ entry_ids: string[][] }, string[]];
    return entries.map((entry, i) => ({ id: meta.entry_ids[i][0], text: entry.trim() }));
  }
}
