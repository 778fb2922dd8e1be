/** scripts/system-packages.mjs: what `npm test` (pretest) and .ci/run install or advise before the tests. */
import { describe, expect, it } from 'vitest';
import { ensureSystemPackages, installHint, REQUIREMENTS, type Requirement } from '../scripts/system-packages.mjs';

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
});
