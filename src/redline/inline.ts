import { diffArrays } from 'diff';
import type { PhrasingContent } from 'mdast';
import type { Change } from './nodes.ts';

/** A formatting wrapper a word sits in. */
type Mark = { type: 'emphasis' | 'strong' | 'delete' } | { type: 'link'; url: string };

/** A word, a run of spaces, or an atom (footnote reference, inline code, cross-reference, break, image). */
type Token = { text: string; marks: Mark[] } | { atom: PhrasingContent; key: string };

/** Splits phrasing content into words and atoms, each with the formatting around it. */
function tokenize(nodes: PhrasingContent[], marks: Mark[] = []): Token[] {
  return nodes.flatMap((node): Token[] => {
    switch (node.type) {
      case 'text':
        // Words, spaces and punctuation apart, so "March." → "March 2021." adds one word.
        return node.value
          .split(/(\s+|[.,;:!?()[\]“”"‘’])/)
          .filter(Boolean)
          .map((text) => ({ text: /^\s+$/.test(text) ? ' ' : text, marks }));
      case 'emphasis':
      case 'strong':
      case 'delete':
        return tokenize(node.children, [...marks, { type: node.type }]);
      case 'link':
        return tokenize(node.children, [...marks, { type: 'link', url: node.url }]);
      case 'footnoteReference':
        return [{ atom: node, key: `^${node.identifier}` }];
      case 'inlineCode':
        return [{ atom: node, key: `\`${node.value}\`` }];
      case 'crossReference':
        return [{ atom: node, key: node.value }];
      case 'image':
        // The old version's images are not loaded: one inside changed text is named, not drawn.
        return [{ text: `[image: ${node.alt || node.url}]`, marks }];
      default:
        return [{ atom: node, key: node.type }];
    }
  });
}

const keyOf = (token: Token) => ('atom' in token ? `\0${token.key}` : token.text);

/**
 * The new phrasing content with the words removed since the old version put
 * back, struck through, and the words added marked: a word-level redline of
 * one paragraph, heading or table cell. Returns the counts of words changed.
 */
export function diffPhrasing(
  before: PhrasingContent[],
  after: PhrasingContent[],
): { children: PhrasingContent[]; inserted: number; deleted: number } {
  const [a, b] = [tokenize(before), tokenize(after)];
  const parts = diffArrays(a.map(keyOf), b.map(keyOf));
  const out: PhrasingContent[] = [];
  let [i, j, inserted, deleted] = [0, 0, 0, 0];
  for (const part of parts) {
    if (part.removed) {
      const tokens = a.slice(i, i + part.count);
      i += part.count;
      deleted += words(tokens);
      out.push(change('deleted', rebuild(tokens)));
    } else if (part.added) {
      const tokens = b.slice(j, j + part.count);
      j += part.count;
      inserted += words(tokens);
      out.push(change('inserted', rebuild(tokens)));
    } else {
      out.push(...rebuild(b.slice(j, j + part.count)));
      i += part.count;
      j += part.count;
    }
  }
  return { children: out, inserted, deleted };
}

/** Every word of a block marked as one change: a block added or removed whole. */
export function markAll(children: PhrasingContent[], kind: Change['kind']): PhrasingContent[] {
  return children.length ? [change(kind, children)] : [];
}

function words(tokens: Token[]): number {
  return tokens.filter((t) => 'atom' in t || t.text.trim()).length;
}

function change(kind: Change['kind'], children: PhrasingContent[]): PhrasingContent {
  return { type: 'redline', kind, children };
}

/** Groups runs of words with the same formatting back into text inside that formatting. */
function rebuild(tokens: Token[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let run: { key: string; marks: Mark[]; text: string } | undefined;
  const flush = () => {
    if (!run) return;
    let node: PhrasingContent = { type: 'text', value: run.text };
    for (const mark of [...run.marks].reverse()) {
      node =
        mark.type === 'link'
          ? { type: 'link', url: mark.url, children: [node] }
          : { type: mark.type, children: [node] };
    }
    out.push(node);
    run = undefined;
  };
  for (const token of tokens) {
    if ('atom' in token) {
      flush();
      out.push(token.atom);
      continue;
    }
    const key = JSON.stringify(token.marks);
    if (run?.key === key) run.text += token.text;
    else {
      flush();
      run = { key, marks: token.marks, text: token.text };
    }
  }
  flush();
  return out;
}
