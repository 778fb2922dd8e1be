// Copied beside the worker bundle (node_modules/.cache/briefing/<hash>/worker.cjs),
// where piscina loads it: it runs the worker bundle with its code cache.
const path = require('node:path');
// The tool's bin/ folder, four levels up from the bundle's folder, wherever the tool is.
const { loadBundle } = require(path.join(__dirname, '..', '..', '..', '..', 'bin', 'load-bundle.cjs'));

const { exports: worker, keep } = loadBundle(path.join(__dirname, 'worker-bundle.cjs'));

module.exports = async (task) => {
  const result = await worker.default(task);
  // After a brief, the code a build needs is compiled: kept for the next run (once; later calls do nothing).
  keep(true);
  return result;
};
