import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Link, Nodes } from 'mdast';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { within } from '../platform/paths.ts';
import { didYouMean } from '../suggest.ts';
import { headingId } from './derive.ts';
import { eachNode, type MarkdownBrief } from './markdown.ts';

/** Where a node is, for a problem: in the brief, or in the template's output. */
export type Place = { file: string; line: number; column: number; note: string };

/**
 * Links inside the brief (`#heading`) must name a heading, and links to
 * other briefs (`other.md`, which print as links to `other.pdf`) must name a
 * brief that exists.
 */
export async function checkLinks(
  brief: MarkdownBrief,
  where: (node: Nodes) => Place,
  root: string,
): Promise<Diagnostic[]> {
  const anchors = new Set<string>();
  const links: Link[] = [];
  eachNode(brief.tree, (node) => {
    const id = headingId(node);
    if (id) anchors.add(id);
    if (node.type === 'link') links.push(node);
  });
  const found: Diagnostic[] = [];
  const briefDir = path.dirname(brief.parsed.source.absPath);
  for (const link of links) {
    const at = where(link);
    if (link.url.startsWith('#') && !anchors.has(link.url.slice(1))) {
      found.push(
        problem(
          'LINK_ANCHOR_UNKNOWN',
          at.file,
          at.line,
          at.column,
          `The link "${link.url}" names no heading in this brief${at.note}.`,
          didYouMean(link.url.slice(1), [...anchors]) ?? `Headings: ${[...anchors].map((a) => `#${a}`).join(', ')}.`,
        ),
      );
    }
    const target = /^[^:/?#][^:?#]*\.md(#.*)?$/i.exec(link.url) ? link.url.replace(/#.*$/, '') : undefined;
    if (!target) continue;
    const reach = await briefLinkTarget(target, briefDir, root);
    if (reach === 'outside') {
      found.push(
        problem(
          'LINK_OUTSIDE_REPOSITORY',
          at.file,
          at.line,
          at.column,
          `The link "${link.url}" leads outside the repository${at.note}.`,
          'Links to other briefs are relative to this brief and stay inside the repository.',
        ),
      );
    } else if (reach === 'missing') {
      found.push(
        problem(
          'LINK_BRIEF_MISSING',
          at.file,
          at.line,
          at.column,
          `The link "${link.url}" names a brief that does not exist${at.note}.`,
          'Links to other briefs are relative to this brief, e.g. [see](other-brief.md).',
        ),
      );
    }
  }
  return found;
}

/**
 * Where a link to another brief leads. A path that leaves the repository by
 * its text (`../..`) is refused without looking at the file system; one that
 * stays inside by its text but leads outside through a symbolic link, or
 * does not exist, is "missing" either way, so the answer never tells whether
 * a file outside the repository exists.
 */
async function briefLinkTarget(target: string, briefDir: string, root: string): Promise<'ok' | 'outside' | 'missing'> {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // A malformed %-escape: the name as written.
  }
  const realRoot = await realpath(root);
  const lexical = path.resolve(briefDir, decoded);
  if (!within(lexical, path.resolve(root)) && !within(lexical, realRoot)) return 'outside';
  const real = await realpath(lexical).catch(() => undefined);
  return real && within(real, realRoot) ? 'ok' : 'missing';
}
