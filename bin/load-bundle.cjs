// Loads a CommonJS bundle with V8's code cache: the functions a run compiled
// are kept beside the bundle (bundle.cjs.v8cache) and the next run starts
// from them instead of parsing and compiling the bundle again, as Node 22's
// module compile cache does (Node 20 has none for this).
const { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written aside and renamed into place: runs started together never read half a cache. */
function writeCache(file, data) {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // What a run killed while writing left behind goes first.
    const dir = path.dirname(file);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(`${path.basename(file)}.`) && name.endsWith('.tmp'))
        rmSync(path.join(dir, name), { force: true });
    }
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    // Best effort: without a cache the next run compiles again, nothing more.
    rmSync(temporary, { force: true });
  }
}

/**
 * Runs the bundle and returns its exports, and `keep(complete)`, which stores
 * the code compiled so far. A cache from a run that did all a build does
 * (`complete`) replaces one from a run that did less, never the reverse.
 */
function loadBundle(file) {
  const complete = `${file}.full.v8cache`;
  const partial = `${file}.v8cache`;
  const fromComplete = readCache(complete);
  const cachedData = fromComplete ?? readCache(partial);
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
  });
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file));
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  let kept = usable && fromComplete !== undefined;
  const keep = (isComplete) => {
    if (kept || (usable && !isComplete)) return;
    writeCache(isComplete ? complete : partial, script.createCachedData());
    kept = true;
  };
  return { exports: module.exports, keep };
}

module.exports = { loadBundle };
