export interface Requirement {
  name: string;
  why: string;
  check(): boolean;
  debian: string[];
}
export const PREFLIGHT_JARS: string[];
export const REQUIREMENTS: Requirement[];
export function installHint(requirement: Requirement): string;
export function canInstallHere(): boolean;
export const CHROMIUM_COMMANDS: string[];
export function findChromium(
  env?: Record<string, string | undefined>,
  exists?: (file: string) => boolean,
): { path: string; problem?: undefined } | { path?: undefined; problem: string };
export function ensureSystemPackages(options?: {
  requirements?: Requirement[];
  canInstall?: boolean;
  apt?: (args: string[]) => void;
  log?: (line: string) => void;
}): number;
