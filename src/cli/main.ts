// The command line's entry point: what bin/briefing.mjs bundles and runs, as
// a command, or as the warm build process when the launcher starts one.
import { run } from './cli.ts';
import { serve } from './server.ts';

export { runtime } from '../runtime.ts';

const socket = process.env.BRIEFING_SERVE_SOCKET;
export const done = socket
  ? serve(
      socket,
      Number(process.env.BRIEFING_SERVER_IDLE ?? 600) * 1000,
      Number(process.env.BRIEFING_SERVER_MAX_MB ?? 1024) * 1024 * 1024,
      // The arguments of the command that started it: what it warms up on.
      process.argv.slice(2),
    )
  : run(process.argv.slice(2));
