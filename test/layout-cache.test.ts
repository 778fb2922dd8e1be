import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBrief } from '../bench/generate.ts';
import { buildBrief } from '../src/build.ts';
import { loadTemplates } from '../src/stages/template.ts';
import { makeWorkspace, repoRoot, runCli } from './helpers.ts';
import { tempFolder } from './temp.ts';

const sample = 'briefs/russia-china-joint-statement.md';

/**
 * react-pdf's text layouts are kept and reused within a process (patches/
 * @react-pdf+textkit): text laid out again, in another pass, another brief or
 * another build of a watch session, must give exactly what a fresh layout gives.
 */
describe('text layouts kept between layouts', () => {
  it('give the same bytes as fresh processes, whatever was laid out before, justified or not', async () => {
    const memo = readFileSync(path.join(repoRoot, 'templates/memo.hbs'), 'utf8');
    const dir = makeWorkspace({
      [sample]: readFileSync(path.join(repoRoot, sample), 'utf8'),
      'briefs/long.md': generateBrief(7, 8),
      // Justified lines are stretched after line breaking: the kept layout must not be.
      'briefs/lists/policy-planning.yaml': readFileSync(
        path.join(repoRoot, 'briefs/lists/policy-planning.yaml'),
        'utf8',
      ),
      'templates/justified.hbs': memo.replace(/^---\n/, '---\nalign: justify\n'),
    });
    const env = { SOURCE_DATE_EPOCH: '1617000000' };
    // The reference: a fresh process writing into a fresh, empty output folder of its own, so neither a
    // build cache nor page-number hints (<out>/.cache/pages) from any other build can feed it.
    const fresh = (template: string, file: string) => {
      const out = tempFolder('briefing-fresh-');
      const run = runCli(dir, ['--force', '--jobs', '1', '--template', template, '--out', out, file], env);
      expect(run.code, run.stderr).toBe(0);
      // The sample's own template is memo; another one is named in the file name.
      const name = path.basename(file, '.md') + (template === 'memo' ? '.pdf' : `.${template}.pdf`);
      return readFileSync(path.join(out, name));
    };
    const expected = new Map<string, Buffer>();
    for (const template of ['memo', 'justified']) {
      for (const file of [sample, 'briefs/long.md']) expected.set(`${template} ${file}`, fresh(template, file));
    }

    const templates = await loadTemplates(path.join(dir, 'templates'), dir);
    const context = {
      cwd: dir,
      root: dir,
      briefsDir: path.join(dir, 'briefs'),
      outDir: path.join(dir, 'output'),
      templates,
      sourceDateEpoch: Number(env.SOURCE_DATE_EPOCH),
    };
    // Every build in one process, in an order that lays out the same text in both templates, twice.
    for (const template of ['memo', 'justified', 'memo', 'justified']) {
      for (const file of [sample, 'briefs/long.md']) {
        const result = await buildBrief(path.join(dir, file), { ...context, templateOverride: template });
        expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
        const bytes = readFileSync(result.output as string);
        expect(bytes.equals(expected.get(`${template} ${file}`) as Buffer), `${template} ${file}`).toBe(true);
      }
    }
  }, 180_000);
});
