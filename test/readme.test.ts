import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticsPage, PAGE } from '../scripts/diagnostics-page.ts';
import { CODES, type Code } from '../src/diagnostics/codes.ts';
import { briefSchema } from '../src/schema.ts';
import { brokenLink, documentation, documentationPages, relativeLinks, slug } from './docs.ts';
import { repoRoot } from './helpers.ts';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
/** README.md and every docs/*.md: a key, code or flag documented on any page counts. */
const docs = documentation();

/** Upper-case words in the pages that are not diagnostic codes. */
const NOT_CODES = new Set([
  'SOURCE_DATE_EPOCH',
  'CHROMIUM_PATH',
  'INIT_CWD',
  // The warm build process's settings (docs/speed.md).
  'BRIEFING_SERVER_DIR',
  'BRIEFING_SERVER_IDLE',
  'BRIEFING_SERVER_MAX_MB',
  'BRIEFING_NO_SERVER',
]);

describe('the README and docs/ document', () => {
  it('every front-matter key in its table', () => {
    const missing = Object.keys(briefSchema.shape).filter((key) => !docs.includes(`| \`${key}\` |`));
    expect(missing).toEqual([]);
  });

  it('every diagnostic code of the catalogue, in a page written from it', () => {
    // The catalogue is the whole set: a code outside it does not compile.
    expect(Object.keys(CODES).length).toBeGreaterThan(40);
    expect(readFileSync(PAGE, 'utf8')).toBe(diagnosticsPage());
    const page = readFileSync(PAGE, 'utf8');
    expect(
      Object.keys(CODES).filter((code) => !page.includes(`| \`${code}\` | ${CODES[code as Code].severity} |`)),
    ).toEqual([]);
    // Pages that name a code name one of the catalogue's.
    const named = new Set([...docs.matchAll(/`([A-Z]+(?:_[A-Z]+)+)`/g)].map((m) => m[1]));
    expect([...named].filter((code) => !(code in CODES) && !NOT_CODES.has(code))).toEqual([]);
  });

  it('every command-line flag', () => {
    const cli = readFileSync(path.join(repoRoot, 'src/cli/cli.ts'), 'utf8');
    const flags = [...cli.matchAll(/^\s{6}(\w+): \{ type: '(?:string|boolean)'/gm)].map((m) => m[1]);
    expect(flags.length).toBeGreaterThan(5);
    expect(flags.filter((flag) => !docs.includes(`--${flag}`))).toEqual([]);
  });

  it('the set-up and test commands, in the README itself', () => {
    expect(readme).toContain('npm ci && npm run build:brief');
    expect(readme).toContain('npm test');
  });
});

describe('links in the documentation', () => {
  // README.md, docs/*.md, SECURITY.md and patches/README.md.
  const pages = [...documentationPages(), 'SECURITY.md', 'patches/README.md'];

  it('reads every page', () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(relativeLinks(path.join(repoRoot, 'README.md')).length).toBeGreaterThan(5);
  });

  it('every relative link points to a file that exists, and every #anchor to a heading of its page', () => {
    const broken = pages.flatMap((page) =>
      relativeLinks(path.join(repoRoot, page)).flatMap((url) => {
        const problem = brokenLink(page, url);
        return problem ? [`${page}: ${url}: ${problem}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('makes anchors as GitHub does', () => {
    expect(slug('Versions, drafts and redlines (git)')).toBe('versions-drafts-and-redlines-git');
    expect(slug('PDF/A')).toBe('pdfa');
    expect(slug("Settings (the template's front matter)")).toBe('settings-the-templates-front-matter');
    expect(slug('Editor support (VS Code)')).toBe('editor-support-vs-code');
    expect(slug('Front-matter keys')).toBe('front-matter-keys');
  });
});
