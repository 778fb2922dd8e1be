import path from 'node:path';
import { highest, type Marking } from '../markings/marking.ts';
import { writeAtomic } from '../platform/files.ts';
import type { ManifestEntry } from './manifest.ts';

/**
 * `output/index.html`: one self-contained page (no scripts, fonts or other
 * files; it works from a file:// address or any static host) that lists the
 * briefs with their marking, date, bottom line, version, pages, a download
 * link and the checksum. The page is marked with the highest level it lists
 * (of each marking scheme, when briefs of several are listed), and each brief
 * with its own, so levels are never mixed unseen.
 */
export async function writeIndex(entries: ManifestEntry[], outDir: string, title = 'Briefs'): Promise<void> {
  const briefs = entries.filter((e) => !e.copyId);
  const copies = (pdf: string) =>
    entries.filter((e) => e.copyId && e.source === briefs.find((b) => b.pdf === pdf)?.source).length;
  const pageBanner = highest(briefs.map((b) => b.marking))
    .map((m) => banner(m))
    .join('\n');
  const items = briefs
    .map((b) => {
      const n = copies(b.pdf);
      return `<li class="brief">
  ${banner(b.marking)}
  <h2><a href="${escapeHtml(encodeURI(b.pdf))}">${escapeHtml(b.title)}</a>${b.draft ? ` <span class="draft">${b.draft === 'draft' ? 'DRAFT' : 'DRAFT · uncommitted changes'}</span>` : ''}</h2>
  <p class="meta">${escapeHtml(b.date)} · ${b.pages} page${b.pages === 1 ? '' : 's'}${b.version ? ` · version ${escapeHtml(b.version)}` : ''}${b.commit ? ` · commit <code>${escapeHtml(b.commit.slice(0, 7))}</code>` : ''}${n ? ` · ${n} named cop${n === 1 ? 'y' : 'ies'}` : ''}</p>
  <p class="summary">${escapeHtml(b.summary)}</p>
  <p class="download"><a href="${escapeHtml(encodeURI(b.pdf))}" download>Download PDF</a> <span class="size">(${Math.round(b.bytes / 1024)} KB)</span></p>
  <p class="checksum">SHA-256 <code>${escapeHtml(b.sha256)}</code></p>
</li>`;
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { display: flex; flex-direction: column; min-height: 100vh; margin: 0; font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1b1b1b; background: #f6f7f9; }
main { flex: 1; width: 100%; box-sizing: border-box; max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font: 700 1.6rem/1.2 system-ui, sans-serif; color: #1f3a5f; margin: 1rem 0 0.25rem; }
.intro { color: #5a6270; margin: 0 0 1.5rem; }
.draft { font: 700 0.7rem/1 system-ui, sans-serif; letter-spacing: 0.08em; color: #8a1c1c; border: 1px solid currentColor; padding: 0.15rem 0.35rem; vertical-align: middle; }
.banner { font: 700 0.75rem/1.6 system-ui, sans-serif; letter-spacing: 0.08em; text-align: center; padding: 0.1rem 0.5rem; }
body > .banner { position: sticky; z-index: 1; }
body > .banner:first-child { top: 0; }
ol { list-style: none; margin: 0; padding: 0; }
.brief { background: #fff; border: 1px solid #d5dae1; margin: 0 0 1.25rem; padding: 0 0 0.75rem; }
.brief > .banner { display: inline-block; margin: 0.75rem 1rem 0; }
.brief h2 { font: 700 1.15rem/1.3 system-ui, sans-serif; margin: 0.5rem 1rem 0.25rem; }
.brief h2 a { color: #1f3a5f; }
.brief p { margin: 0.25rem 1rem; }
.meta, .size, .checksum { color: #5a6270; font-size: 0.85rem; }
.checksum code { word-break: break-all; }
.download a { font: 600 0.9rem system-ui, sans-serif; }
</style>
</head>
<body>
${pageBanner}
<main>
<h1>${escapeHtml(title)}</h1>
<p class="intro">${briefs.length} brief${briefs.length === 1 ? '' : 's'}. Each is marked with its own classification; this page is marked with the highest of them. Check a download against its SHA-256 checksum.</p>
<ol>
${items}
</ol>
</main>
${pageBanner}
</body>
</html>
`;
  await writeAtomic(path.join(outDir, 'index.html'), Buffer.from(html));
}

/** A classification banner in its scheme's colours; black on white, outlined, for a scheme without colours. */
function banner(marking: Marking): string {
  const fill = marking.background ? `background:${marking.background}` : 'background:#fff;outline:1px solid #000';
  return `<div class="banner" style="${fill};color:${marking.text}">${escapeHtml(marking.name)}</div>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
