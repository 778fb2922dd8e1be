import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefText, makeWorkspace, runCli, writeFile } from './helpers.ts';
import { PNG_1X1 } from './unit/fixtures.ts';

describe('masthead logo', () => {
  it('draws a logo from the brief, and reports one that is missing at its key', () => {
    const dir = makeWorkspace({
      'briefs/with-logo.md': briefText({ extra: 'logo: img/logo.png\norganisation: Office\n' }),
      'briefs/no-logo.md': briefText({ extra: 'logo: img/nowhere.png\n' }),
      'briefs/plain.md': briefText(),
    });
    writeFile(dir, 'briefs/img/logo.png', PNG_1X1);
    const run = runCli(dir);
    expect(run.code).toBe(1);
    const pdf = readFileSync(path.join(dir, 'output/with-logo.pdf')).toString('latin1');
    // The image (with its alpha mask); a brief without a logo has none.
    expect(pdf.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(1);
    expect(readFileSync(path.join(dir, 'output/plain.pdf')).toString('latin1')).not.toContain('/Subtype /Image');
    expect(run.stderr).toContain(
      'briefs/no-logo.md:7:7: error: The image "img/nowhere.png" does not exist. [IMAGE_INVALID]',
    );
  }, 60_000);
});
