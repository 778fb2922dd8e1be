import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildContext, checkSteps } from '../src/build.ts';
import type { DocumentInput } from '../src/pdf/document.tsx';
import { runSteps } from '../src/pipeline/runner.ts';
import { documentInput } from '../src/pipeline/steps.ts';
import { loadTemplates } from '../src/stages/template.ts';
import { tempFolder } from './temp.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What `npm run build:brief` runs. */
export const cli = path.join(repoRoot, 'bin', 'briefing.mjs');

/** A temporary project (removed after the test file): the repository's templates, plus the given briefs (path → text). */
export function makeWorkspace(briefs: Record<string, string> = {}): string {
  const dir = tempFolder('briefing-');
  cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  // The sources the sample brief quotes, which its build checks its quotations against.
  cpSync(path.join(repoRoot, 'sources'), path.join(dir, 'sources'), { recursive: true });
  mkdirSync(path.join(dir, 'briefs'), { recursive: true });
  for (const [file, text] of Object.entries(briefs)) writeFile(dir, file, text);
  return dir;
}

export function writeFile(dir: string, file: string, text: string | Uint8Array): void {
  const target = path.join(dir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

/** Tests build in their own process unless a test is about the warm build process (test/server.test.ts). */
const NO_SERVER = { BRIEFING_NO_SERVER: '1' };

/** Runs the real command, as `npm run build:brief -- ARGS` would, in `cwd`. */
export function runCli(cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...NO_SERVER, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A small valid brief; `extra` lines are added to its front matter, `body` replaces its body. */
export function briefText({ extra = '', body = 'Some **body** text.\n', title = 'A test brief' } = {}): string {
  return `---
title: ${title}
date: 2021-03-29
to: Director
from: Analyst
summary: The bottom line.
${extra}---
${body}`;
}

/** What the build says once when the briefs are not in a git repository (temporary workspaces are not). */
export const outsideGitNote =
  'note: not in a git repository (or no commits yet): PDFs carry no version stamp, revision history or redlines.\n';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the real command without waiting for it; `output` fills as it prints, `done` settles when it exits. */
export function startCli(
  cwd: string,
  args: string[] = [],
  env: Record<string, string> = {},
): ChildProcess & { output: { stdout: string; stderr: string }; done: Promise<Finished> } {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...NO_SERVER, ...env },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output.stderr += chunk;
  });
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, ...output }));
  });
  return Object.assign(child, { output, done });
}

/** Runs git in `dir` as a test author, never through a shell. */
export function git(dir: string, args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Ann', '-c', 'user.email=ann@example.org', ...args], { cwd: dir });
}

/** Makes `dir` a git repository with everything in it committed. */
export function commitAll(dir: string, message = 'First'): void {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '.']);
  git(dir, ['commit', '-q', '-m', message]);
}

/** Waits until `test` holds for a running command's output, failing with that output after 30 s. */
export async function waitFor(
  output: { stdout: string; stderr: string },
  test: () => boolean,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!test()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The context a build of the project in `dir` runs in, writing to `dir/output`, with `extra` options. */
export async function projectContext(dir: string, extra: Partial<BuildContext> = {}): Promise<BuildContext> {
  return {
    cwd: dir,
    root: dir,
    briefsDir: path.join(dir, 'briefs'),
    outDir: path.join(dir, 'output'),
    templates: await loadTemplates(path.join(dir, 'templates'), dir),
    ...extra,
  };
}

/** What the renderer is given for a brief, checked as a build checks it, committed and dated `date`. */
export async function documentOf(file: string, context: BuildContext, date: Date): Promise<DocumentInput> {
  const { result, value } = await runSteps(checkSteps, file, context);
  if (!value) throw new Error(`${file} does not pass its checks: ${JSON.stringify(result.diagnostics)}`);
  return documentInput({ ...value, stamp: { uncommitted: false }, date });
}
