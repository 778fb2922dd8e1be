#!/usr/bin/env node
// Entry point of `npm run build:brief` and `npm run check:brief`.
//
// The TypeScript sources are bundled once into one CommonJS file (with
// esbuild, which tsx already brings) and the bundle is reused until a source
// file, a patch or the dependency lock changes. Plain JavaScript starts faster
// than compiling TypeScript on every run, CommonJS can be loaded with V8's
// code cache (bin/load-bundle.cjs), and worker threads load it the same way.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolHash } from '../src/platform/tool-hash.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const loader = path.join(root, 'bin', 'load-bundle.cjs');
const workerEntry = path.join(root, 'bin', 'worker-entry.cjs');
const serverClient = path.join(root, 'bin', 'server-client.mjs');

/** The tool's hash, and the launcher's and its helpers' own: a change to any makes a new bundle. */
function sourceHash() {
  const hash = createHash('sha256').update(toolHash(root));
  for (const file of [fileURLToPath(import.meta.url), loader, workerEntry, serverClient])
    hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** The ICC profile pdfkit reads for a PDF/A output intent, from a path relative to its own file. */
const ICC_READ = 'iccProfile = fs.readFileSync(ICC_PROFILE_PATH);';

/**
 * pdfkit loads its standard-font metrics with a `require` of its own that
 * bundlers cannot see; a plain `require` lets esbuild bundle them. It also
 * reads the sRGB profile of a PDF/A output intent from `data/` beside its own
 * file, which is not beside the bundle: the profile (3 KB) is put into the
 * bundle instead. A pdfkit that reads it some other way fails the bundling,
 * not a PDF/A build.
 */
const pdfkitFiles = {
  name: 'pdfkit-files',
  setup(build) {
    build.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(ICC_READ)) throw new Error(`${args.path} no longer reads its ICC profile as expected.`);
      const profile = readFileSync(path.join(path.dirname(args.path), 'data', 'sRGB_IEC61966_2_1.icc'));
      return {
        contents: source
          .replaceAll('require$1(', 'require(')
          .replace(ICC_READ, `iccProfile = Buffer.from('${profile.toString('base64')}', 'base64');`),
        loader: 'js',
      };
    });
  },
};

async function bundle(outDir) {
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    write: false,
    entryPoints: { cli: path.join(root, 'src/cli/main.ts'), 'worker-bundle': path.join(root, 'src/worker.ts') },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // import() of a package left outside the bundle becomes require(): a script run from a code cache has no module loader.
    supported: { 'dynamic-import': false },
    jsx: 'automatic',
    // Less to read and hash on every start; names are kept for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    define: {
      // React's production build: the development one checks every element it creates.
      'process.env.NODE_ENV': '"production"',
      'import.meta.url': '__bundleUrl',
      // The worker entry this launcher puts beside the bundle (see below): what build-all starts workers from.
      'process.env.BRIEFING_WORKER': '"./worker.cjs"',
    },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // piscina starts workers from files in its own package folder; subset-font's HarfBuzz reads its .wasm beside it.
    external: ['piscina', 'esbuild', 'subset-font'],
    plugins: [pdfkitFiles],
    logLevel: 'warning',
  });
  // Written aside and renamed into place: builds started together never see half a bundle.
  const temporary = `${outDir}.${process.pid}.tmp`;
  mkdirSync(temporary, { recursive: true });
  for (const file of outputFiles) writeFileSync(path.join(temporary, path.basename(file.path)), file.contents);
  copyFileSync(workerEntry, path.join(temporary, 'worker.cjs'));
  try {
    renameSync(temporary, outDir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(path.join(outDir, 'cli.cjs'))) throw error;
  }
  // Bundles of earlier sources are not needed any more.
  for (const old of readdirSync(path.dirname(outDir))) {
    if (/^[0-9a-f]{16}$/.test(old) && path.join(path.dirname(outDir), old) !== outDir) {
      rmSync(path.join(path.dirname(outDir), old), { recursive: true, force: true });
    }
  }
}

/**
 * The bundles' folder, under node_modules/.cache: `briefing`, or the name in
 * BRIEFING_CACHE_NAME (a test starts from an empty one). It stays four levels
 * below the tool, where the worker entry and packageRoot() look.
 */
function cacheName() {
  const name = process.env.BRIEFING_CACHE_NAME;
  if (name === undefined || name === '') return 'briefing';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(`BRIEFING_CACHE_NAME must be a plain folder name, not "${name}".`);
  }
  return name;
}

const hash = sourceHash();
const outDir = path.join(root, 'node_modules', '.cache', cacheName(), hash);
const argv = process.argv.slice(2);
// A command goes to this project's warm build process when one is running (bin/server-client.mjs);
// the build process itself runs the bundle with BRIEFING_SERVE_SOCKET set.
const client = process.env.BRIEFING_SERVE_SOCKET ? undefined : await import('./server-client.mjs');
const socket = client?.wanted(argv, process.env) ? client.socketFor(hash, process.cwd(), process.env) : undefined;
if (client && argv.includes('--stop-server')) {
  process.stdout.write(`${await client.stop(client.socketFor(hash, process.cwd(), process.env))}\n`);
} else {
  const code = socket ? await client.viaServer(socket, argv) : undefined;
  if (code !== undefined) process.exitCode = code;
  else {
    if (!existsSync(path.join(outDir, 'cli.cjs'))) await bundle(outDir);
    const { loadBundle } = require(loader);
    const { exports: cli, keep } = loadBundle(path.join(outDir, 'cli.cjs'));
    await cli.done;
    keep(cli.runtime.rendered);
    // The next command finds a warm process; started after this one, so this build is not slowed.
    if (socket) client.start(socket, fileURLToPath(import.meta.url), argv);
  }
}
