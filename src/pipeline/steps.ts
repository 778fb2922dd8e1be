import path from 'node:path';
import type { Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { loadAttachments } from '../attachments/load.ts';
import type { Part } from '../binding/bind.ts';
import { resolveCitations, scanCitations } from '../citations/cite.ts';
import { frontMatterLibrary, loadLibrary } from '../citations/library.ts';
import { type Conformance, resolveConformance } from '../conformance.ts';
import { ContentError, fail, problem } from '../diagnostics/diagnostic.ts';
import type { BriefMeta } from '../distribution/meta.ts';
import { findMarking, type MarkedBrief, markBrief } from '../markings/mark.ts';
import type { DocumentInput } from '../pdf/document.tsx';
import { copyLineY } from '../pdf/geometry.ts';
import { outputPathFor, templateVariant, writeAtomic } from '../platform/files.ts';
import { leadsOutside } from '../platform/paths.ts';
import { applyTemplate, type TemplatedBrief } from '../stages/apply-template.ts';
import { type CheckedBrief, checkContent } from '../stages/check.ts';
import { type DerivedBrief, derive as deriveFacts } from '../stages/derive.ts';
import { assembleMarkdown, type MarkdownBrief } from '../stages/markdown.ts';
import { orderSections } from '../stages/order.ts';
import { type ParsedBrief, parseBrief } from '../stages/parse.ts';
import { findPlaceholders } from '../stages/placeholders.ts';
import { briefName, pdfDate, repository, type Stamp, stampBrief } from '../stages/provenance.ts';
import { readSource, type SourceFile } from '../stages/read.ts';
import { type ValidBrief, validateBrief } from '../stages/validate.ts';
import type { BuildContext } from './context.ts';
import { guardRelease } from './release-guard.ts';
import { type Finished, type Pipeline, type Step, Stop } from './runner.ts';

/**
 * The brief's text; placeholder text (TODO, TBD…) is a warning at its place.
 * A brief that leads outside the repository (a symbolic link) is not read,
 * like any other file there: its problems would print its lines.
 */
export const read: Step<string, SourceFile> = {
  name: 'read',
  async run(absPath, context) {
    if (await leadsOutside(absPath, context.root)) {
      const shown = path.relative(context.cwd, absPath) || absPath;
      fail(
        'FILE_OUTSIDE_REPOSITORY',
        shown,
        1,
        1,
        `The brief ${shown} leads outside the repository (a symbolic link), so it is not read.`,
        'Keep briefs as files inside the repository.',
      );
    }
    const file = await readSource(absPath, context.cwd);
    return { value: file, diagnostics: findPlaceholders(file) };
  },
};

export const parse: Step<SourceFile, ParsedBrief> = { name: 'parse', run: (file) => ({ value: parseBrief(file) }) };

export const validate: Step<ParsedBrief, ValidBrief> = {
  name: 'validate',
  run(parsed, context) {
    const marking = (partial: Pick<ValidBrief, 'parsed' | 'placeOf'>) => {
      const found = findMarking(partial, context.templates, context.templateOverride);
      return Array.isArray(found) ? found : [];
    };
    return { value: validateBrief(parsed, marking) };
  },
};

/** The brief's marking scheme and its level there; a project's scheme file is an input of the brief. */
export const markings: Step<ValidBrief, MarkedBrief> = {
  name: 'markings',
  run(valid, context) {
    const marked = markBrief(valid, context.templates, context.templateOverride);
    const loaded = context.templates.schemes.get(marked.marking.scheme);
    return { value: marked, inputs: loaded && !Array.isArray(loaded) && loaded.absPath ? [loaded.absPath] : [] };
  },
};

export const releaseGuard = guardRelease<MarkedBrief>(
  (marked) => marked.marking,
  (marked, level) => {
    const where = marked.placeOf([marked.parsed.data.classification === undefined ? 'markings' : 'classification']);
    fail(
      'RELEASE_LEVEL_OTHER_SCHEME',
      marked.parsed.source.path,
      where.line,
      where.column,
      `The release level ${level} is not a level of this brief's ${marked.marking.scheme} marking scheme, so it cannot be compared with ${marked.marking.name}.`,
      `Levels of the ${marked.marking.scheme} scheme: ${marked.marking.levels.join(', ')}. Build briefs of each scheme with a level of their own.`,
    );
  },
);

/** What the brief can cite: its sources, its bibliography file, and the sources' local copies, read. */
export const sources: Step<ValidBrief, ValidBrief> = {
  name: 'sources',
  async run(valid, context) {
    const { library, diagnostics } = await loadLibrary(valid.brief, {
      briefPath: valid.parsed.source.absPath,
      root: context.root,
      file: valid.parsed.source.path,
      placeOf: valid.placeOf,
    });
    return { value: { ...valid, library }, inputs: library.inputs, diagnostics };
  },
};

/** The brief through its Handlebars template; a revision table asks git for the brief's history. */
export const template: Step<MarkedBrief, TemplatedBrief> = {
  name: 'template',
  async run(valid, context) {
    const git = valid.brief.revisionHistory ? await repository(context.root) : undefined;
    const revisions = git ? await git.history(valid.parsed.source.absPath) : [];
    const templated = applyTemplate(valid, context.templates, context.templateOverride, { revisions });
    return { value: templated, inputs: templated.template.inputs };
  },
};

export const markdown: Step<TemplatedBrief, MarkdownBrief> = {
  name: 'markdown',
  run: (templated) => ({ value: assembleMarkdown(templated) }),
};

/** The memo's sections in the order the brief, or its template, names. */
export const order: Step<MarkdownBrief, MarkdownBrief> = {
  name: 'order',
  run: (brief) => ({ value: orderSections(brief) }),
};

/** Facts later steps read instead of computing again: heading ids, the Markdown fields and their positions. */
export const derive: Step<MarkdownBrief, DerivedBrief> = {
  name: 'derive',
  run: (brief) => ({ value: deriveFacts(brief) }),
};

/**
 * Citations checked (unknown keys, sources never cited) and formatted in the
 * template's style: notes numbered with the brief's footnotes, or text in the
 * sentence; the quotations attributed to sources found, for the check step.
 */
export const cite: Step<DerivedBrief, DerivedBrief> = {
  name: 'cite',
  run(brief) {
    const library = brief.library ?? frontMatterLibrary(brief.brief);
    const { quotations, diagnostics } = scanCitations(
      brief.body,
      brief.fields,
      brief.brief,
      library,
      brief.parsed.source.path,
      brief.placeOf,
    );
    const { theme } = brief.template;
    resolveCitations(
      theme.blocks.bottomLine ? [brief.summary, brief.tree] : [brief.tree],
      library,
      theme,
      brief.brief.language,
    );
    return { value: { ...brief, quotations }, diagnostics };
  },
};

/** A brief known to be printable, and the PDF/A level it will be written to. */
export interface Checked {
  checked: CheckedBrief;
  conformance: Conformance;
}

/** Everything that would print wrongly or not at all, in one pass; reads the images. */
export const check: Step<DerivedBrief, Checked> = {
  name: 'check',
  async run(brief, context) {
    const checked = await checkContent(brief, context.root, { cwd: context.cwd });
    return {
      value: { checked, conformance: conformanceFor(checked, context) },
      inputs: assetsOf(checked),
      diagnostics: checked.warnings,
    };
  },
};

/**
 * A memo's tabs: other briefs checked as any brief is, PDF files read. The
 * memo's banner is the highest marking of them all, and the release guard
 * looks at it again (`attachmentsGuard`).
 */
export function attachments(briefChecks: Pipeline<string, Checked>): Step<Checked, Checked> {
  return {
    name: 'attachments',
    async run(input, context) {
      if (input.checked.brief.attachments.length === 0) return { value: input };
      const { value, inputs, diagnostics } = await loadAttachments(input, context, briefChecks);
      if (diagnostics.some((d) => d.severity === 'error')) throw new ContentError(diagnostics);
      return { value: { ...input, checked: { ...input.checked, ...value } }, inputs, diagnostics };
    },
  };
}

export const attachmentsGuard = guardRelease<Checked>(
  (input) => input.checked.banner ?? input.checked.marking,
  () => {
    throw new Error('an attachment of another scheme passed the attachments step');
  },
);

/** What a rendering of the brief needs besides the brief: its version and dates, and a redline's changes. */
export interface Stamped extends Checked {
  stamp: Stamp;
  date: Date;
  /** A redline: the tree with its changes marked, and the summary of changes before it. */
  changes?: { tree: Root; prelude: Root };
}

/** The version stamp from git, and the PDF's date: never the clock. */
export function stamp<T extends Checked & { changes?: Stamped['changes']; fallbackTime?: number }>(): Step<T, Stamped> {
  return {
    name: 'stamp',
    output: true,
    async run(input, context) {
      const { checked } = input;
      const absPath = checked.parsed.source.absPath;
      const git = await repository(context.root);
      const stamped = await stampBrief(git, [absPath, ...checked.template.inputs, ...assetsOf(checked)], {
        version: checked.brief.version,
        name: briefName(absPath, context.briefsDir),
      });
      const date = pdfDate(context.sourceDateEpoch ?? stamped.commit?.time ?? input.fallbackTime, checked.brief.date);
      return { value: { checked, conformance: input.conformance, changes: input.changes, stamp: stamped, date } };
    },
  };
}

export interface Rendered extends Stamped {
  pdf: Uint8Array;
  pages: number;
}

/** What the renderer draws of a checked, stamped brief (a redline: its tree with the changes marked). */
export function documentInput({ checked, stamp, date, conformance, changes }: Stamped): DocumentInput {
  return {
    brief: checked.brief,
    marking: checked.marking,
    banner: checked.banner,
    theme: checked.template.theme,
    tree: changes?.tree ?? checked.tree,
    prelude: changes?.prelude,
    summary: checked.summary,
    images: checked.images,
    targets: checked.targets,
    fallbacks: checked.fallbacks,
    logo: checked.logo,
    stamp,
    date,
    conformance,
  };
}

/** Layout and drawing, with react-pdf loaded on first use: checking never loads it (a third of start-up). */
export const render: Step<Stamped, Rendered> = {
  name: 'render',
  output: true,
  async run(input, context) {
    const { renderPdf } = await import('../pdf/render.ts');
    const { checked, changes } = input;
    const { pdf, pages } = await renderPdf(documentInput(input), {
      dir: path.join(context.outDir, '.cache', 'pages'),
      key: JSON.stringify([
        path.relative(context.root, checked.parsed.source.absPath),
        checked.template.name,
        Boolean(changes),
      ]),
    });
    return { value: { ...input, pdf, pages } };
  },
};

/** A brief's `maxPages`, else its template's, caps its length: a card that spills onto page 2 is a failed build. */
export const pageBudget: Step<Rendered, Rendered> = {
  name: 'page budget',
  run(input) {
    const { checked, pages, changes } = input;
    // A redline's summary of changes comes before the brief: the brief's own pages count.
    const own = changes ? pages - 1 : pages;
    const budget = checked.brief.maxPages ?? checked.template.theme.maxPages;
    if (budget === undefined || own <= budget) return { value: input };
    const fromBrief = checked.brief.maxPages !== undefined;
    const where = fromBrief ? checked.placeOf(['maxPages']) : { line: 1, column: 1 };
    throw new ContentError([
      problem(
        'PAGE_BUDGET_EXCEEDED',
        checked.parsed.source.path,
        where.line,
        where.column,
        `The brief takes ${own} pages with template "${checked.template.name}", over its budget of ${budget} (maxPages${fromBrief ? '' : ` in ${checked.template.file}`}).`,
        'Shorten the content, or raise maxPages in the front matter.',
      ),
    ]);
  },
};

/**
 * A memo's tabs after it: for each, a divider page in the tab's own banner,
 * then the attached brief (drawn in its own template, with its own banners,
 * portion marks and stamp) or PDF file, its pages stamped "Tab A, page 2",
 * all bound into one tagged PDF with a bookmark per tab (pdf-lib, loaded only then).
 */
export const bind: Step<Rendered, Rendered> = {
  name: 'bind',
  output: true,
  async run(input, context) {
    const tabs = input.checked.attachments ?? [];
    if (tabs.length === 0) return { value: input };
    const [{ renderPdf }, { bindPdfs }, { dividerInput }] = await Promise.all([
      import('../pdf/render.ts'),
      import('../binding/bind.ts'),
      import('../attachments/tabs.ts'),
    ]);
    const parts: Part[] = [{ pdf: input.pdf, title: input.checked.brief.title }];
    let pages = input.pages;
    for (const tab of tabs) {
      const label = `Tab ${tab.letter}`;
      const divider = await renderPdf(dividerInput(input, tab));
      const drawn = tab.file ?? (await drawBrief(tab.brief as Checked, context));
      parts.push(
        { pdf: divider.pdf, title: `${label}: ${tab.title}` },
        { pdf: drawn.pdf, title: tab.title, nested: true, pageStamp: (n) => `${label}, page ${n}` },
      );
      pages += divider.pages + drawn.pages;
    }
    const { brief } = input.checked;
    const pdf = await bindPdfs(parts, { title: brief.title, language: brief.language, date: input.date });
    return { value: { ...input, pdf, pages } };
  },
};

/** An attached brief drawn as it would be on its own: its stamp, then its layout. */
async function drawBrief(brief: Checked, context: BuildContext): Promise<{ pdf: Uint8Array; pages: number }> {
  const stamped = await stamp().run(brief, context);
  if (stamped instanceof Stop) throw new Error('an attached brief was stopped after its checks');
  const rendered = await render.run(stamped.value, context);
  if (rendered instanceof Stop) throw new Error('an attached brief was stopped after its stamp');
  return rendered.value;
}

/** The brief's Markdown source inside its PDF, when it asks (pdf-lib is loaded only then). */
export const attach: Step<Rendered, Rendered> = {
  name: 'attach',
  output: true,
  async run(input) {
    const { checked } = input;
    if (!checked.brief.attachSource) return { value: input };
    const { attachSource } = await import('../distribution/attach.ts');
    const { source } = checked.parsed;
    const pdf = await attachSource(input.pdf, { name: path.basename(source.absPath), text: source.text }, input.date);
    return { value: { ...input, pdf } };
  },
};

/** The PDF, written atomically where `output` says, with what distribution needs to know of it. */
export function write(output: (checked: CheckedBrief, context: BuildContext) => string): Step<Rendered, Finished> {
  return {
    name: 'write',
    output: true,
    async run(input, context) {
      const { checked, stamp: version, pages } = input;
      const file = output(checked, context);
      await writeAtomic(file, input.pdf);
      const meta: BriefMeta = {
        title: checked.brief.title,
        classification: checked.marking.name,
        marking: checked.marking,
        date: checked.brief.date,
        summary: mdToString(checked.summary),
        template: checked.template.name,
        version: version.version,
        commit: version.commit?.hash,
        draft: checked.brief.status === 'draft' ? 'draft' : version.uncommitted ? 'uncommitted' : null,
        distribution: checked.brief.distribution,
        copyLineY: copyLineY(checked.template.theme),
      };
      return { value: { output: file, pages, meta } };
    },
  };
}

/** Where a brief's PDF goes: `output/<brief>.pdf`, or `output/<brief>.<template>.pdf` in another template than its own. */
export const briefOutput = (checked: CheckedBrief, context: BuildContext) =>
  outputPathFor(
    checked.parsed.source.absPath,
    context.briefsDir,
    context.outDir,
    templateVariant(context.templateOverride, checked.brief.template),
  );

/** The images and logo a checked brief embeds. */
function assetsOf(checked: CheckedBrief): string[] {
  return [...checked.images.values(), checked.logo].flatMap((asset) => (asset ? [asset.path] : []));
}

/**
 * The PDF/A level of a brief (see `resolveConformance`). PDF/A-1 forbids
 * embedded files, so PDF/A-1b with `attachSource: true` is an error at the
 * brief's `attachSource`, naming where the level was chosen.
 */
function conformanceFor(checked: CheckedBrief, context: Pick<BuildContext, 'conformance'>): Conformance {
  const { brief } = checked;
  const { level, source } = resolveConformance({
    commandLine: context.conformance,
    brief: brief.conformance,
    template: checked.template.theme.conformance,
    attachSource: brief.attachSource,
  });
  if (level === 'PDF/A-1b' && brief.attachSource) {
    const where = checked.placeOf(['attachSource']);
    const from = {
      'command line': 'by --conformance on the command line',
      brief: 'by the brief (conformance)',
      template: `by template "${checked.template.name}" (conformance in ${checked.template.file})`,
      default: 'by default',
    }[source];
    throw new ContentError([
      problem(
        'CONFORMANCE_ATTACHMENT',
        checked.parsed.source.path,
        where.line,
        where.column,
        `PDF/A-1b, chosen ${from}, forbids embedded files, so the source cannot be attached.`,
        'Remove attachSource, or choose PDF/A-3b (which allows attachments).',
      ),
    ]);
  }
  return level;
}

/** Layout and drawing, nothing written: the drawing is kept (src/pdf/render.ts) for a command that builds the brief so. */
export const drawInMemory: Step<Stamped, Finished> = {
  name: 'draw in memory',
  async run(input) {
    const { renderPdf } = await import('../pdf/render.ts');
    await renderPdf(documentInput(input));
    return { value: {} };
  },
};
