import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Code } from '../diagnostics/codes.ts';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { placeOfOffset, scanYaml, yamlData } from '../limits.ts';

/** A YAML file of the repository's own (a scheme, a book) read against its schema, with where each value stands. */
export interface YamlFile<T> {
  data: T;
  /** File line and column of a value, by its path ("tabs", 2, "brief"). */
  placeOf(path: (string | number)[]): { line: number; column: number };
}

/**
 * Reads `text` as YAML 1.2 and checks it against `schema`: its problems
 * (size limits, syntax, a value of the wrong form) are `code` at their line
 * and column, with `hint`, as a brief's front matter's are.
 */
export function readYamlFile<S extends z.ZodType>(
  text: string,
  schema: S,
  at: { file: string; code: Code; what: string; hint: string },
): YamlFile<z.output<S>> | Diagnostic[] {
  const report = (line: number, column: number, message: string, hint = at.hint) => [
    problem(at.code, at.file, line, column, message, hint),
  ];
  const limit = scanYaml(text, at.what);
  if (limit) {
    const where = placeOfOffset(text, limit.offset);
    return report(where.line, where.column, limit.message, limit.hint);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const placeAt = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const [syntax] = doc.errors;
  if (syntax) {
    const where = placeAt(syntax.pos[0]);
    return report(where.line, where.column, `The ${at.what} is not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const placeOf = (path: (string | number)[]) => {
    for (let n = path.length; n >= 0; n--) {
      const range = (doc.getIn(path.slice(0, n), true) as { range?: [number] } | undefined)?.range;
      if (range) return placeAt(range[0]);
    }
    return { line: 1, column: 1 };
  };
  const parsed = schema.safeParse(yamlData(doc));
  if (parsed.success) return { data: parsed.data, placeOf };
  return parsed.error.issues.flatMap((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = placeOf(path);
    const field = path.length ? `"${path.join('.')}"` : `The ${at.what}`;
    return report(where.line, where.column, `${field} ${issue.message}.`);
  });
}
