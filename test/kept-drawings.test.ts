/**
 * Drawings kept by their input (src/pdf/render.ts): the key must change with
 * every part of what a drawing is made from, or a kept drawing of one input
 * would be handed to another. The input is the sample's, as the build makes it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentInput } from '../src/pdf/document.tsx';
import { drawingKey } from '../src/pdf/render.ts';
import { documentOf, makeWorkspace, projectContext, repoRoot } from './helpers.ts';

const sample = 'briefs/russia-china-joint-statement.md';

async function sampleInput(): Promise<DocumentInput> {
  const dir = makeWorkspace({ [sample]: readFileSync(path.join(repoRoot, sample), 'utf8') });
  return documentOf(path.join(dir, sample), await projectContext(dir), new Date(0));
}

const image = (bytes: number[]) => ({ path: '/w/logo.png', data: Buffer.from(bytes), format: 'png' as const });

describe('the key of a kept drawing', () => {
  it('is the same for the same input, and changes with every part of it', async () => {
    const input = await sampleInput();
    const key = drawingKey(input);
    expect(drawingKey(structuredClone(input))).toBe(key);
    const withLogo = { ...input, logo: image([1, 2, 3]) };
    const changed: Record<string, DocumentInput> = {
      title: { ...input, brief: { ...input.brief, title: `${input.brief.title}.` } },
      text: { ...input, tree: { ...input.tree, children: input.tree.children.slice(1) } },
      summary: { ...input, summary: { ...input.summary, children: [] } },
      theme: { ...input, theme: { ...input.theme, fonts: { ...input.theme.fonts, body: 'Noto Serif' } } },
      fallbacks: { ...input, fallbacks: [...input.fallbacks, 'Noto Sans Symbols 2'] },
      marking: { ...input, marking: { ...input.marking, scheme: 'nato' } },
      stamp: { ...input, stamp: { uncommitted: true } },
      date: { ...input, date: new Date(1000) },
      conformance: { ...input, conformance: input.conformance === 'none' ? 'PDF/A-1b' : 'none' },
      untagged: { ...input, tagged: false },
      targets: {
        ...input,
        targets: new Map([
          ['fig:x', { kind: 'figure', label: 'Figure 1', node: input.tree.children[0] }],
        ]) as unknown as DocumentInput['targets'],
      },
      image: { ...input, images: new Map([...input.images, ['logo.png', image([1, 2, 3])]]) },
      logo: withLogo,
    };
    for (const [what, other] of Object.entries(changed)) expect(drawingKey(other), what).not.toBe(key);
    // An image is known by its bytes, not by its path.
    expect(drawingKey({ ...input, logo: image([1, 2, 4]) })).not.toBe(drawingKey(withLogo));
  });
});
