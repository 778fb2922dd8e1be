import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../../src/diagnostics/diagnostic.ts';
import { findBriefs, MissingPathError, readSource } from '../../src/stages/read.ts';
import { diagnosticsOfAsync, place, tempDir, writeFiles } from './fixtures.ts';

describe('readSource', () => {
  it('strips a byte-order mark and converts CRLF and lone CR to LF', async () => {
    const dir = tempDir();
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    writeFiles(dir, {
      'briefs/memo.md': Buffer.concat([bom, Buffer.from('---\r\ntitle: X\r\n---\r\nOne\rTwo\n', 'utf8')]),
    });
    const file = await readSource(path.join(dir, 'briefs/memo.md'), dir);
    expect(file.text).toBe('---\ntitle: X\n---\nOne\nTwo\n');
    expect(file.path).toBe(path.join('briefs', 'memo.md'));
    expect(file.absPath).toBe(path.join(dir, 'briefs/memo.md'));
  });

  it('keeps UTF-8 text that is not ASCII', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.md': 'Russia–China “joint” statement\n' });
    const file = await readSource(path.join(dir, 'a.md'), dir);
    expect(file.text).toBe('Russia–China “joint” statement\n');
  });

  it('shows a path outside the working directory relative to it', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'x.md': 'x' });
    const file = await readSource(path.join(dir, 'x.md'), path.join(dir, 'sub'));
    expect(file.path).toBe(path.join('..', 'x.md'));
  });

  it.each([
    ['an invalid byte', [0x74, 0x69, 0xff, 0x74]],
    ['Latin-1 text', [...Buffer.from('caf', 'latin1'), 0xe9, 0x0a]],
    ['a truncated sequence', [0x61, 0xe2, 0x80]],
  ])('reports FILE_NOT_UTF8 at 1:1 for %s', async (_name, bytes) => {
    const dir = tempDir();
    writeFiles(dir, { 'briefs/bad.md': Uint8Array.from(bytes) });
    const diagnostics = await diagnosticsOfAsync(() => readSource(path.join(dir, 'briefs/bad.md'), dir));
    expect(diagnostics.map(place)).toEqual([['FILE_NOT_UTF8', 1, 1]]);
    expect(diagnostics[0].file).toBe(path.join('briefs', 'bad.md'));
    expect(diagnostics[0].hint).toBe('Save the brief as UTF-8.');
  });

  it('throws the ContentError class, not a decoder error', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.md': Uint8Array.from([0xc3, 0x28]) });
    await expect(readSource(path.join(dir, 'bad.md'), dir)).rejects.toBeInstanceOf(ContentError);
  });
});

describe('findBriefs', () => {
  const tree = () => {
    const dir = tempDir();
    writeFiles(dir, {
      'briefs/z.md': 'z',
      'briefs/a.md': 'a',
      'briefs/sub/b.md': 'b',
      'briefs/sub/deeper/c.md': 'c',
      'briefs/notes.txt': 'not a brief',
      'briefs/sub/image.png': 'not a brief',
      'briefs/README.markdown': 'not .md',
      'other/d.md': 'd',
    });
    return dir;
  };

  it('lists .md files recursively, sorted, as absolute paths', async () => {
    const dir = tree();
    const found = await findBriefs(['briefs'], dir);
    expect(found).toEqual(
      ['briefs/a.md', 'briefs/sub/b.md', 'briefs/sub/deeper/c.md', 'briefs/z.md'].map((f) => path.join(dir, f)),
    );
  });

  it('merges several paths without duplicates and keeps files given by name', async () => {
    const dir = tree();
    const found = await findBriefs(['other/d.md', 'briefs/sub', 'briefs/sub/b.md', path.join(dir, 'briefs/a.md')], dir);
    expect(found).toEqual(
      ['briefs/a.md', 'briefs/sub/b.md', 'briefs/sub/deeper/c.md', 'other/d.md'].map((f) => path.join(dir, f)),
    );
  });

  it('returns nothing for a folder without briefs', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'empty/readme.txt': 'x' });
    expect(await findBriefs(['empty'], dir)).toEqual([]);
  });

  it('throws MissingPathError naming a path that does not exist', async () => {
    const dir = tree();
    const attempt = findBriefs(['briefs', 'nope'], dir);
    await expect(attempt).rejects.toBeInstanceOf(MissingPathError);
    await expect(attempt).rejects.toThrow('nope: no such file or folder');
  });
});
