import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, repoRoot, runCli } from './helpers.ts';
import { readPdf } from './pdf.ts';

const BRIEF = 'briefs/russia-china-joint-statement.md';
const text = readFileSync(path.join(repoRoot, BRIEF), 'utf8');

function build(env: Record<string, string>): Buffer {
  const dir = makeWorkspace({ [BRIEF]: text });
  const run = runCli(dir, [], env);
  expect(run.code, run.stderr).toBe(0);
  return readFileSync(path.join(dir, 'output/russia-china-joint-statement.pdf'));
}

describe('reproducible output', () => {
  it('gives byte-identical PDFs from two builds in different places and time zones', () => {
    const first = build({ TZ: 'UTC' });
    const second = build({ TZ: 'Asia/Vladivostok' });
    expect(first.length).toBeGreaterThan(10_000);
    expect(second.equals(first)).toBe(true);
  }, 60_000);

  it('takes the creation date from SOURCE_DATE_EPOCH when set, else from the brief', async () => {
    const stamped = await readPdf(build({ SOURCE_DATE_EPOCH: '1700000000' }));
    expect(stamped.info.CreationDate).toBe('D:20231114221320Z');
    const plain = await readPdf(build({ SOURCE_DATE_EPOCH: '' }));
    expect(plain.info.CreationDate).toBe('D:20210329000000Z');
  }, 60_000);
});
