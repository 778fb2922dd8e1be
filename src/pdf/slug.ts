/**
 * Anchor ids for headings: lower-case words joined by hyphens, numbered when
 * repeated. The heading handler and the table of contents each walk the
 * headings in document order with their own slugger and so agree on ids.
 */
export function createSlugger(): (text: string) => string {
  const used = new Map<string, number>();
  return (text) => {
    const slug =
      text
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-|-$/g, '') || 'section';
    const count = used.get(slug) ?? 0;
    used.set(slug, count + 1);
    return count ? `${slug}-${count}` : slug;
  };
}
