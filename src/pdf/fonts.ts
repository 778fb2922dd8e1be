import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { isFormatCharacter } from '../stages/format-characters.ts';

/**
 * Every font the PDF may use comes from an npm package and is embedded; none
 * is fetched. Each family registers regular, italic, bold and bold italic,
 * because react-pdf throws when a style in a fallback chain is missing.
 */
const require = createRequire(import.meta.url);

interface FamilyFiles {
  regular: string;
  italic: string;
  bold: string;
  boldItalic: string;
}

function expo(pkg: string, prefix: string, styles: Partial<Record<keyof FamilyFiles, string>>): () => FamilyFiles {
  const file = (style: string) => require.resolve(`@expo-google-fonts/${pkg}/${style}/${prefix}_${style}.ttf`);
  return () => {
    const regular = file(styles.regular ?? '400Regular');
    return {
      regular,
      italic: styles.italic ? file(styles.italic) : regular,
      bold: styles.bold ? file(styles.bold) : regular,
      boldItalic: styles.boldItalic ? file(styles.boldItalic) : regular,
    };
  };
}

const fullFamily = { italic: '400Regular_Italic', bold: '700Bold', boldItalic: '700Bold_Italic' };

/** What a family looks like, which decides the fallbacks that suit it. */
type Look = 'serif' | 'sans' | 'mono';

interface Family {
  look: Look;
  files: () => FamilyFiles;
}

export const FAMILIES: Record<string, Family> = {
  'PT Serif': { look: 'serif', files: expo('pt-serif', 'PTSerif', fullFamily) },
  'PT Sans': { look: 'sans', files: expo('pt-sans', 'PTSans', fullFamily) },
  'PT Mono': { look: 'mono', files: expo('pt-mono', 'PTMono', {}) },
  // Greek, and what else the PT faces lack, in a face of the same kind.
  'Noto Serif': { look: 'serif', files: expo('noto-serif', 'NotoSerif', fullFamily) },
  'Noto Sans': { look: 'sans', files: expo('noto-sans', 'NotoSans', fullFamily) },
  // Monospaced: Greek, arrows and box drawing keep the grid of a code block.
  'Noto Sans Mono': {
    look: 'mono',
    files: expo('noto-sans-mono', 'NotoSansMono', { bold: '700Bold', boldItalic: '700Bold' }),
  },
  // Check marks, crosses, ballot boxes, bullets and shapes; one weight, no italic.
  'Noto Sans Symbols 2': { look: 'sans', files: expo('noto-sans-symbols-2', 'NotoSansSymbols2', {}) },
  // Arrows and mathematical operators; one weight, no italic.
  'Noto Sans Math': { look: 'sans', files: expo('noto-sans-math', 'NotoSansMath', {}) },
  // Chinese has no italic; the regular face stands in for it.
  'Noto Sans SC': {
    look: 'sans',
    files: expo('noto-sans-sc', 'NotoSansSC', { bold: '700Bold', boldItalic: '700Bold' }),
  },
};

/**
 * The fallbacks a family of each look may call on, first choice first: a
 * face of the same look (a Greek letter in serif text is set in Noto Serif),
 * then symbols, arrows and mathematics, box drawing outside code, and Chinese
 * (about 10 MB per weight).
 */
const CANDIDATES: Record<Look, string[]> = {
  serif: ['Noto Serif', 'Noto Sans Symbols 2', 'Noto Sans Math', 'Noto Sans Mono', 'Noto Sans SC'],
  sans: ['Noto Sans', 'Noto Sans Symbols 2', 'Noto Sans Math', 'Noto Sans Mono', 'Noto Sans SC'],
  mono: ['Noto Sans Mono', 'Noto Sans Symbols 2', 'Noto Sans Math', 'Noto Sans SC'],
};

/**
 * The fallback families a text needs, for the given families (the template's
 * body, heading and mono fonts): for each, the candidates of its look that
 * set a character it lacks, until none is left that a candidate sets. A text
 * its families cover needs none, and no fallback face is even opened: each
 * is loaded and embedded only for a brief that uses it.
 */
export function fallbackFamilies(text: string, families: string[]): string[] {
  const needed = [...new Set(text)].filter(
    (char) => char > '~' && !/[\s\p{Cc}\ufffd]/u.test(char) && !isFormatCharacter(char),
  );
  const chosen = new Set<string>();
  for (const family of families) {
    let missing = needed.filter((char) => !covers([family], char));
    for (const candidate of CANDIDATES[FAMILIES[family].look]) {
      if (!missing.length) break;
      const left = missing.filter((char) => !covers([candidate], char));
      if (left.length < missing.length) chosen.add(candidate);
      missing = left;
    }
  }
  return [...chosen];
}

/** A family followed by those of the fallbacks that suit it, in its order of choice: what react-pdf falls back along. */
export function fallbackChain(family: string, fallbacks: string[]): string[] {
  const suited = CANDIDATES[FAMILIES[family].look];
  return [family, ...suited.filter((candidate) => candidate !== family && fallbacks.includes(candidate))];
}

const faces = new Map<string, fontkit.Font>();

/** A family's regular (or bold) face, opened once, for questions asked outside layout. */
function face(family: string, bold = false): fontkit.Font {
  const key = `${family}/${bold}`;
  let font = faces.get(key);
  if (!font) {
    const files = FAMILIES[family].files();
    font = fontkit.openSync(bold ? files.bold : files.regular) as fontkit.Font;
    faces.set(key, font);
  }
  return font;
}

const regularFace = (family: string) => face(family);

/** Whether any of the families has a glyph for the character (checked on the regular face). */
export function covers(families: string[], char: string): boolean {
  const codePoint = char.codePointAt(0) ?? 0;
  return families.some((name) => regularFace(name).hasGlyphForCodePoint(codePoint));
}

/** How wide (points) `text` is, set in the family's regular (or bold) face at `size`. */
export function textWidth(family: string, text: string, size: number, bold = false): number {
  const font = face(family, bold);
  return (font.layout(text).advanceWidth / font.unitsPerEm) * size;
}

const BOLD_SUFFIX = ' (bold)';

/**
 * The name SVG text asks react-pdf for. SVG attributes are text, and
 * react-pdf matches a weight given as text (`"700"`, `"bold"`) to no face, so
 * an SVG's bold text names a family of its own whose regular face is the bold one.
 */
export function svgFamilyName(family: string, bold: boolean): string {
  return bold ? `${family}${BOLD_SUFFIX}` : family;
}

/** The four faces to register under a family name, including the SVG bold families. */
export function familyFiles(name: string): FamilyFiles {
  if (name.endsWith(BOLD_SUFFIX)) {
    const files = FAMILIES[name.slice(0, -BOLD_SUFFIX.length)].files();
    return { regular: files.bold, italic: files.boldItalic, bold: files.bold, boldItalic: files.boldItalic };
  }
  return FAMILIES[name].files();
}
