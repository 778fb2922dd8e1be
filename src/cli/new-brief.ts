import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../platform/package-root.ts';
import { isoDay, scaffoldBrief } from './scaffold.ts';

const USAGE = `Usage: npm run new:brief -- [options] "Title of the brief"

Creates briefs/<slug>.md: every front-matter key the schema requires, the
commonly used optional ones, TODO placeholders for the text, and today's date.
The new brief builds as it is. An existing file is never overwritten.

Options:
  --dir DIR          create the brief in DIR instead of briefs/
  -h, --help         print this help

Exit codes: 0 created; 1 the file already exists or cannot be written;
2 usage error; 3 internal error (a bug: please report it with the stack trace).`;

const EXIT = { ok: 0, exists: 1, usage: 2, internal: 3 } as const;

/** The committed JSON Schema of the front matter, referenced from the new brief. */
const schemaFile = path.join(packageRoot(), 'schema', 'brief.schema.json');

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The schema's path as written in a file in `dir`: relative, with forward slashes. */
function schemaPathFrom(dir: string): string {
  const relative = path.relative(dir, schemaFile).split(path.sep).join('/');
  return path.isAbsolute(relative) || relative.startsWith('../') ? relative : `./${relative}`;
}

function main(argv: string[], cwd = process.cwd(), today = new Date()): number {
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
  // Unquoted words are one title: `npm run new:brief -- NATO summit` works too.
  const title = args.positionals.join(' ').trim();
  if (!title) {
    process.stderr.write(`Give the title of the brief.\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const dir = path.resolve(cwd, args.values.dir ?? 'briefs');
  const { slug, text } = scaffoldBrief({ title, date: isoDay(today), schemaPath: schemaPathFrom(dir) });
  const file = path.join(dir, `${slug}.md`);
  const shown = path.relative(cwd, file) || file;
  try {
    mkdirSync(dir, { recursive: true });
    // 'wx': fail rather than overwrite a brief that is already there.
    writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EEXIST'
        ? `${shown} already exists and was left unchanged. Choose another title, or rename or delete that brief first.\n`
        : `Cannot create ${shown}: ${(error as Error).message}\n`,
    );
    return EXIT.exists;
  }
  process.stdout.write(
    `Created ${shown}.\nReplace the TODO placeholders (npm run check:brief -- ${shown} lists them), then build it with:\n  npm run build:brief -- ${shown}\n`,
  );
  return EXIT.ok;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`Internal error:\n${(error as Error).stack ?? error}\n`);
  process.exitCode = EXIT.internal;
}
