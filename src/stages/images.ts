import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Code } from '../diagnostics/codes.ts';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { LIMITS } from '../limits.ts';
import type { ImageAsset } from '../pdf/state.ts';
import { within } from '../platform/paths.ts';
import type { Theme } from '../theme.ts';
import { prepareSvg } from './svg.ts';

/** An image read, with the problems found inside it (located in the image), or why it cannot be used. */
type ImageResult = { asset: ImageAsset; problems: Diagnostic[] } | { code: Code; message: string; hint?: string };

/**
 * Images are data in the repository: no network, no absolute paths, nothing
 * outside the repository (after following symbolic links), no larger than
 * LIMITS, and only formats react-pdf draws (it silently drops the others).
 * An SVG must be self-contained: no scripts, external images or references.
 */
export async function loadImage(
  url: string,
  baseDir: string,
  root: string,
  options: { fonts: Theme['fonts']; cwd: string },
): Promise<ImageResult> {
  const invalid = (message: string, hint?: string) => ({ code: 'IMAGE_INVALID' as const, message, hint });
  if (/^[a-z][a-z0-9+.-]*:|^[/\\]{2}/i.test(url)) {
    return invalid(
      `The image "${url}" is not a local file; images are never fetched.`,
      'Save the image in the repository and give its relative path.',
    );
  }
  if (path.isAbsolute(url) || path.win32.isAbsolute(url)) {
    return invalid(`The image path "${url}" is absolute.`, 'Give a path relative to the brief.');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    return invalid(`The image path "${url}" has a malformed %-escape.`, 'Write the file name as it is.');
  }
  const realRoot = await realpath(root);
  const target = path.resolve(baseDir, decoded);
  // Outside by its text: refused before the file system is asked anything.
  if (!within(target, path.resolve(root)) && !within(target, realRoot)) {
    return invalid(`The image "${url}" is outside the repository.`, 'Copy it into the repository.');
  }
  const real = await realpath(target).catch(() => undefined);
  if (!real) return invalid(`The image "${url}" does not exist.`, `Looked for ${path.relative(root, target)}.`);
  if (!within(real, realRoot)) {
    return invalid(`The image "${url}" is outside the repository.`, 'Copy it into the repository.');
  }
  const info = await stat(real);
  if (!info.isFile()) return invalid(`The image "${url}" is not a file.`);
  if (info.size > LIMITS.imageBytes) {
    return {
      code: 'IMAGE_TOO_LARGE',
      message: `The image "${url}" is ${(info.size / 1024 / 1024).toFixed(1)} MB; at most ${LIMITS.imageBytes / 1024 / 1024} MB is embedded.`,
      hint: 'Save it smaller (a print image needs about 300 dpi at its printed size).',
    };
  }
  const data = await readFile(real);
  if (data[0] === 0x89 && data.subarray(1, 4).toString('latin1') === 'PNG') {
    // IHDR: width and height, big-endian, at bytes 16 and 20. A PNG is decoded to be embedded.
    const pixels = data.length >= 24 ? data.readUInt32BE(16) * data.readUInt32BE(20) : 0;
    if (pixels > LIMITS.imagePixels) {
      return {
        code: 'IMAGE_TOO_LARGE',
        message: `The image "${url}" has ${pixels} pixels; at most ${LIMITS.imagePixels} are embedded.`,
        hint: 'Scale it down (a print image needs about 300 dpi at its printed size).',
      };
    }
    return { asset: { path: real, data, format: 'png' }, problems: [] };
  }
  if (data[0] === 0xff && data[1] === 0xd8) return { asset: { path: real, data, format: 'jpg' }, problems: [] };
  const head = data.subarray(0, 2048).toString('utf8');
  if (/<svg[\s>]/.test(head)) {
    if (svgReachesOut(data.toString('utf8'))) {
      return invalid(
        `The SVG image "${url}" refers to other files or scripts.`,
        'Use a self-contained SVG (shapes and text only).',
      );
    }
    // Diagnostics inside the SVG name it as the user reaches it, not through symbolic links.
    const shown = path.relative(options.cwd, target) || target;
    const prepared = prepareSvg(data.toString('utf8'), shown, options.fonts);
    if ('error' in prepared) {
      const tooLarge = prepared.code === 'IMAGE_TOO_LARGE';
      return {
        asset: { path: real, data, format: 'svg' },
        problems: [
          problem(
            prepared.code ?? 'IMAGE_INVALID',
            shown,
            prepared.line,
            prepared.column,
            tooLarge
              ? `In the SVG image "${url}", ${prepared.error}`
              : `The SVG image "${url}" is not well-formed XML: ${prepared.error}`,
            tooLarge ? 'Flatten the groups of the SVG.' : 'Export the SVG again, or fix it in a text editor.',
          ),
        ],
      };
    }
    return {
      asset: { path: real, data: prepared.data, format: 'svg', faces: prepared.faces },
      problems: prepared.diagnostics,
    };
  }
  return invalid(
    `The image "${url}" is not a PNG, JPEG or SVG file.`,
    'Convert it to PNG (GIF, WebP and others are not drawn).',
  );
}

/**
 * An SVG that could make the renderer (or anything reading it) fetch or run
 * something: scripts, embedded documents or images, event handlers, entity
 * declarations, style sheet imports, or any reference (`href`, `url(…)`)
 * that is not a fragment (`#id`) inside the same file.
 */
function svgReachesOut(svg: string): boolean {
  return (
    /<(?:[\w-]+:)?(?:script|image|foreignObject|iframe|object|embed|feImage)\b/i.test(svg) ||
    /<!ENTITY|<!DOCTYPE[^>[]*\[|<\?xml-stylesheet|@import/i.test(svg) ||
    /\son[a-z]+\s*=/i.test(svg) ||
    /href\s*=(?!\s*["']\s*#)/i.test(svg) ||
    /url\((?!\s*["']?\s*#)/i.test(svg)
  );
}
