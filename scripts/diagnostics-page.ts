/**
 * `npm run docs:diagnostics`: writes docs/diagnostics.md from the catalogue of
 * codes (src/diagnostics/codes.ts); `--check` fails when the page is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODES } from '../src/diagnostics/codes.ts';

export const PAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/diagnostics.md');

/** docs/diagnostics.md as it should be. */
export function diagnosticsPage(): string {
  const rows = Object.entries(CODES).map(([code, { severity, about }]) => `| \`${code}\` | ${severity} | ${about} |`);
  return `# Diagnostic codes

Written by \`npm run docs:diagnostics\` from \`src/diagnostics/codes.ts\`; do not edit by hand.
Every problem is printed as \`PATH:LINE:COL: SEVERITY: MESSAGE [CODE]\` (see
[Diagnostics](writing-briefs.md#diagnostics)); under \`--strict\` a warning is an error.

| code | severity | what it means |
|---|---|---|
${rows.join('\n')}
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    if (readFileSync(PAGE, 'utf8') !== diagnosticsPage()) {
      process.stderr.write('docs/diagnostics.md is stale: run npm run docs:diagnostics\n');
      process.exitCode = 1;
    }
  } else writeFileSync(PAGE, diagnosticsPage());
}
