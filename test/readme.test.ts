import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefSchema } from '../src/schema.ts';
import { repoRoot } from './helpers.ts';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'));
}

describe('the README documents', () => {
  it('every front-matter key in its table', () => {
    const missing = Object.keys(briefSchema.shape).filter((key) => !readme.includes(`| \`${key}\` |`));
    expect(missing).toEqual([]);
  });

  it('every diagnostic code the code can report', () => {
    const text = sources(path.join(repoRoot, 'src')).join('\n');
    const codes = new Set(
      [...text.matchAll(/(?:problem|fail)\(\s*'([A-Z_]+)'|code: '([A-Z_]+)'/g)].map((m) => m[1] ?? m[2]),
    );
    expect(codes.size).toBeGreaterThan(15);
    expect([...codes].filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });

  it('every command-line flag', () => {
    const cli = readFileSync(path.join(repoRoot, 'src/cli.ts'), 'utf8');
    const flags = [...cli.matchAll(/^\s{6}(\w+): \{ type: '(?:string|boolean)'/gm)].map((m) => m[1]);
    expect(flags.length).toBeGreaterThan(5);
    expect(flags.filter((flag) => !readme.includes(`--${flag}`))).toEqual([]);
  });

  it('the set-up and test commands', () => {
    expect(readme).toContain('npm ci && npm run build:brief');
    expect(readme).toContain('npm test');
  });
});
