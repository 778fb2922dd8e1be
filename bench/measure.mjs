// Runs the CLI in this process and reports the process's peak memory as it exits.
process.on('exit', () => process.stderr.write(`RSS ${process.resourceUsage().maxRSS}\n`));
await import(new URL('../bin/briefing.mjs', import.meta.url).href);
