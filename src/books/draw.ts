import type { Root, RootContent } from 'mdast';
import type { Part } from '../binding/bind.ts';
import { fail } from '../diagnostics/diagnostic.ts';
import type { Marking } from '../markings/marking.ts';
import { longDate } from '../pdf/dates.ts';
import type { DocumentInput } from '../pdf/document.tsx';
import { ownPages } from '../pdf/own-page.ts';
import type { BuildContext } from '../pipeline/context.ts';
import { briefSchema } from '../schema.ts';
import { parseMarkdown } from '../stages/markdown.ts';
import type { Stamp } from '../stages/provenance.ts';
import { escapeMarkdown } from '../stages/template-helpers.ts';
import type { BookWithTabs, Tab } from './load.ts';

/**
 * A briefing book's own pages, each drawn as a document through the memo's
 * renderer with the memo template's look, the book's banner and no memo
 * frame: the cover and contents, a divider before each tab, a tab's page of
 * Markdown. Then everything is bound (src/binding/bind.ts), each page stamped
 * with its tab's page number ("B-3") and its number in the book.
 */
export async function drawBook(
  book: BookWithTabs,
  marking: Marking,
  stamp: Stamp,
  date: Date,
  context: BuildContext,
): Promise<{ pdf: Uint8Array; pages: number }> {
  const [{ renderPdf }, { bindPdfs }] = await Promise.all([import('../pdf/render.ts'), import('../binding/bind.ts')]);
  const draft = stamp.uncommitted || book.tabs.some((tab) => tab.members.some((m) => m.draft));
  const look = lookOf(book, marking, stamp, date, draft, context);
  const draw = (tree: Root, title: string) => renderPdf(look(tree, title));

  const dividers = await Promise.all(
    book.tabs.map((tab) =>
      draw({ type: 'root', children: [{ type: 'briefBlock', name: 'divider', tab }] }, `Tab ${tab.letter}`),
    ),
  );
  const pageParts = await Promise.all(book.tabs.map((tab) => (tab.page ? draw(tab.page, tab.title) : undefined)));
  const tabPages = book.tabs.map(
    (tab, i) => dividers[i].pages + (pageParts[i]?.pages ?? 0) + tab.members.reduce((sum, m) => sum + m.pages, 0),
  );
  // The contents give each tab's first page, which depends on how long the contents are: drawn until that holds.
  let front = await draw(frontTree(book, tabPages, 0), book.data.title);
  for (let pass = 0; pass < 3; pass++) {
    const again = await draw(frontTree(book, tabPages, front.pages), book.data.title);
    const settled = again.pages === front.pages;
    front = again;
    if (settled) break;
  }

  const parts: Part[] = [{ pdf: front.pdf, title: book.data.title }];
  let page = front.pages;
  for (const [i, tab] of book.tabs.entries()) {
    let inTab = 0;
    const stampFrom = (first: number, firstInTab: number) => (n: number) =>
      `${tab.letter}-${firstInTab + n} · page ${first + n}`;
    const add = (pdf: Uint8Array, pages: number, title: string, nested: boolean, linkedAs?: string) => {
      parts.push({ pdf, title, nested, pageStamp: stampFrom(page, inTab), path: linkedAs });
      page += pages;
      inTab += pages;
    };
    add(dividers[i].pdf, dividers[i].pages, `Tab ${tab.letter}: ${tab.title}`, false);
    const own = pageParts[i];
    if (own) add(own.pdf, own.pages, tab.title, true);
    for (const member of tab.members) add(member.pdf, member.pages, member.title, true, member.linkedAs);
  }
  const pdf = await bindPdfs(parts, { title: book.data.title, language: book.data.language, date, stampSide: 'left' });
  return { pdf, pages: page };
}

/** Whether any page of the book is a draft: what the manifest and the index page say of it. */
export function bookDraft(book: BookWithTabs, stamp: Stamp): 'draft' | 'uncommitted' | null {
  const members = book.tabs.flatMap((tab) => tab.members);
  return stamp.uncommitted || members.some((m) => m.draft) ? 'draft' : null;
}

/** A page of the book as a document: the memo template's look, without its frame, in the book's banner. */
function lookOf(book: BookWithTabs, marking: Marking, stamp: Stamp, date: Date, draft: boolean, context: BuildContext) {
  const memo = context.templates.get('memo');
  if (!memo || Array.isArray(memo)) {
    fail('BOOK_INVALID', book.file, 1, 1, 'A book is drawn with the look of templates/memo.hbs, which does not load.');
  }
  const { theme } = memo;
  const brief = briefSchema.parse({
    title: book.data.title,
    date: book.data.date,
    to: book.data.preparedFor ?? book.data.title,
    from: book.data.title,
    summary: book.data.title,
    language: book.data.language,
    paper: book.data.paper,
    status: draft ? 'draft' : 'final',
  });
  return (tree: Root, title: string): DocumentInput =>
    ownPages(
      {
        brief: { ...brief, title, classification: marking.name },
        marking,
        fallbacks: [],
        stamp: { ...stamp, uncommitted: draft },
        date,
        conformance: theme.conformance ?? 'PDF/A-2b',
      },
      theme,
      tree,
    );
}

/** The cover, the contents with each tab's first page, and each brief's version and commit. */
function frontTree(book: BookWithTabs, tabPages: number[], frontPages: number): Root {
  const { data } = book;
  const lines = [
    data.occasion,
    longDate(data.date, data.language),
    data.preparedFor ? `Prepared for ${data.preparedFor}` : undefined,
  ];
  const cover: RootContent = {
    type: 'briefBlock',
    name: 'cover',
    cover: { title: data.title, lines: lines.filter((l): l is string => Boolean(l)) },
  };
  let page = frontPages + 1;
  const contents = book.tabs.map((tab, i) => {
    const row = `| ${tab.letter} | ${escapeMarkdown(tab.title)} | ${page} |`;
    page += tabPages[i];
    return row;
  });
  const versions = book.tabs.flatMap((tab: Tab) =>
    tab.members.map((m) => {
      const status = m.draft ? 'draft' : 'final';
      return `| ${tab.letter} | ${escapeMarkdown(m.title)} | ${escapeMarkdown(m.version ?? '')} | ${m.commit ?? ''} | ${status} |`;
    }),
  );
  const markdown = [
    '\\newpage',
    '## Contents',
    ['| Tab | | Page |', '|:--|:--|--:|', ...contents].join('\n'),
    '## Contents and versions',
    ['| Tab | Brief | Version | Commit | Status |', '|:--|:--|:--|:--|:--|', ...versions].join('\n'),
  ].join('\n\n');
  return { type: 'root', children: [cover, ...parseMarkdown(markdown).children] };
}
