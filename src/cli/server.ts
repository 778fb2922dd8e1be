import { chmodSync, rmSync } from 'node:fs';
import net from 'node:net';
import { forgetRepositories } from '../stages/provenance.ts';
import { closeWorkers, keepWorkers } from '../worker-pool.ts';
import { main, plan } from './cli.ts';
import { drawAhead } from './draw-ahead.ts';

/**
 * The warm build process: one per project, tool version and Node version,
 * started in the background by the first command (bin/server-client.mjs).
 * Later commands hand it their arguments, folder and environment, and it runs
 * them one at a time with the renderer, fonts, layout code and worker
 * threads already warm,
 * streaming back what an in-process run would print and its exit code. It
 * listens on a Unix socket in a folder only its user can open, and stops
 * after `idleMs` without a command, when its memory passes `maxBytes`, or
 * when asked (`--stop-server`). Between commands it draws ahead what it
 * expects the next one to build (draw-ahead.ts), starting from the
 * arguments of the command that started it (`first`).
 */
export async function serve(socketPath: string, idleMs: number, maxBytes: number, first: string[]): Promise<void> {
  // Two commands may each have started a server: the second leaves the first one be.
  if (await answers(socketPath)) return;
  rmSync(socketPath, { force: true });
  keepWorkers();
  let queue = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  const ahead = drawAhead((task) => {
    queue = queue.then(task);
    return queue;
  });
  const server = net.createServer((connection) => {
    let buffered = '';
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end === -1) return;
      const request = JSON.parse(buffered.slice(0, end)) as Request;
      buffered = '';
      if (request.stop) {
        connection.end(`${JSON.stringify({ exit: 0 })}\n`);
        stop();
        return;
      }
      clearTimeout(idle);
      ahead.commanded();
      queue = queue
        .then(() => command(request, connection))
        .then(async () => ahead.expect(await plan(request.argv, request.cwd, request.env)))
        // Kept layouts and fonts make a long-lived process grow: past its limit it stops, and the next command starts a fresh one.
        .then(() => (process.memoryUsage().rss > maxBytes ? stop() : arm()));
    });
    connection.on('error', () => undefined);
  });
  const stop = () => {
    ahead.close();
    server.close();
    rmSync(socketPath, { force: true });
  };
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(stop, idleMs);
    idle.unref();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  // The folder is the user's own (mode 0700); the socket too, in case it is not.
  chmodSync(socketPath, 0o600);
  arm();
  const started = await plan(first, process.cwd(), process.env);
  ahead.expect(started);
  void ahead.warmUp(started);
  await new Promise<void>((resolve) => server.on('close', () => resolve()));
  await closeWorkers();
}

/** Whether a server already listens on the socket. */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createConnection(socketPath);
    probe.on('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}

interface Request {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stop?: boolean;
}

/**
 * One command, as the launcher would run it in its own process: its
 * environment for the while, what it prints sent back as it prints it, and a
 * heartbeat so the client knows the server is alive through a long build.
 */
async function command(request: Request, connection: net.Socket): Promise<void> {
  const send = (frame: object) => {
    if (!connection.destroyed) connection.write(`${JSON.stringify(frame)}\n`);
  };
  const saved = { env: { ...process.env }, out: process.stdout.write, err: process.stderr.write };
  const heartbeat = setInterval(() => send({ alive: true }), HEARTBEAT_MS);
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, request.env);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    send({ out: chunk.toString() });
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    send({ err: chunk.toString() });
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    // What a process would find anew: whether the project is a repository now.
    forgetRepositories();
    code = await main(request.argv, request.cwd, process.env);
  } catch (error) {
    process.stderr.write(`Internal error (a bug, not a problem in your brief):\n${(error as Error).stack ?? error}\n`);
    code = 3;
  } finally {
    clearInterval(heartbeat);
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
  }
  send({ exit: code });
  connection.end();
}

/** How often a working server says it is alive; the client gives up after several missed. */
export const HEARTBEAT_MS = 1000;
