import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from './helpers.ts';
import { removeTempFolders, tempFolder } from './temp.ts';
import { tempDir, workspace } from './unit/fixtures.ts';

describe('temporary folders of tests', () => {
  it('are made in this run’s own temporary directory', () => {
    expect(path.basename(tmpdir())).toMatch(/^briefing-test-run-/);
  });

  it('are removed, with what is in them, by removeTempFolders (run after every test file)', () => {
    const made = [tempFolder(), makeWorkspace({ 'briefs/a.md': 'x' }), tempDir(), workspace({ 'briefs/b.md': 'y' })];
    for (const dir of made) {
      expect(existsSync(dir)).toBe(true);
      writeFileSync(path.join(dir, 'file'), 'contents');
    }
    expect(removeTempFolders()).toEqual(made);
    for (const dir of made) expect(existsSync(dir), dir).toBe(false);
    expect(removeTempFolders()).toEqual([]);
  });
});
