// The command line's entry point: what bin/briefing.mjs bundles and runs.
import { run } from './cli.ts';

export { runtime } from '../runtime.ts';

export const done = run(process.argv.slice(2));
