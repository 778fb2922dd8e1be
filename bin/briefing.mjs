#!/usr/bin/env node
// Entry point of `npm run build:brief` and `npm run check:brief`.
//
// The TypeScript sources are bundled once into plain JavaScript (with esbuild,
// which tsx already brings) and the bundle is reused until a source file or
// the dependency lock changes. Plain JavaScript starts faster than compiling
// TypeScript on every run, and worker threads can load it without a loader.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toolHash } from './tool-hash.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The tool's hash, and this launcher's own: a change to either makes a new bundle. */
function sourceHash() {
  const launcher = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  return createHash('sha256').update(toolHash(root)).update(launcher.digest()).digest('hex').slice(0, 16);
}

const outDir = path.join(root, 'node_modules', '.cache', 'briefing', sourceHash());
const cli = path.join(outDir, 'cli.mjs');
if (!existsSync(cli)) {
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    write: false,
    entryPoints: { cli: path.join(root, 'src/cli.ts'), worker: path.join(root, 'src/worker.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    // React's production build: the development one checks every element it creates.
    define: { 'process.env.NODE_ENV': '"production"' },
    // pdfkit and piscina load files of their own from their package folders.
    external: ['pdfkit', 'piscina', 'esbuild'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // Written aside and renamed into place: builds started together never see half a bundle.
  const temporary = `${outDir}.${process.pid}.tmp`;
  for (const file of outputFiles) {
    const target = path.join(temporary, path.relative(outDir, file.path));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
  try {
    renameSync(temporary, outDir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(cli)) throw error;
  }
  // Bundles of earlier sources are not needed any more.
  for (const old of readdirSync(path.dirname(outDir))) {
    if (/^[0-9a-f]{16}$/.test(old) && path.join(path.dirname(outDir), old) !== outDir) {
      rmSync(path.join(path.dirname(outDir), old), { recursive: true, force: true });
    }
  }
}
await import(pathToFileURL(cli).href);
