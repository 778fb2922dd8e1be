import { ContentError, type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import type { TemplateSet } from '../stages/template.ts';
import type { ValidBrief } from '../stages/validate.ts';
import { didYouMean } from '../suggest.ts';
import { DEFAULT_SCHEME, type Marking, markingOf } from './marking.ts';

/** A brief whose classification is known to be a level of its marking scheme. */
export interface MarkedBrief extends ValidBrief {
  marking: Marking;
}

/** The brief's scheme and its level there, or why they cannot be found. */
export function markBrief(valid: ValidBrief, templates: TemplateSet, override?: string): MarkedBrief {
  const found = findMarking(valid, templates, override);
  if (Array.isArray(found)) throw new ContentError(found);
  return { ...valid, brief: { ...valid.brief, classification: found.name }, marking: found };
}

/**
 * The brief's scheme (its own `markings`, else its template's, else the US
 * scheme) and its level there: the scheme's lowest when it gives none. Reads
 * the front matter as written, so that a brief whose other keys are invalid
 * is told of its classification in the same pass.
 */
export function findMarking(
  valid: Pick<ValidBrief, 'parsed' | 'placeOf'>,
  templates: TemplateSet,
  override?: string,
): Marking | Diagnostic[] {
  const { parsed, placeOf } = valid;
  const data = parsed.data as { classification?: unknown; markings?: unknown; template?: unknown };
  const file = parsed.source.path;
  const own = typeof data.markings === 'string' ? data.markings : undefined;
  const template = templates.get(override ?? (typeof data.template === 'string' ? data.template : 'memo'));
  const fromTemplate = template && !Array.isArray(template) ? template : undefined;
  const name = own ?? fromTemplate?.theme.markings ?? DEFAULT_SCHEME;
  const loaded = templates.schemes.get(name);
  if (Array.isArray(loaded)) return loaded;
  if (!loaded) {
    const where =
      own || !fromTemplate ? { file, ...placeOf(['markings']) } : { file: fromTemplate.file, line: 1, column: 1 };
    return [
      problem(
        'MARKINGS_UNKNOWN',
        where.file,
        where.line,
        where.column,
        `There is no marking scheme "${name}": it is neither built in nor in templates/markings/.`,
        didYouMean(name, templates.schemes.names) ?? `Schemes: ${templates.schemes.names.join(', ')}.`,
      ),
    ];
  }
  const { scheme } = loaded;
  if (data.classification !== undefined && typeof data.classification !== 'string') return [];
  const wanted = data.classification?.trim() || scheme.levels[0].name;
  const level = scheme.levels.find((l) => l.name === wanted);
  if (level) return markingOf(scheme, level);
  const where = placeOf(['classification']);
  const names = scheme.levels.map((l) => l.name);
  return [
    problem(
      'CLASSIFICATION_UNKNOWN',
      file,
      where.line,
      where.column,
      `"${wanted}" is not a level of the ${scheme.name} marking scheme (${scheme.title}).`,
      didYouMean(wanted, names) ?? `Its levels, lowest first: ${names.join(', ')}.`,
    ),
  ];
}
