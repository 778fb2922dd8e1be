/**
 * Pandoc's bracketed citations in a run of text: `[@id]`, `[@id, p. 4]`,
 * `[see @a; @b, chap. 2]`, `[-@id]` (author suppressed). Each part between
 * semicolons holds one key; a bracket with a part that holds none is not a
 * citation. Keys of cross-references (`@fig:…`, `@tbl:…`, `@sec:…`,
 * `@eq:…`) are not citations, and neither is an e-mail address: a key's `@`
 * starts the part or follows a space or `-`.
 */

/** One cited source inside a citation. */
export interface CiteItem {
  id: string;
  prefix?: string;
  suffix?: string;
  /** A locator such as a page, with its CSL label. */
  locator?: string;
  label?: string;
  suppressAuthor?: boolean;
  /** Offset of the key's `@` within the text searched. */
  at: number;
}

/** One bracketed citation: where it stands in the text searched, and what it cites. */
export interface Citation {
  start: number;
  end: number;
  items: CiteItem[];
}

const BRACKET = /\[([^[\]]*@[^[\]]*)\]/g;
/** A key: Pandoc's, whose inner punctuation may not end it. */
const PART = /^(.*?)(?:^|(?<=[\s-]))(-?)@([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-](?=[\p{L}\p{N}_]))*)(.*)$/su;
const CROSS_REFERENCE = /^(?:fig|tbl|sec|eq):/;

/** CSL locator labels, by the abbreviations and words Pandoc reads. */
const LOCATORS: Record<string, string> = {
  p: 'page',
  pp: 'page',
  page: 'page',
  pages: 'page',
  chap: 'chapter',
  chaps: 'chapter',
  chapter: 'chapter',
  chapters: 'chapter',
  sec: 'section',
  secs: 'section',
  section: 'section',
  sections: 'section',
  para: 'paragraph',
  paras: 'paragraph',
  paragraph: 'paragraph',
  '¶': 'paragraph',
  vol: 'volume',
  vols: 'volume',
  volume: 'volume',
  fig: 'figure',
  figs: 'figure',
  figure: 'figure',
  n: 'note',
  nn: 'note',
  note: 'note',
  l: 'line',
  ll: 'line',
  line: 'line',
};
const LOCATOR = /^,?\s*([\p{L}¶]+)\.?\s*([\p{N}ivxlcdm][\p{N}ivxlcdm\-–,\s]*?)\s*(?:,\s*(.*))?$/su;

/** Every citation in `text`, in order. */
export function findCitations(text: string): Citation[] {
  if (!text.includes('@')) return [];
  const found: Citation[] = [];
  for (const match of text.matchAll(BRACKET)) {
    const inner = match[1];
    const start = match.index;
    // A link or image text (`[…](…)`, `[…][…]`) never reaches here: the parser has made it a node.
    const items: CiteItem[] = [];
    let offset = start + 1;
    let ok = true;
    for (const part of inner.split(';')) {
      const item = parsePart(part, offset);
      offset += part.length + 1;
      if (!item || CROSS_REFERENCE.test(item.id)) {
        ok = false;
        break;
      }
      items.push(item);
    }
    if (ok && items.length) found.push({ start, end: start + match[0].length, items });
  }
  return found;
}

function parsePart(part: string, offset: number): CiteItem | undefined {
  const m = PART.exec(part);
  if (!m) return undefined;
  const [, before, dash, id, after] = m;
  const item: CiteItem = { id, at: offset + before.length + dash.length };
  const prefix = before.trim();
  if (prefix) item.prefix = prefix;
  if (dash) item.suppressAuthor = true;
  Object.assign(item, locatorOf(after));
  return item;
}

/** `, p. 4` as locator 4 labelled page; `, 4` as a page; anything else as a suffix. */
function locatorOf(after: string): Pick<CiteItem, 'locator' | 'label' | 'suffix'> {
  const text = after.trim();
  if (!text) return {};
  const bare = /^,?\s*(\p{N}[\p{N}\-–,\s]*?)\s*$/u.exec(text);
  if (bare) return { locator: bare[1], label: 'page' };
  const m = LOCATOR.exec(text);
  const label = m ? LOCATORS[m[1].toLowerCase()] : undefined;
  if (m && label) return { locator: m[2], label, ...(m[3] ? { suffix: m[3] } : {}) };
  return { suffix: text.replace(/^,\s*/, '') };
}
