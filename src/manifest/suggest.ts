// "did you mean" suggestions: the closest candidate by edit distance, when close enough
// to be a typo rather than a different name.

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The closest candidate within a third of the word's length (at least 1, at most 3 edits).
 * For emails only the local part counts, so "zed@x.com" does not suggest "ada@x.com".
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const at = word.indexOf('@');
  const significant = at > 0 ? at : word.length;
  const limit = at > 0 ? Math.min(2, Math.max(1, Math.floor(significant / 2))) : Math.min(3, Math.max(1, Math.floor(significant / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const suggestion = closest(word, candidates);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
