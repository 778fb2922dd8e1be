#!/usr/bin/env node
// System programs the test suite needs beyond npm packages, checked before
// `npm test` (the `pretest` script) and by .ci/run. What is missing is
// installed when this runs as root on Debian (apt-get update once, then one
// quiet install); anywhere else it prints how to install it and the tests
// that need it fail with the same advice. Plain Node, no dependencies: it runs
// before anything else.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Debian's libpdfbox2-java, libactivation-java and libjaxb-api-java put their jars. */
export const PREFLIGHT_JARS = [
  'preflight.jar',
  'pdfbox2.jar',
  'fontbox2.jar',
  'xmpbox.jar',
  'commons-logging.jar',
  'javax.activation.jar',
  'jaxb-api.jar',
].map((jar) => path.join('/usr/share/java', jar));

/** Where `command` is on the PATH, or undefined. */
function which(command, env = process.env, exists = existsSync) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && exists(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

/** Is `command` on the PATH? */
function onPath(command) {
  return which(command) !== undefined;
}

/** Chromium's names on the PATH, in the order they are tried after CHROMIUM_PATH. */
export const CHROMIUM_COMMANDS = ['chromium', 'google-chrome', 'chromium-browser'];

/**
 * The Chromium the index-page test drives: CHROMIUM_PATH when it is set,
 * else the first of CHROMIUM_COMMANDS on the PATH. `path` is undefined when
 * there is none, and `problem` says why in a sentence.
 */
export function findChromium(env = process.env, exists = existsSync) {
  if (env.CHROMIUM_PATH) {
    return exists(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH }
      : { problem: `CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which does not exist.` };
  }
  for (const command of CHROMIUM_COMMANDS) {
    const found = which(command, env, exists);
    if (found) return { path: found };
  }
  return {
    problem: `No Chromium: CHROMIUM_PATH is not set and none of ${CHROMIUM_COMMANDS.join(', ')} is on the PATH.`,
  };
}

/**
 * Each requirement: what it is for, a check, and the Debian packages that
 * satisfy it. Add a line here for a new system dependency.
 */
export const REQUIREMENTS = [
  {
    name: 'Java and PDFBox Preflight',
    why: 'test/pdfa.test.ts validates PDF/A-1b files with PDFBox Preflight',
    check: () => onPath('java') && PREFLIGHT_JARS.every((jar) => existsSync(jar)),
    debian: ['default-jre-headless', 'libpdfbox2-java', 'libactivation-java', 'libjaxb-api-java'],
  },
  {
    name: 'Chromium',
    why: 'test/distribution.test.ts opens the index page in headless Chromium: CHROMIUM_PATH, else chromium, google-chrome or chromium-browser on the PATH',
    check: () => findChromium().path !== undefined,
    debian: ['chromium'],
  },
];

/** The advice printed, and given by failing tests, when something is missing. */
export function installHint(requirement) {
  return `${requirement.name} is missing (${requirement.why}). Install it with: apt-get install ${requirement.debian.join(' ')}`;
}

/** Root on Debian with apt-get: what this script may install by itself. */
export function canInstallHere() {
  return (
    process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/etc/debian_version') && onPath('apt-get')
  );
}

/** Runs apt-get quietly; its errors are shown when it fails. */
function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed:\n${result.stderr || result.error}`);
}

/**
 * Checks every requirement and installs what is missing when it can: one
 * `apt-get update`, then one install of every missing package. Returns the
 * exit code: 1 only when an install was tried and did not help.
 */
export function ensureSystemPackages({
  requirements = REQUIREMENTS,
  canInstall = canInstallHere(),
  apt = aptGet,
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  const missing = requirements.filter((requirement) => !requirement.check());
  if (!missing.length) return 0;
  if (!canInstall) {
    for (const requirement of missing) log(`note: ${installHint(requirement)}`);
    return 0;
  }
  const packages = missing.flatMap((requirement) => requirement.debian);
  log(`Installing ${missing.map((r) => r.name).join(', ')}: apt-get install ${packages.join(' ')}`);
  try {
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', ...packages]);
  } catch (error) {
    log(error.message);
    return 1;
  }
  const still = missing.filter((requirement) => !requirement.check());
  for (const requirement of still) log(`error: ${installHint(requirement)}`);
  return still.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = ensureSystemPackages();
