import { distance } from 'fastest-levenshtein';

/** "Did you mean …?" for a misspelt name, or undefined when nothing is close enough. */
export function didYouMean(given: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = given.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase) return `Did you mean "${exactCase}"?`;
  // A name is also scored against the start of each candidate ("fromat" is
  // close to "formatDate"); ties go to a candidate with the same first letter.
  const scored = candidates.map((candidate) => {
    const c = candidate.toLowerCase();
    const score = Math.min(distance(lower, c), distance(lower, c.slice(0, lower.length)));
    return { candidate, score: score - (c[0] === lower[0] ? 0.5 : 0) };
  });
  const best = scored.reduce((a, b) => (b.score < a.score ? b : a));
  const limit = Math.max(2, Math.floor(given.length / 3));
  return best.score <= limit ? `Did you mean "${best.candidate}"?` : undefined;
}
