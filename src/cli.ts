import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type BuildContext, type BuildResult, buildBrief } from './build.ts';
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import { formatDiagnostic } from './diagnostics/format.ts';
import { findBriefs, MissingPathError } from './stages/read.ts';
import { loadTemplates } from './stages/template.ts';

const USAGE = `Usage: npm run build:brief -- [options] [PATH...]

Builds every brief (Markdown with YAML front matter) under briefs/, or only the
given files and folders, into PDF memos under output/ (same relative paths).

Options:
  --out DIR          write PDFs into DIR instead of output/
  --template NAME    use templates/NAME.hbs for every brief, whatever its front matter says
  -h, --help         print this help

Exit codes: 0 every brief built; 1 a brief failed (the others are still built);
2 usage error; 3 internal error (a bug: please report it with the stack trace).`;

/** Exit codes, as documented in the README. */
const EXIT = { ok: 0, content: 1, usage: 2, internal: 3 } as const;

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const started = performance.now();
  const root = cwd;
  const briefsDir = path.join(root, 'briefs');
  let files: string[];
  try {
    files = await findBriefs(args.positionals.length ? args.positionals : ['briefs'], cwd);
  } catch (error) {
    if (!(error instanceof MissingPathError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  const context: BuildContext = {
    cwd,
    root,
    briefsDir,
    outDir: path.resolve(cwd, args.values.out ?? 'output'),
    templates: await loadTemplates(path.join(root, 'templates'), cwd),
    templateOverride: args.values.template,
    sourceDateEpoch: sourceDateEpoch(),
  };

  let failed = 0;
  for (const file of files) {
    const result = await buildBrief(file, context);
    report(result, cwd);
    if (!result.ok) failed++;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const built = files.length - failed;
  process.stdout.write(
    `${built} of ${files.length} brief${files.length === 1 ? '' : 's'} built in ${seconds} s${failed ? `; ${failed} failed` : ''}.\n`,
  );
  return failed ? EXIT.content : EXIT.ok;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      template: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function sourceDateEpoch(): number | undefined {
  const value = process.env.SOURCE_DATE_EPOCH;
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

function report(result: BuildResult, cwd: string): void {
  if (result.ok) {
    const output = path.relative(cwd, result.output);
    const pages = `${result.pages} page${result.pages === 1 ? '' : 's'}`;
    process.stdout.write(`${result.source} → ${output} (${pages}, ${result.ms} ms)\n`);
    return;
  }
  const sorted = [...result.diagnostics].sort(byPlace);
  for (const d of sorted) process.stderr.write(`${formatDiagnostic(d, sourceOf(d, cwd), cwd)}\n`);
  process.stdout.write(`${result.source} failed: ${sorted.length} problem${sorted.length === 1 ? '' : 's'}\n`);
}

function byPlace(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** The text shown in a code frame; a file that cannot be read as text gets no frame. */
function sourceOf(d: Diagnostic, cwd: string): string | undefined {
  try {
    const text = readFileSync(path.resolve(cwd, d.file), 'utf8');
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`Internal error (a bug, not a problem in your brief):\n${(error as Error).stack ?? error}\n`);
  process.exitCode = EXIT.internal;
}
