import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPathFor, templateVariant, writeAtomic } from '../../src/platform/files.ts';
import { tempDir, writeFiles } from './fixtures.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('writeAtomic', () => {
  it('writes the bytes, creating missing folders', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'output', 'nested', 'memo.pdf');
    await writeAtomic(target, bytes('%PDF-1.3 first'));
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.3 first');
    expect(readdirSync(path.dirname(target))).toEqual(['memo.pdf']);
  });

  it('replaces an existing file by renaming a new one over it', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'memo.pdf');
    writeFiles(dir, { 'memo.pdf': 'OLD CONTENT' });
    const before = statSync(target).ino;
    // A reader that opened the old file keeps reading the old file.
    const reader = openSync(target, 'r');
    try {
      await writeAtomic(target, bytes('NEW'));
      const buffer = Buffer.alloc(11);
      readSync(reader, buffer, 0, 11, 0);
      expect(buffer.toString('utf8')).toBe('OLD CONTENT');
    } finally {
      closeSync(reader);
    }
    expect(readFileSync(target, 'utf8')).toBe('NEW');
    expect(statSync(target).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['memo.pdf']);
  });

  it('fails without leaving a .tmp file when the destination is a folder', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'memo.pdf');
    mkdirSync(target);
    writeFiles(dir, { 'memo.pdf/keep.txt': 'x' });
    await expect(writeAtomic(target, bytes('PDF'))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['memo.pdf']);
    expect(readdirSync(target)).toEqual(['keep.txt']);
  });

  it('fails without writing anything when the folder cannot be created', async () => {
    const dir = tempDir();
    writeFiles(dir, { blocker: 'a file where a folder should be' });
    await expect(writeAtomic(path.join(dir, 'blocker', 'memo.pdf'), bytes('PDF'))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['blocker']);
    expect(readFileSync(path.join(dir, 'blocker'), 'utf8')).toBe('a file where a folder should be');
  });

  it('keeps the earlier good file, and no .tmp, when writing the new one fails', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'memo.pdf');
    await writeAtomic(target, bytes('GOOD'));
    // Not bytes: the write into the temporary file throws.
    await expect(writeAtomic(target, 42 as unknown as Uint8Array)).rejects.toThrow();
    expect(readFileSync(target, 'utf8')).toBe('GOOD');
    expect(readdirSync(dir)).toEqual(['memo.pdf']);
  });
});

describe('outputPathFor', () => {
  const root = path.resolve('/repo');
  const briefs = path.join(root, 'briefs');
  const out = path.join(root, 'output');

  it('keeps the path relative to the briefs folder and swaps .md for .pdf', () => {
    expect(outputPathFor(path.join(briefs, 'memo.md'), briefs, out)).toBe(path.join(out, 'memo.pdf'));
    expect(outputPathFor(path.join(briefs, 'asia', 'china', 'memo.md'), briefs, out)).toBe(
      path.join(out, 'asia', 'china', 'memo.pdf'),
    );
    expect(outputPathFor(path.join(briefs, 'UPPER.MD'), briefs, out)).toBe(path.join(out, 'UPPER.pdf'));
  });

  it('keeps only the file name for a brief outside the briefs folder', () => {
    expect(outputPathFor(path.join(root, 'drafts', 'memo.md'), briefs, out)).toBe(path.join(out, 'memo.pdf'));
    expect(outputPathFor(path.resolve('/elsewhere/deep/x.md'), briefs, out)).toBe(path.join(out, 'x.pdf'));
    expect(outputPathFor(path.join(briefs, '..', '..', 'etc', 'evil.md'), briefs, out)).toBe(
      path.join(out, 'evil.pdf'),
    );
  });

  it('names the template in the file when a brief is built with another one than its own', () => {
    const memo = path.join(briefs, 'asia', 'memo.md');
    expect(outputPathFor(memo, briefs, out, 'brief-card')).toBe(path.join(out, 'asia', 'memo.brief-card.pdf'));
    expect(templateVariant('brief-card', 'memo')).toBe('brief-card');
    expect(templateVariant('memo', 'memo')).toBeUndefined();
    expect(templateVariant(undefined, 'memo')).toBeUndefined();
    expect(outputPathFor(memo, briefs, out, templateVariant('memo', 'memo'))).toBe(path.join(out, 'asia', 'memo.pdf'));
  });

  it('never leaves the output folder', () => {
    for (const brief of ['/a/b.md', path.join(briefs, 'x', '..', '..', 'y.md'), path.join(briefs, 'ok.md')]) {
      const result = outputPathFor(path.resolve(brief), briefs, out);
      expect(path.relative(out, result).startsWith('..')).toBe(false);
    }
  });

  // A folder inside briefs/ whose name starts with two dots is not outside it.
  it('keeps a subfolder whose name starts with two dots', () => {
    expect(outputPathFor(path.join(briefs, '..archive', 'memo.md'), briefs, out)).toBe(
      path.join(out, '..archive', 'memo.pdf'),
    );
  });
});
