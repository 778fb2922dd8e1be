import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ContentError, type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { AliasesTooLarge, LIMITS, placeOfOffset, scanYaml, yamlData } from '../limits.ts';
import { realInside } from '../platform/paths.ts';
import { type Reader, readerSchema } from '../schema.ts';

const listSchema = z.array(readerSchema).min(1);

/**
 * The readers a brief names: its own list, or a shared list file
 * `briefs/lists/<name>.yaml` (a YAML list of {name, organisation}). A list
 * file is data: read as YAML 1.2 with no tags, from that folder only (the
 * name is a slug, so it cannot point elsewhere).
 */
export async function resolveReaders(
  distribution: Reader[] | string,
  briefsDir: string,
  cwd: string,
): Promise<{ readers: Reader[]; file?: string }> {
  if (typeof distribution !== 'string') return { readers: distribution };
  const file = path.join(briefsDir, 'lists', `${distribution}.yaml`);
  const shown = path.relative(cwd, file);
  // Data in the repository: a symbolic link that leads outside it reads as missing
  // (so the answer tells nothing about files outside), and no larger than a brief.
  const real = (await realInside(file, cwd)) ?? '';
  const inside = real !== '';
  const size = inside ? (await stat(real)).size : 0;
  const text = inside && size <= LIMITS.briefBytes ? await readFile(real, 'utf8').catch(() => undefined) : undefined;
  if (inside && size > LIMITS.briefBytes) {
    throw new ContentError([
      problem('READER_LIST_INVALID', shown, 1, 1, `The reader list is larger than ${LIMITS.briefBytes} bytes.`),
    ]);
  }
  if (text === undefined) {
    throw new ContentError([
      problem(
        'READER_LIST_MISSING',
        shown,
        1,
        1,
        `The reader list "${distribution}" does not exist.`,
        `Create ${shown}.`,
      ),
    ]);
  }
  // Measured before it is composed, as a brief's front matter is (see scanYaml).
  const limit = scanYaml(text, 'reader list');
  if (limit) {
    const at = placeOfOffset(text, limit.offset);
    throw new ContentError([problem('READER_LIST_INVALID', shown, at.line, at.column, limit.message, limit.hint)]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const syntax = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (syntax) {
    const [at] = syntax.linePos ?? [{ line: 1, col: 1 }];
    throw new ContentError([
      problem(
        'READER_LIST_INVALID',
        shown,
        at.line,
        at.col,
        `The reader list is not valid YAML: ${syntax.message.split(' at line ')[0]}.`,
      ),
    ]);
  }
  let data: unknown;
  try {
    data = yamlData(doc);
  } catch (error) {
    if (!(error instanceof AliasesTooLarge)) throw error;
    throw new ContentError([
      problem('READER_LIST_INVALID', shown, 1, 1, "The list's aliases (*name) expand into too many copies."),
    ]);
  }
  const parsed = listSchema.safeParse(data);
  if (!parsed.success) {
    const diagnostics: Diagnostic[] = parsed.error.issues.map((issue) => {
      const node = doc.getIn(issue.path as (string | number)[], true) as { range?: number[] } | undefined;
      const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
      const where = issue.path.length ? `"${issue.path.join('.')}" ` : '';
      return problem(
        'READER_LIST_INVALID',
        shown,
        line,
        col,
        `${where}${issue.message}.`,
        'Each reader is {name, organisation}.',
      );
    });
    throw new ContentError(diagnostics);
  }
  return { readers: parsed.data, file };
}
