import { isMap, isPair, isScalar, type Node } from 'yaml';
import type { z } from 'zod';
import type { Library } from '../citations/library.ts';
import { ContentError, type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { type Brief, briefSchema, unwrapSchema } from '../schema.ts';
import { didYouMean } from '../suggest.ts';
import type { ParsedBrief } from './parse.ts';

/** A brief whose front matter has been checked against the schema. */
export interface ValidBrief {
  parsed: ParsedBrief;
  brief: Brief;
  /** File line and column of each front-matter value, by dotted path ("keyPoints.0.meaning"). */
  placeOf: (path: (string | number)[]) => { line: number; column: number };
  /** What the brief can cite, once the sources step has read its files. */
  library?: Library;
}

/**
 * The front matter checked against the schema. When it fails, `more` adds
 * the problems later checks would find in the keys as written (the
 * classification against its scheme), so they are reported in the same pass.
 */
export function validateBrief(
  parsed: ParsedBrief,
  more?: (partial: Pick<ValidBrief, 'parsed' | 'placeOf'>) => Diagnostic[],
): ValidBrief {
  const { doc, lineCounter } = parsed;
  const placeAt = (offset: number) => {
    // The YAML text starts with the newline that ends the `---` line, so its
    // line N is file line N.
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const nodeAt = (path: (string | number)[]): Node | undefined => {
    const node = doc.getIn(path, true);
    return node && typeof node === 'object' ? (node as Node) : undefined;
  };
  const placeOf = (path: (string | number)[]) => {
    for (let n = path.length; n >= 0; n--) {
      const range = nodeAt(path.slice(0, n))?.range;
      if (range) return placeAt(range[0]);
    }
    return { line: 2, column: 1 };
  };

  const result = briefSchema.safeParse(parsed.data);
  if (result.success) return { parsed, brief: result.data, placeOf };

  const file = parsed.source.path;
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const where = keyPlace(nodeAt(path), key, placeAt) ?? placeOf(path);
        const known = knownKeysAt(path);
        diagnostics.push(
          problem(
            'FRONT_MATTER_UNKNOWN_KEY',
            file,
            where.line,
            where.column,
            `Unknown key "${key}"${path.length ? ` in ${dotted(path)}` : ''}.`,
            didYouMean(key, known) ?? `Known keys here: ${known.join(', ')}.`,
          ),
        );
      }
      continue;
    }
    const value = valueAt(parsed.data, path);
    if (value === undefined) {
      const where = placeOf(path.slice(0, -1));
      diagnostics.push(
        problem(
          'FRONT_MATTER_MISSING_KEY',
          file,
          where.line,
          where.column,
          `Required key "${dotted(path)}" is missing.`,
          describe(path),
        ),
      );
      continue;
    }
    const where = placeOf(path);
    const hint =
      issue.code === 'invalid_value' && typeof value === 'string'
        ? didYouMean(value, issue.values.map(String))
        : describe(path);
    diagnostics.push(
      problem('FRONT_MATTER_INVALID', file, where.line, where.column, `"${dotted(path)}" ${message(issue)}.`, hint),
    );
  }
  diagnostics.push(...(more?.({ parsed, placeOf }) ?? []));
  throw new ContentError(diagnostics);
}

function message(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'a set of "key: value" lines';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function dotted(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** The schema for an object at `path`, walking through objects, arrays and wrappers. */
function schemaAt(path: (string | number)[]): z.ZodType | undefined {
  let schema: z.ZodType | undefined = briefSchema;
  for (const key of path) {
    schema = schema && unwrapSchema(schema);
    if (!schema) return undefined;
    const def = schema.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType };
    schema = def.type === 'object' ? def.shape?.[key] : def.type === 'array' ? def.element : undefined;
  }
  return schema && unwrapSchema(schema);
}

function knownKeysAt(path: (string | number)[]): string[] {
  const def = schemaAt(path)?.def as { shape?: Record<string, unknown> } | undefined;
  return def?.shape ? Object.keys(def.shape) : [];
}

/** A key's documentation; it sits on the outer (optional/default) wrapper, so read it from the parent's shape. */
function describe(path: (string | number)[]): string | undefined {
  const parent = schemaAt(path.slice(0, -1));
  const def = parent?.def as { shape?: Record<string, z.ZodType> } | undefined;
  const key = path.at(-1);
  return typeof key === 'string' ? def?.shape?.[key]?.description : undefined;
}

function keyPlace(map: Node | undefined, key: string, placeAt: (offset: number) => { line: number; column: number }) {
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range) {
      return placeAt(pair.key.range[0]);
    }
  }
  return undefined;
}
