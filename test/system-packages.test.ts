/** scripts/system-packages.mjs: what `npm test` (pretest) and .ci/run install or advise before the tests. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensureSystemPackages,
  findChromium,
  installHint,
  REQUIREMENTS,
  type Requirement,
} from '../scripts/system-packages.mjs';

/** A requirement that is met once `installed` holds its packages. */
function fake(name: string, debian: string[], installed: Set<string>): Requirement {
  return { name, why: `the ${name} test`, debian, check: () => debian.every((p) => installed.has(p)) };
}

describe('system packages', () => {
  it('lists Java with PDFBox Preflight, and Chromium, with their Debian packages', () => {
    expect(REQUIREMENTS.map((r) => [r.name, r.debian])).toEqual([
      [
        'Java and PDFBox Preflight',
        ['default-jre-headless', 'libpdfbox2-java', 'libactivation-java', 'libjaxb-api-java'],
      ],
      ['Chromium', ['chromium']],
    ]);
    expect(installHint(REQUIREMENTS[0])).toContain(
      'apt-get install default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java',
    );
  });

  it('does nothing when everything is there', () => {
    const installed = new Set(['a', 'b']);
    const calls: string[][] = [];
    const code = ensureSystemPackages({
      requirements: [fake('A', ['a'], installed), fake('B', ['b'], installed)],
      canInstall: true,
      apt: (args) => calls.push(args),
      log: () => {},
    });
    expect([code, calls]).toEqual([0, []]);
  });

  it('as root on Debian, updates once and installs every missing package in one go', () => {
    const installed = new Set(['a']);
    const calls: string[][] = [];
    const code = ensureSystemPackages({
      requirements: [fake('A', ['a'], installed), fake('B', ['b1', 'b2'], installed), fake('C', ['c'], installed)],
      canInstall: true,
      apt: (args) => {
        calls.push(args);
        if (args[0] === 'install') for (const p of args.slice(3)) installed.add(p);
      },
      log: () => {},
    });
    expect(code).toBe(0);
    expect(calls).toEqual([
      ['update', '-qq'],
      ['install', '-y', '-qq', 'b1', 'b2', 'c'],
    ]);
  });

  it('fails when an install did not help, saying what is still missing', () => {
    const lines: string[] = [];
    const code = ensureSystemPackages({
      requirements: [fake('B', ['b'], new Set())],
      canInstall: true,
      apt: () => {},
      log: (line) => lines.push(line),
    });
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe('error: B is missing (the B test). Install it with: apt-get install b');
  });

  it('elsewhere installs nothing and says how to install what is missing', () => {
    const lines: string[] = [];
    const code = ensureSystemPackages({
      requirements: [fake('B', ['b'], new Set())],
      canInstall: false,
      apt: () => {
        throw new Error('must not run');
      },
      log: (line) => lines.push(line),
    });
    expect(code).toBe(0);
    expect(lines).toEqual(['note: B is missing (the B test). Install it with: apt-get install b']);
  });

  it('finds Chromium at CHROMIUM_PATH, else chromium, google-chrome or chromium-browser on the PATH, else says why not', () => {
    const files =
      (...present: string[]) =>
      (file: string) =>
        present.includes(file);
    const PATH = ['/opt/bin', '/usr/bin'].join(path.delimiter);
    expect(findChromium({ CHROMIUM_PATH: '/x/chrome', PATH }, files('/x/chrome', '/usr/bin/chromium'))).toEqual({
      path: '/x/chrome',
    });
    expect(findChromium({ CHROMIUM_PATH: '/x/chrome', PATH }, files('/usr/bin/chromium')).problem).toBe(
      'CHROMIUM_PATH is set to /x/chrome, which does not exist.',
    );
    expect(findChromium({ PATH }, files('/usr/bin/chromium', '/opt/bin/google-chrome'))).toEqual({
      path: '/usr/bin/chromium',
    });
    expect(findChromium({ PATH }, files('/usr/bin/chromium-browser', '/opt/bin/google-chrome'))).toEqual({
      path: '/opt/bin/google-chrome',
    });
    expect(findChromium({ PATH }, files('/usr/bin/chromium-browser'))).toEqual({ path: '/usr/bin/chromium-browser' });
    expect(findChromium({ PATH }, files()).problem).toBe(
      'No Chromium: CHROMIUM_PATH is not set and none of chromium, google-chrome, chromium-browser is on the PATH.',
    );
  });
});
