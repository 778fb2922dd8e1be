import type { Conformance } from '../conformance.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { BriefMeta } from '../distribution/meta.ts';
import type { Reader } from '../schema.ts';
import type { TemplateSet } from '../stages/template.ts';

/** What every step of a brief's pipeline may read: the project, the options of this run. */
export interface BuildContext {
  cwd: string;
  /** The repository: images must stay inside it. */
  root: string;
  briefsDir: string;
  outDir: string;
  templates: TemplateSet;
  /** Template name from the command line, overriding the brief's `template`. */
  templateOverride?: string;
  /** PDF/A level from the command line, overriding the brief's and its template's. */
  conformance?: Conformance;
  /** SOURCE_DATE_EPOCH in seconds, when set. */
  sourceDateEpoch?: number;
  /** `--force`: nothing is taken from the build cache, not even a book's briefs. */
  force?: boolean;
  /** Stop after the checks: no layout, no PDF. */
  checkOnly?: boolean;
  /** Warnings count as errors. */
  strict?: boolean;
  /** Briefs classified above this level are held back: not written, copied or listed. */
  releaseLevel?: string;
}

export interface BuildResult {
  source: string;
  absPath: string;
  /** No errors: the PDF was written (or, when checking, would be). */
  ok: boolean;
  output?: string;
  pages?: number;
  /** Errors and warnings, in the order found. */
  diagnostics: Diagnostic[];
  /** Every file the brief was built from, as far as the build got: what watch mode follows. */
  inputs: string[];
  ms: number;
  /** Reused from the cache, not rebuilt. */
  cached?: boolean;
  /** Why the release guard kept this brief back; nothing was written. */
  heldBack?: string;
  /** What distribution (copies, manifest, index) needs to know. */
  meta?: BriefMeta;
  /** Named readers' copies written for this brief. */
  copies?: { path: string; reader: Reader; id: string }[];
}
