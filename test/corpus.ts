/**
 * A corpus of real Markdown for differential tests: every example of the
 * CommonMark specification (the `commonmark-spec` package) as a brief of its
 * own, plus the sample brief and the showcase fixture. The examples exercise
 * every construct and odd character sequence the parser knows, in small
 * documents, so that briefs built one after another meet many different
 * combinations of text, fonts and glyphs.
 */
import { cpSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { briefText, repoRoot, writeFile } from './helpers.ts';

interface SpecExample {
  markdown: string;
  section: string;
  number: number;
}

const require = createRequire(import.meta.url);
const spec: { tests: SpecExample[] } = require('commonmark-spec');

/** The examples' bodies; the specification writes a tab as →. */
export const specExamples = spec.tests.map((example) => ({
  name: `cm/${String(example.number).padStart(3, '0')}`,
  number: example.number,
  section: example.section,
  body: example.markdown.replaceAll('→', '\t'),
}));

/** A template with no chrome, which any house style may be: the body alone. */
export const plainTemplate = readFileSync(path.join(repoRoot, 'test/fixtures/templates/plain.hbs'), 'utf8');

/**
 * Writes the corpus into a workspace made by makeWorkspace(): `briefs/cm/NNN.md`
 * (built with the plain template), the sample and the showcase (with their own
 * templates). Returns the briefs' paths relative to the workspace.
 */
export function writeCorpus(dir: string): string[] {
  writeFile(dir, 'templates/plain.hbs', plainTemplate);
  const files = specExamples.map(({ name, number, section, body }) => {
    const file = `briefs/${name}.md`;
    writeFile(
      dir,
      file,
      briefText({ title: `CommonMark example ${number}, ${section}`, extra: 'template: plain\n', body }),
    );
    return file;
  });
  const sample = 'briefs/russia-china-joint-statement.md';
  cpSync(path.join(repoRoot, sample), path.join(dir, sample));
  // The same library cited otherwise: citations kept from the sample must not be reused for it.
  const citedOtherwise = 'briefs/russia-china-joint-statement-cited-otherwise.md';
  const text = readFileSync(path.join(repoRoot, sample), 'utf8');
  if (!text.includes('view.[@joscelyn]')) throw new Error('the sample no longer cites where the corpus changes it');
  writeFile(dir, citedOtherwise, text.replace('view.[@joscelyn]', 'view.[see @joscelyn, para. 4]'));
  cpSync(path.join(repoRoot, 'briefs/lists'), path.join(dir, 'briefs/lists'), { recursive: true });
  cpSync(path.join(repoRoot, 'test/fixtures/showcase/briefs'), path.join(dir, 'briefs'), { recursive: true });
  return [...files, sample, citedOtherwise, 'briefs/showcase.md'];
}
