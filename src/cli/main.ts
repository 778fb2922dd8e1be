// The command line's entry point: what bin/briefing.mjs bundles and runs, as
// a command, or as the warm build process when the launcher starts one.
import { availableParallelism } from 'node:os';
import { run } from './cli.ts';
import { serve } from './server.ts';

export { runtime } from '../runtime.ts';

const socket = process.env.BRIEFING_SERVE_SOCKET;
export const done = socket
  ? serve(
      socket,
      Number(process.env.BRIEFING_SERVER_IDLE ?? 600) * 1000,
      // Each thread it may run (its own and a worker per core) keeps fonts, layouts and compiled code.
      Number(process.env.BRIEFING_SERVER_MAX_MB ?? 512 * (1 + availableParallelism())) * 1024 * 1024,
      // The arguments of the command that started it: what it draws ahead first.
      process.argv.slice(2),
    )
  : run(process.argv.slice(2));
