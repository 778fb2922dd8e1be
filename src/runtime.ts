/**
 * What this process has done so far, for the launcher (bin/load-bundle.cjs):
 * it keeps compiled code for the next run, and code compiled by a run that
 * rendered covers more of what a build needs.
 */
export const runtime = { rendered: false };
