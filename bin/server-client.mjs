// The launcher's side of the warm build process (src/cli/server.ts): find
// this project's server, hand it a command and print what it sends back, or
// start one in the background for the commands after this one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Silence longer than this from a working server means it hangs: the command is built here instead. */
const SILENCE_MS = Number(process.env.BRIEFING_SERVER_SILENCE) || 15_000;

/** Whether this command may go to a server: not in CI, not when told not to, not watch mode. */
export function wanted(argv, env) {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return false;
  if (env.CI && env.CI !== 'false') return false;
  if (env.BRIEFING_NO_SERVER) return false;
  return !argv.includes('--no-server') && !argv.includes('--watch');
}

/**
 * The socket of the server for this tool version (`toolHash`), Node version
 * and project, in a folder only this user can open; none when that folder is
 * not private (then no server is used).
 */
export function socketFor(toolHash, project, env) {
  const dir = env.BRIEFING_SERVER_DIR || path.join(os.tmpdir(), `briefing-${process.getuid()}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  if (!info.isDirectory() || info.uid !== process.getuid() || (info.mode & 0o077) !== 0) return undefined;
  const id = createHash('sha256').update([toolHash, process.version, project].join('\0')).digest('hex').slice(0, 16);
  return path.join(dir, `${id}.sock`);
}

/**
 * Runs the command in the server: resolves to its exit code, or to undefined
 * when there is no server (or it stopped or hung, said in one line), and the
 * command is to be built in this process.
 */
export function viaServer(socket, argv) {
  return new Promise((resolve) => {
    const connection = net.createConnection(socket);
    let connected = false;
    let settled = false;
    let silence;
    let buffered = '';
    const finish = (code, why) => {
      if (settled) return;
      settled = true;
      clearTimeout(silence);
      connection.destroy();
      if (why) process.stderr.write(`note: the build server ${why}; building in this process instead.\n`);
      // A socket nobody listens on is a server that is gone: it goes too.
      if (!connected && code === undefined) rmSync(socket, { force: true });
      resolve(code);
    };
    const arm = () => {
      clearTimeout(silence);
      silence = setTimeout(() => finish(undefined, 'did not answer'), SILENCE_MS);
    };
    connection.setEncoding('utf8');
    connection.on('connect', () => {
      connected = true;
      connection.write(`${JSON.stringify({ argv, cwd: process.cwd(), env: process.env })}\n`);
      arm();
    });
    connection.on('data', (chunk) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
        const frame = JSON.parse(buffered.slice(0, end));
        buffered = buffered.slice(end + 1);
        if (frame.out !== undefined) process.stdout.write(frame.out);
        if (frame.err !== undefined) process.stderr.write(frame.err);
        if (frame.exit !== undefined) return finish(frame.exit);
        arm();
      }
    });
    connection.on('error', () => finish(undefined, connected ? 'stopped' : undefined));
    connection.on('close', () => finish(undefined, connected ? 'stopped' : undefined));
  });
}

/** Starts a server for later commands, detached from this one, with this command's arguments (it draws its briefs ahead). */
export function start(socket, launcher, argv) {
  const child = spawn(process.execPath, [launcher, ...argv], {
    cwd: process.cwd(),
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, BRIEFING_SERVE_SOCKET: socket },
  });
  child.unref();
}

/** `--stop-server`: asks this project's server to stop; says whether one was running. */
export function stop(socket) {
  return new Promise((resolve) => {
    if (!socket) return resolve('No build server is running.');
    const connection = net.createConnection(socket);
    connection.on('connect', () => connection.end(`${JSON.stringify({ stop: true })}\n`));
    // Its answer is read (and dropped), so the connection can close.
    connection.resume();
    connection.on('close', () => resolve('The build server stopped.'));
    connection.on('error', () => {
      rmSync(socket, { force: true });
      resolve('No build server is running.');
    });
  });
}
