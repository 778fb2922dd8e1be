import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { realInside } from '../platform/paths.ts';
import { readYamlFile } from '../platform/yaml-file.ts';
import { BUILTIN_SCHEMES, type Scheme } from './marking.ts';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #RRGGBB');

const levelSchema = z.strictObject({
  name: z.string().regex(/^[A-Z0-9][A-Z0-9 ./-]*$/, 'must be written in capitals'),
  portion: z.string().regex(/^[A-Z0-9/-]+$/, 'must be written in capitals, without parentheses'),
  background: color.optional(),
  text: color.default('#000000'),
});

/** A scheme file, `templates/markings/NAME.yaml`: a title and its levels, lowest first. */
export const schemeFileSchema = z.strictObject({
  title: z.string().min(1),
  levels: z
    .array(levelSchema)
    .min(1)
    .refine((levels) => new Set(levels.map((l) => l.name)).size === levels.length, 'must not name a level twice'),
});

/** A scheme and, for a project's own, its file (an input of every brief that uses it). */
export interface LoadedScheme {
  scheme: Scheme;
  absPath?: string;
}

/** The built-in schemes and the project's, by name; a project file of a built-in's name replaces it. */
export interface SchemeSet {
  names: string[];
  /** A scheme, or the problems in its file. */
  get(name: string): LoadedScheme | Diagnostic[] | undefined;
}

export async function loadSchemes(dir: string, cwd: string): Promise<SchemeSet> {
  const schemes = new Map<string, LoadedScheme | Diagnostic[]>(
    [...BUILTIN_SCHEMES].map(([name, scheme]) => [name, { scheme }]),
  );
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries.filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const name = entry.replace(/\.ya?ml$/, '');
    schemes.set(name, await loadScheme(name, path.join(dir, entry), cwd, dir));
  }
  return { names: [...schemes.keys()], get: (name) => schemes.get(name) };
}

async function loadScheme(name: string, absPath: string, cwd: string, dir: string) {
  const shown = path.relative(cwd, absPath);
  const at = (line: number, column: number, message: string, hint?: string) => [
    problem('MARKINGS_INVALID', shown, line, column, message, hint),
  ];
  // Like templates, scheme files are the repository's own: a link out of it is never read.
  const real = await realInside(absPath, cwd, dir);
  if (!real) return at(1, 1, `The scheme file ${shown} leads outside the repository, so it is not read.`);
  const read = readYamlFile(await readFile(real, 'utf8'), schemeFileSchema, {
    file: shown,
    code: 'MARKINGS_INVALID',
    what: 'scheme file',
    hint: 'A scheme file has a title and its levels, lowest first, each with name, portion and colours.',
  });
  return Array.isArray(read) ? read : { scheme: { name, ...read.data }, absPath };
}
