import { createHash } from 'node:crypto';
import { copyFile, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { BuildResult } from './build.ts';
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import type { BriefMeta } from './distribution/meta.ts';
import { makeFolder, writeAtomic } from './platform/files.ts';
import { packageRoot } from './platform/package-root.ts';
import { toolHash } from './platform/tool-hash.mjs';
import { repository } from './stages/provenance.ts';

/**
 * A content-addressed cache of built PDFs, under `<out>/.cache/` (safe to
 * delete). A PDF is stored under the hash of everything it was built from:
 * the tool's own code and dependency lock, the options that change the bytes,
 * and the path and contents of each input (brief, template, partials,
 * images). Per brief, a small record lists those inputs, so an unchanged
 * brief is recognised by hashing files, without parsing or rendering it.
 */
export class BuildCache {
  private readonly dir: string;
  private readonly salt: string;
  /** Content hashes by path: templates and partials are shared by many briefs. */
  private readonly hashes = new Map<string, Promise<string>>();

  constructor(
    private readonly outDir: string,
    private readonly root: string,
    private readonly options: {
      cwd: string;
      templateOverride?: string;
      sourceDateEpoch?: number;
      conformance?: string;
    },
    /** What a brief's version stamp depends on besides file contents (HEAD, tags, uncommitted files). */
    private readonly stateOf: (inputs: string[]) => string = () => '',
  ) {
    this.dir = path.join(outDir, '.cache');
    this.salt = JSON.stringify([
      toolVersion(),
      options.templateOverride ?? null,
      options.sourceDateEpoch ?? null,
      options.conformance ?? null,
    ]);
  }

  /**
   * The cached build of a brief whose inputs have not changed, or undefined.
   * `restore` puts its PDF at the output path (when it is not there already).
   */
  async lookup(absPath: string): Promise<CacheHit | undefined> {
    const record = await readJson<CacheRecord>(this.recordPath(absPath));
    if (!record) return undefined;
    const inputs = record.inputs.map((p) => path.resolve(this.root, p));
    const key = await this.key(inputs).catch(() => undefined);
    if (key !== record.key) return undefined;
    const cached = await readFile(this.objectPath(key)).catch(() => undefined);
    if (!cached) return undefined;
    const restore = async (output: string) => {
      const current = await readFile(output).catch(() => undefined);
      if (!current?.equals(cached)) await writeAtomic(output, cached);
    };
    // Where the build wrote it (the file name depends on the brief's own template).
    const output = typeof record.output === 'string' ? inside(this.outDir, record.output) : undefined;
    // Its warnings are those of the build that stored it; their files, kept relative to the repository, are shown from here.
    const diagnostics = record.diagnostics.map((d) => ({
      ...d,
      file: path.relative(this.options.cwd, path.resolve(this.root, d.file)),
    }));
    return { pages: record.pages, inputs, meta: record.meta, output, diagnostics, restore, read: async () => cached };
  }

  /** Stores a successful build under the hash of its inputs. */
  async store(result: BuildResult): Promise<void> {
    // Best effort: a cache that cannot be written costs a rebuild next time, never this build.
    await this.storeOrThrow(result).catch(() => undefined);
  }

  private async storeOrThrow(result: BuildResult): Promise<void> {
    if (!result.ok || !result.output || result.pages === undefined) return;
    const inputs = [...new Set(result.inputs)].sort();
    const key = await this.key(inputs);
    const object = this.objectPath(key);
    await makeFolder(path.dirname(object));
    const temporary = `${object}.${process.pid}.tmp`;
    await copyFile(result.output, temporary);
    await rename(temporary, object);
    const record: CacheRecord = {
      key,
      pages: result.pages,
      inputs: inputs.map((p) => path.relative(this.root, p)),
      meta: result.meta,
      output: path.relative(this.outDir, result.output),
      diagnostics: result.diagnostics.map((d) => ({
        ...d,
        file: path.relative(this.root, path.resolve(this.options.cwd, d.file)),
      })),
    };
    await writeAtomic(this.recordPath(result.absPath), Buffer.from(`${JSON.stringify(record)}\n`));
  }

  private async key(inputs: string[]): Promise<string> {
    const hash = createHash('sha256').update(this.salt).update(this.stateOf(inputs));
    for (const input of inputs) {
      let content = this.hashes.get(input);
      if (!content) {
        content = readFile(input).then((bytes) => createHash('sha256').update(bytes).digest('hex'));
        this.hashes.set(input, content);
      }
      hash.update(`\0${path.relative(this.root, input)}\0${await content}`);
    }
    return hash.digest('hex');
  }

  private recordPath(absPath: string): string {
    const id = createHash('sha256').update(path.relative(this.root, absPath)).digest('hex').slice(0, 32);
    return path.join(this.dir, 'briefs', `${id}.json`);
  }

  private objectPath(key: string): string {
    return path.join(this.dir, 'pdf', key.slice(0, 2), `${key}.pdf`);
  }
}

export interface CacheHit {
  pages: number;
  inputs: string[];
  meta?: BriefMeta;
  /** The PDF's path as the build wrote it (absent in records of older versions). */
  output?: string;
  /** The warnings the brief was built with: reported again, and errors under `--strict`. */
  diagnostics: Diagnostic[];
  restore(output: string): Promise<void>;
  /** The cached PDF's bytes (a book binds its briefs' PDFs). */
  read(): Promise<Uint8Array>;
}

interface CacheRecord {
  key: string;
  pages: number;
  meta?: BriefMeta;
  /** The PDF, relative to the output folder. */
  output?: string;
  /** Relative to the repository. */
  inputs: string[];
  /** Warnings, each file relative to the repository. */
  diagnostics: Diagnostic[];
}

/** `relative` under `dir`, or undefined for a path that leads out of it. */
function inside(dir: string, relative: string): string | undefined {
  const full = path.resolve(dir, relative);
  const back = path.relative(dir, full);
  return back && !back.startsWith(`..${path.sep}`) && back !== '..' && !path.isAbsolute(back) ? full : undefined;
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

let version: string | undefined;

/** The tool itself is an input: its source, patches and the exact dependency versions. */
function toolVersion(): string {
  version ??= toolHash(packageRoot());
  return version;
}

/**
 * A stamp changes with HEAD, the tags and uncommitted files, not only with
 * contents: read once per run, then filtered to each brief's inputs.
 */
export async function gitState(root: string): Promise<(inputs: string[]) => string> {
  const git = await repository(root);
  const snapshot = await git?.snapshot();
  if (!snapshot) return () => '';
  return (inputs) => [snapshot.head, snapshot.tags, ...inputs.filter((i) => snapshot.changed.has(i))].join('\n');
}
