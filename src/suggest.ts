import { closest, distance } from 'fastest-levenshtein';

/** "Did you mean …?" for a misspelt name, or undefined when nothing is close enough. */
export function didYouMean(given: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = given.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase) return `Did you mean "${exactCase}"?`;
  const best = closest(
    lower,
    candidates.map((c) => c.toLowerCase()),
  );
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  const limit = Math.max(2, Math.floor(given.length / 3));
  return distance(lower, best) <= limit ? `Did you mean "${candidates[index]}"?` : undefined;
}
