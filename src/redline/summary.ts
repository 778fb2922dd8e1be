import type { Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import type { Brief } from '../schema.ts';
import { escapeMarkdown as md } from '../stages/template-helpers.ts';
import type { Counts } from './blocks.ts';

const LABELS: Partial<Record<keyof Brief, string>> = {
  title: 'title',
  subtitle: 'subtitle',
  shortTitle: 'short title',
  date: 'date',
  classification: 'classification',
  markings: 'marking scheme',
  handling: 'handling marking',
  memoType: 'memo type',
  organisation: 'organisation',
  to: 'addressee',
  from: 'author',
  cc: 'copy list',
  status: 'status',
  version: 'version',
  paper: 'paper size',
  template: 'template',
  language: 'language',
};

/**
 * The first page of a redline, as Markdown: what changed, in words. Front
 * matter is compared field by field ("classification changed from … to …",
 * "recommendation 3 added"), the body section by section.
 */
export function changeSummary(input: {
  before: { brief: Brief; tree: Root };
  after: { brief: Brief; tree: Root };
  counts: Counts;
  revision: string;
  commit: { short: string; date: string };
}): string {
  const { before, after, counts } = input;
  const fields = [...scalarChanges(before.brief, after.brief), ...listChanges(before.brief, after.brief)];
  const sections = sectionChanges(before.tree, after.tree);
  const lines = [
    `# Changes since ${md(input.revision)}`,
    '',
    `Compared with commit ${input.commit.short} of ${input.commit.date}: ${counts.inserted} words inserted and ${counts.deleted} deleted. In the pages that follow, insertions are underlined in blue, deletions struck through in red, and a bar in the margin marks each block that changed.`,
    '',
    '## Front matter',
    '',
    ...(fields.length ? fields.map((line) => `- ${line}`) : ['No changes.']),
    '',
    '## Sections',
    '',
    ...(sections.length ? sections.map((line) => `- ${line}`) : ['No changes.']),
  ];
  return `${lines.join('\n')}\n`;
}

function show(value: unknown): string {
  return `“${md(Array.isArray(value) ? value.join('; ') : String(value))}”`;
}

/** A line that ends in a quotation ending a sentence takes no second full stop: “…session.” not “…session.”. */
function sentence(text: string): string {
  return /[.!?]”$/.test(text) ? text : `${text}.`;
}

function scalarChanges(a: Brief, b: Brief): string[] {
  const out: string[] = [];
  for (const [key, label] of Object.entries(LABELS) as [keyof Brief, string][]) {
    const [x, y] = [a[key], b[key]];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    const name = label.charAt(0).toUpperCase() + label.slice(1);
    if (x === undefined) out.push(sentence(`${name} added: ${show(y)}`));
    else if (y === undefined) out.push(`${name} removed (was ${show(x)}).`);
    else out.push(sentence(`${name} changed from ${show(x)} to ${show(y)}`));
  }
  if (a.summary !== b.summary) out.push('Summary (bottom line) changed.');
  return out;
}

/** Lists are matched by their identifying text; what is left is added or removed, by position. */
function listChanges(a: Brief, b: Brief): string[] {
  const out: string[] = [];
  const compare = <T>(name: string, xs: T[], ys: T[], key: (t: T) => string) => {
    const before = new Map(xs.map((x, i) => [key(x), { x, i }]));
    const after = new Map(ys.map((y, i) => [key(y), { y, i }]));
    ys.forEach((y, i) => {
      const old = before.get(key(y));
      if (!old) out.push(sentence(`${name} ${i + 1} added: ${show(key(y))}`));
      else if (JSON.stringify(old.x) !== JSON.stringify(y)) out.push(`${name} ${i + 1} (${show(key(y))}) changed.`);
    });
    xs.forEach((x, i) => {
      if (!after.has(key(x))) out.push(sentence(`${name} ${i + 1} removed: ${show(key(x))}`));
    });
  };
  compare('Key point', a.keyPoints, b.keyPoints, (p) => p.title);
  compare('Recommendation', a.recommendations, b.recommendations, (r) => r.action);
  compare('Source', a.sources, b.sources, (s) => s.title);
  return out;
}

/** Level-2 sections of the body, by heading: added, removed, or with changed content. */
function sectionChanges(a: Root, b: Root): string[] {
  const [x, y] = [sections(a), sections(b)];
  const out: string[] = [];
  for (const [title, text] of y) {
    if (!x.has(title)) out.push(`Section ${show(title)} added.`);
    else if (x.get(title) !== text) out.push(`Section ${show(title)} changed.`);
  }
  for (const title of x.keys()) if (!y.has(title)) out.push(`Section ${show(title)} removed.`);
  return out;
}

function sections(tree: Root): Map<string, string> {
  const out = new Map<string, string>();
  let title = '(before the first heading)';
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth <= 2) {
      title = mdToString(node);
      out.set(title, out.get(title) ?? '');
    } else if (node.type !== 'footnoteDefinition' && node.type !== 'definition') {
      out.set(title, `${out.get(title) ?? ''}\n${mdToString(node)}`);
    }
  }
  return out;
}
