/**
 * Writes schema/brief.schema.json, the JSON Schema of a brief's front matter,
 * from the zod schema in src/schema.ts (the single source of truth), and
 * schema/book.schema.json, that of a book file, from src/books/schema.ts.
 * Editors use them for completion, hover docs and validation.
 *
 *   npm run schema                  regenerate both
 *   npm run schema -- --check       exit 1 if a committed file is out of date (for CI)
 *   npm run schema -- [--check] FILE   write or check the brief's schema as FILE instead
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { bookSchema } from '../src/books/schema.ts';
import { briefSchema } from '../src/schema.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the schema is committed. */
export const SCHEMA_FILE = path.join(repoRoot, 'schema', 'brief.schema.json');

/** A name, not an address: the schema is not published anywhere; editors find it by relative path. */
export const SCHEMA_ID = 'urn:briefing:schema:brief-front-matter';

type JsonSchema = z.core.JSONSchema.BaseSchema;
type Check = { _zod: { def: { check: string; tx?: (value: string) => string } } };

const checksOf = (schema: z.core.$ZodType): Check[] =>
  ((schema._zod.def as { checks?: Check[] }).checks ?? []) as Check[];

/** Adds a pattern, keeping one that is already there (a schema has a single `pattern` keyword). */
function addPattern(json: JsonSchema, pattern: string): void {
  if (json.pattern === undefined) json.pattern = pattern;
  else json.allOf = [...(json.allOf ?? []), { pattern }];
}

/**
 * Closes gaps where zod's JSON Schema output accepts more than zod does. Each
 * rule is checked by test/schema.test.ts, where ajv and zod must agree.
 */
function tighten({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }): void {
  const def = zodSchema._zod.def as { type: string; format?: string; protocol?: RegExp };
  if (def.type !== 'string') return;
  const checks = checksOf(zodSchema);
  // `.trim().min(1)`: zod measures the length after trimming, so "   " is empty.
  // JS `\s` is exactly the set String.prototype.trim removes.
  const trims = checks.some((c) => c._zod.def.check === 'overwrite' && c._zod.def.tx?.(' x ') === 'x');
  if (trims && typeof jsonSchema.minLength === 'number' && jsonSchema.minLength >= 1) addPattern(jsonSchema, '\\S');
  // The YYYY-MM-DD dates carry a refinement (a real calendar date) that JSON
  // Schema has no keyword for; the "date" format (RFC 3339 full-date) is the same rule.
  const refined = checks.some((c) => c._zod.def.check === 'custom');
  if (refined && jsonSchema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') jsonSchema.format = 'date';
  // `z.url({ protocol: /^https?$/ })` is emitted as a bare `format: uri`: any scheme, but no spaces or
  // non-ASCII letters. zod trims the value, wants "http(s)://" and a host, and then takes what a browser
  // takes (https://ru.wikipedia.org/wiki/Москва, spaces in the path). The pattern says that much; what
  // only the WHATWG parser knows (a port over 65535, say) is left to the build.
  if (def.format === 'url' && def.protocol?.source === '^https?$') {
    delete jsonSchema.format;
    addPattern(jsonSchema, '^\\s*[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#\\\\]+(?:[/?#\\\\][\\s\\S]*|\\s*)$');
  }
}

/** A zod schema as JSON Schema, as written (the input side: keys with defaults are optional). */
function jsonSchemaOf(schema: z.ZodType, about: { $id: string; title: string; description: string }): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
    override: tighten,
  });
  return { $schema, ...about, ...rest };
}

/** The JSON Schema of a brief's front matter. */
export function briefJsonSchema(): JsonSchema {
  return jsonSchemaOf(briefSchema, {
    $id: SCHEMA_ID,
    title: 'Brief front matter',
    description:
      'The YAML front matter of a brief (briefs/*.md). Generated from src/schema.ts by `npm run schema`; do not edit by hand.',
  });
}

/** Where the book schema is committed. */
export const BOOK_SCHEMA_FILE = path.join(repoRoot, 'schema', 'book.schema.json');

/** The JSON Schema of a book file (books/*.yaml). */
export function bookJsonSchema(): JsonSchema {
  return jsonSchemaOf(bookSchema, {
    $id: 'urn:briefing:schema:book',
    title: 'Briefing book',
    description:
      'A briefing book (books/*.yaml). Generated from src/books/schema.ts by `npm run schema`; do not edit by hand.',
  });
}

/** The file's exact text: two-space indentation and a trailing newline. */
export function schemaText(schema: JsonSchema = briefJsonSchema()): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: { check: { type: 'boolean' } }, allowPositionals: true, strict: true });
}

function main(argv: string[]): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
    if (args.positionals.length > 1) throw new Error('Give at most one FILE.');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nUsage: npm run schema -- [--check] [FILE]\n`);
    return 2;
  }
  const files: [string, string][] = args.positionals[0]
    ? [[path.resolve(args.positionals[0]), schemaText()]]
    : [
        [SCHEMA_FILE, schemaText()],
        [BOOK_SCHEMA_FILE, schemaText(bookJsonSchema())],
      ];
  let code = 0;
  for (const [file, text] of files) code = Math.max(code, writeOrCheck(file, text, Boolean(args.values.check)));
  return code;
}

function writeOrCheck(file: string, text: string, check: boolean): number {
  const shown = path.relative(process.cwd(), file) || file;
  if (check) {
    let committed: string | undefined;
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      committed = undefined;
    }
    if (committed === text) {
      process.stdout.write(`${shown} is up to date.\n`);
      return 0;
    }
    process.stderr.write(
      `${shown} is ${committed === undefined ? 'missing' : 'out of date with its zod schema'}. Run \`npm run schema\` and commit the result.\n`,
    );
    return 1;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`Wrote ${shown}.\n`);
  return 0;
}

// Run only as a script, not when a test imports the generator.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
