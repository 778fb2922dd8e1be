/**
 * The warm build process: later commands go to it and print, exit and write
 * exactly what a build in their own process does; a server that stops or
 * hangs makes the command build in its own process, saying so; `--stop-server`
 * stops it; CI and a folder others can open keep commands in their process.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { briefText, commitAll, git, makeWorkspace, runCli, startCli } from './helpers.ts';
import { tempFolder } from './temp.ts';

const sockets = tempFolder('briefing-sockets-');
rmSync(sockets, { recursive: true, force: true });
/** Server mode, whatever the environment running the tests says. */
const SERVER = { BRIEFING_NO_SERVER: '', CI: '', BRIEFING_SERVER_DIR: sockets, BRIEFING_SERVER_IDLE: '120' };

const dir = makeWorkspace({
  'briefs/good.md': briefText({ body: '## One\n\nText with a note.[^a]\n\n[^a]: The note.\n' }),
  'briefs/bad.md': briefText({ extra: 'paper: Legal\n' }),
});

afterAll(() => {
  runCli(dir, ['--stop-server'], SERVER);
});

/** Waits (polling) until `test` holds, or fails after `ms`. */
async function until(test: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const socketsNow = () => (existsSync(sockets) ? readdirSync(sockets).filter((f) => f.endsWith('.sock')) : []);

/** Whether something listens on the socket. */
const answers = (socket: string) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createConnection(socket);
    probe.on('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });

describe('the warm build process', () => {
  it('is started by a first command, and later ones print, exit and write as a build in their own process does', async () => {
    const first = runCli(dir, ['--out', 'first', 'briefs/good.md'], SERVER);
    expect(first.code, first.stderr).toBe(0);
    await until(async () => socketsNow().length === 1 && (await answers(path.join(sockets, socketsNow()[0]))), 30_000);
    for (const args of [['briefs/good.md'], ['briefs/bad.md'], ['--check', 'briefs'], ['--strict', 'briefs/good.md']]) {
      const served = runCli(dir, ['--out', 'served', ...args], SERVER);
      const alone = runCli(dir, ['--no-server', '--out', 'alone', ...args], SERVER);
      const same = (text: string) => text.replaceAll('alone', 'OUT').replace(/\d+ ms|\d+(\.\d+)? s\b/g, 'T');
      expect(served.code, args.join(' ')).toBe(alone.code);
      expect(same(served.stdout.replaceAll('served', 'alone'))).toBe(same(alone.stdout));
      expect(same(served.stderr.replaceAll('served', 'alone'))).toBe(same(alone.stderr));
    }
    expect(readFileSync(path.join(dir, 'served/good.pdf')).equals(readFileSync(path.join(dir, 'alone/good.pdf')))).toBe(
      true,
    );
    expect(existsSync(path.join(dir, 'served/bad.pdf'))).toBe(false);
    const stop = runCli(dir, ['--stop-server'], SERVER);
    expect(stop.stdout).toBe('The build server stopped.\n');
    await until(() => socketsNow().length === 0, 10_000);
    expect(runCli(dir, ['--stop-server'], SERVER).stdout).toBe('No build server is running.\n');
  }, 180_000);

  it('keeps its worker threads between commands, each taking up the command’s templates, repository and environment', async () => {
    const project = makeWorkspace({
      'briefs/one.md': briefText({ title: 'One' }),
      'briefs/two.md': briefText({ title: 'Two' }),
    });
    commitAll(project);
    const both = ['--force', '--jobs', '2', 'briefs/one.md', 'briefs/two.md'];
    expect(runCli(project, ['--out', 'first', 'briefs/one.md'], SERVER).code).toBe(0);
    await until(async () => socketsNow().length > 0 && (await answers(path.join(sockets, socketsNow()[0]))), 30_000);
    const same = (a: string, b: string) =>
      ['one.pdf', 'two.pdf'].every((pdf) =>
        readFileSync(path.join(project, a, pdf)).equals(readFileSync(path.join(project, b, pdf))),
      );
    for (const [round, epoch] of [
      [1, '1617000000'],
      [2, '1617100000'],
    ] as const) {
      const env = { ...SERVER, SOURCE_DATE_EPOCH: epoch };
      const served = runCli(project, ['--out', `served-${round}`, ...both], env);
      expect(served.code, served.stderr).toBe(0);
      expect(served.stderr).not.toContain('building in this process');
      expect(runCli(project, ['--no-server', '--out', `alone-${round}`, ...both], env).code).toBe(0);
      expect(same(`served-${round}`, `alone-${round}`), `round ${round}`).toBe(true);
      // And in the server's own thread, which keeps compiled templates while their files stay the same.
      for (const where of ['served', 'alone']) {
        const args = ['--force', '--out', `${where}-one-${round}`, 'briefs/one.md'];
        expect(runCli(project, where === 'served' ? args : ['--no-server', ...args], env).code).toBe(0);
      }
      const one = (where: string) => readFileSync(path.join(project, `${where}-one-${round}`, 'one.pdf'));
      expect(one('served').equals(one('alone')), `round ${round}, one brief`).toBe(true);
      // Between the commands: the template changes and is committed.
      const memo = path.join(project, 'templates/memo.hbs');
      writeFileSync(memo, readFileSync(memo, 'utf8').replace('{{{body}}}', '{{{body}}}\n\nA line the template adds.'));
      git(project, ['commit', '-q', '-am', 'The template adds a line']);
    }
    expect(same('served-1', 'served-2')).toBe(false);
    runCli(project, ['--stop-server'], SERVER);
  }, 180_000);

  it('draws a saved brief ahead, writing nothing, and the next command builds what its own process builds', async () => {
    const brief = (words: string) => briefText({ title: 'Saved', body: `## One\n\n${words}[^a]\n\n[^a]: A note.\n` });
    const project = makeWorkspace({ 'briefs/saved.md': brief('First words.') });
    commitAll(project);
    const file = path.join(project, 'briefs/saved.md');
    const before = socketsNow().length;
    expect(runCli(project, ['--out', 'served', 'briefs/saved.md'], SERVER).code).toBe(0);
    await until(async () => socketsNow().length > before, 30_000);
    /** Every file of the project but the brief and git's, with its size and time. */
    const files = () =>
      readdirSync(project, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && !path.join(e.parentPath, e.name).includes(`${path.sep}.git`))
        .map((e) => path.join(e.parentPath, e.name))
        .filter((f) => f !== file)
        .map((f) => `${f} ${statSync(f).size} ${statSync(f).mtimeMs}`)
        .sort();
    const builtAsAlone = (what: string) => {
      const served = runCli(project, ['--out', 'served', 'briefs/saved.md'], SERVER);
      expect(served.code, served.stderr).toBe(0);
      expect(served.stderr).not.toContain('building in this process');
      expect(runCli(project, ['--no-server', '--out', 'alone', 'briefs/saved.md'], SERVER).code).toBe(0);
      const pdf = (where: string) => readFileSync(path.join(project, where, 'saved.pdf'));
      expect(pdf('served').equals(pdf('alone')), what).toBe(true);
    };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // Saved, and drawn ahead while nobody asks: nothing is written until a command asks.
    const untouched = files();
    writeFileSync(file, brief('Second words.'));
    await pause(3000);
    expect(files()).toEqual(untouched);
    builtAsAlone('saved, then built');
    // Saved and committed after the drawing ahead: the version stamp is the commit's.
    writeFileSync(file, brief('Third words.'));
    await pause(3000);
    git(project, ['commit', '-q', '-am', 'Third words']);
    builtAsAlone('saved, committed, then built');
    // Saved twice at once, built at once.
    writeFileSync(file, brief('Fourth words.'));
    writeFileSync(file, brief('Fifth words.'));
    builtAsAlone('saved twice, built at once');
    runCli(project, ['--stop-server'], SERVER);
  }, 180_000);

  it('builds in its own process, saying so, when the server stops or hangs mid-command', async () => {
    // A first command names the socket; then a stand-in server takes its place.
    expect(runCli(dir, ['--out', 'first', 'briefs/good.md'], SERVER).code).toBe(0);
    await until(() => socketsNow().length === 1, 30_000);
    const socket = path.join(sockets, socketsNow()[0]);
    runCli(dir, ['--stop-server'], SERVER);
    await until(() => !existsSync(socket), 10_000);
    for (const [behaviour, said] of [
      ['closes', 'note: the build server stopped; building in this process instead.'],
      ['hangs', 'note: the build server did not answer; building in this process instead.'],
    ] as const) {
      const standIn = net.createServer((connection) => {
        connection.resume();
        if (behaviour === 'closes') connection.destroy();
      });
      await new Promise<void>((resolve) => standIn.listen(socket, resolve));
      // Not spawnSync: the stand-in answers from this process, which must keep running meanwhile.
      const run = await startCli(dir, ['--out', behaviour, 'briefs/good.md'], {
        ...SERVER,
        BRIEFING_SERVER_SILENCE: '500',
      }).done;
      await new Promise<void>((resolve) => standIn.close(() => resolve()));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(said);
      expect(existsSync(path.join(dir, behaviour, 'good.pdf'))).toBe(true);
    }
    runCli(dir, ['--stop-server'], SERVER);
  }, 120_000);

  it('is not used in CI, with --no-server, or from a socket folder others can open', () => {
    rmSync(sockets, { recursive: true, force: true });
    for (const [args, env] of [
      [['briefs/good.md'], { ...SERVER, CI: 'true' }],
      [['--no-server', 'briefs/good.md'], SERVER],
    ] as const) {
      expect(runCli(dir, ['--out', 'none', ...args], env).code).toBe(0);
      expect(socketsNow()).toEqual([]);
    }
    mkdirSync(sockets, { recursive: true });
    chmodSync(sockets, 0o755);
    expect(runCli(dir, ['--out', 'none', 'briefs/good.md'], SERVER).code).toBe(0);
    expect(socketsNow()).toEqual([]);
    rmSync(sockets, { recursive: true, force: true });
  }, 60_000);
});
