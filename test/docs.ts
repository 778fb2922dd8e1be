import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Nodes, Root } from 'mdast';
import { toString as textOf } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { repoRoot } from './helpers.ts';

/** The documentation pages, relative to the repository: README.md, then docs/*.md in name order. */
export function documentationPages(): string[] {
  const docs = readdirSync(path.join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** README.md and every docs/*.md as one text: what is documented on any page counts. */
export function documentation(): string {
  return documentationPages()
    .map((page) => readFileSync(path.join(repoRoot, page), 'utf8'))
    .join('\n');
}

function parse(file: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(readFileSync(file, 'utf8'));
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child, visit);
}

/**
 * A heading's anchor as GitHub makes it: lower case, punctuation and symbols
 * dropped (letters, marks, numbers, `_`, `-` and spaces stay), each space a
 * hyphen.
 */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings; a repeated one gets `-1`, `-2`… as on GitHub. */
export function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  walk(parse(file), (node) => {
    if (node.type !== 'heading') return;
    const base = slug(textOf(node));
    let anchor = base;
    let count = seen.get(base) ?? 0;
    while (result.has(anchor)) {
      count += 1;
      anchor = `${base}-${count}`;
    }
    seen.set(base, count);
    result.add(anchor);
  });
  return result;
}

/** Every link, image and link definition of a Markdown file whose address is relative (no scheme, not `//host`). */
export function relativeLinks(file: string): string[] {
  const urls: string[] = [];
  walk(parse(file), (node) => {
    if (
      (node.type === 'link' || node.type === 'image' || node.type === 'definition') &&
      !/^([a-z][\w+.-]*:|\/\/)/i.test(node.url)
    ) {
      urls.push(node.url);
    }
  });
  return urls;
}

/** What is wrong with a relative link from `page` (relative to the repository), or null when it lands. */
export function brokenLink(page: string, url: string): string | null {
  const hashAt = url.indexOf('#');
  const target = decodeURIComponent(hashAt === -1 ? url : url.slice(0, hashAt));
  const anchor = hashAt === -1 ? null : decodeURIComponent(url.slice(hashAt + 1));
  const file = target === '' ? path.join(repoRoot, page) : path.resolve(repoRoot, path.dirname(page), target);
  if (!file.startsWith(repoRoot + path.sep)) return 'points outside the repository';
  if (!existsSync(file)) return `${path.relative(repoRoot, file)} does not exist`;
  if (anchor === null) return null;
  if (!file.endsWith('.md')) return `an anchor into ${path.relative(repoRoot, file)}, which is not Markdown`;
  return anchors(file).has(anchor) ? null : `no heading of ${path.relative(repoRoot, file)} has the anchor #${anchor}`;
}
