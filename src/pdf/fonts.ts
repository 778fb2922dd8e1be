import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

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

export const FAMILIES: Record<string, () => FamilyFiles> = {
  'PT Serif': expo('pt-serif', 'PTSerif', fullFamily),
  'PT Sans': expo('pt-sans', 'PTSans', fullFamily),
  'PT Mono': expo('pt-mono', 'PTMono', {}),
  // Chinese has no italic; the regular face stands in for it.
  'Noto Sans SC': expo('noto-sans-sc', 'NotoSansSC', { bold: '700Bold', boldItalic: '700Bold' }),
};

/** The CJK face is ~10 MB per weight: it joins the fallback chain only for a brief that has Han characters. */
const CJK = 'Noto Sans SC';
const HAN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Families appended after the template's own fonts, for scripts those fonts lack. */
export function fallbackFamilies(text: string): string[] {
  return HAN.test(text) ? [CJK] : [];
}

const faces = new Map<string, fontkit.Font>();

/** A family's regular (or bold) face, opened once, for questions asked outside layout. */
function face(family: string, bold = false): fontkit.Font {
  const key = `${family}/${bold}`;
  let font = faces.get(key);
  if (!font) {
    const files = FAMILIES[family]();
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
    const files = FAMILIES[name.slice(0, -BOLD_SUFFIX.length)]();
    return { regular: files.bold, italic: files.boldItalic, bold: files.bold, boldItalic: files.boldItalic };
  }
  return FAMILIES[name]();
}
