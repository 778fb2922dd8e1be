import path from 'node:path';
import { ContentError, fail } from '../diagnostics/diagnostic.ts';
import type { BriefMeta } from '../distribution/meta.ts';
import { holdBack, type Marking } from '../markings/marking.ts';
import { copyLineY } from '../pdf/geometry.ts';
import type { BuildContext } from '../pipeline/context.ts';
import { type Finished, type Pipeline, type Step, Stop } from '../pipeline/runner.ts';
import type { Rendered } from '../pipeline/steps.ts';
import { writeAtomic } from '../platform/files.ts';
import { pdfDate, repository, type Stamp, stampBrief } from '../stages/provenance.ts';
import { bookDraft, drawBook } from './draw.ts';
import { type BookWithTabs, bookMarking, drawTabs, type LoadedBook, readBook } from './load.ts';

export const readBookStep: Step<string, LoadedBook> = {
  name: 'read book',
  run: async (absPath, context) => ({ value: await readBook(absPath, context) }),
};

/** Every brief of the book through the members' pipeline, every page of its own read. */
export function bookTabs(memberSteps: Pipeline<string, Rendered>): Step<LoadedBook, BookWithTabs> {
  return {
    name: 'tabs',
    async run(book, context) {
      const { value, inputs, diagnostics } = await drawTabs(book, context, memberSteps);
      if (diagnostics.some((d) => d.severity === 'error')) throw new ContentError(diagnostics);
      return { value, inputs, diagnostics };
    },
  };
}

export interface MarkedBook extends BookWithTabs {
  marking: Marking;
  /** The brief the book's level comes from, for saying why it is held back. */
  highestFrom?: string;
}

/** The book's marking, derived from its briefs: never lower than the highest of them. */
export const bookMarkings: Step<BookWithTabs, MarkedBook> = {
  name: 'book markings',
  run: (book, context) => ({ value: { ...book, ...bookMarking(book, context) } }),
};

/** A book above `--release-level` is held back, and says which brief puts it there. */
export const bookGuard: Step<MarkedBook, MarkedBook> = {
  name: 'release guard',
  run(book, context) {
    const held = holdBack(book.marking, context.releaseLevel);
    if (held === 'other scheme') {
      const at = book.placeOf(['classification']);
      fail(
        'RELEASE_LEVEL_OTHER_SCHEME',
        book.file,
        at.line,
        at.column,
        `The release level ${context.releaseLevel} is not a level of this book's ${book.marking.scheme} marking scheme.`,
      );
    }
    if (!held) return { value: book };
    const because = book.highestFrom ? `: ${book.highestFrom} is ${book.marking.name}` : '';
    return new Stop(`${held}${because}`);
  },
};

interface DrawnBook extends MarkedBook {
  pdf: Uint8Array;
  pages: number;
  stamp: Stamp;
}

/** The book bound: its own pages and every tab. */
export const drawBookStep: Step<MarkedBook, DrawnBook> = {
  name: 'bind book',
  output: true,
  async run(book, context) {
    const git = await repository(context.root);
    // The book's own files: the book and its pages (its briefs carry their own stamps).
    const own = [book.absPath, ...book.tabs.flatMap((tab) => (tab.pagePath ? [tab.pagePath] : []))];
    const stamp = await stampBrief(git, own, { name: path.basename(book.absPath).replace(/\.ya?ml$/i, '') });
    const date = pdfDate(context.sourceDateEpoch ?? stamp.commit?.time, book.data.date);
    const { pdf, pages } = await drawBook(book, book.marking, stamp, date, context);
    return { value: { ...book, pdf, pages, stamp } };
  },
};

/** `output/books/<name>.pdf`, written atomically, with what distribution needs to know of it. */
export const writeBook: Step<DrawnBook, Finished> = {
  name: 'write',
  output: true,
  async run(book, context) {
    const file = bookOutput(book.absPath, context);
    await writeAtomic(file, book.pdf);
    const memo = context.templates.get('memo');
    const meta: BriefMeta = {
      title: book.data.title,
      classification: book.marking.name,
      marking: book.marking,
      date: book.data.date,
      summary: [book.data.occasion, book.data.preparedFor && `Prepared for ${book.data.preparedFor}`]
        .filter(Boolean)
        .join('. '),
      template: 'book',
      version: book.stamp.version,
      commit: book.stamp.commit?.hash,
      draft: bookDraft(book, book.stamp),
      distribution: book.data.distribution,
      copyLineY: memo && !Array.isArray(memo) ? copyLineY(memo.theme) : 20,
    };
    return { value: { output: file, pages: book.pages, meta } };
  },
};

/** Where a book's PDF goes: under `output/books/`, by its path under `books/`. */
function bookOutput(absPath: string, context: BuildContext): string {
  const relative = path.relative(path.join(context.root, 'books'), absPath);
  const inside = relative && !relative.startsWith('..') && !path.isAbsolute(relative);
  return path.join(context.outDir, 'books', (inside ? relative : path.basename(absPath)).replace(/\.ya?ml$/i, '.pdf'));
}
