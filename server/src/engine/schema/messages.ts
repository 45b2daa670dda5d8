/** Levenshtein distance, bounded: stops early once the distance exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate within a distance that grows with the word's length, as ESLint and tsc suggest. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const max = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const c of candidates) {
    const d = c.toLowerCase().startsWith(word.toLowerCase()) && word.length >= 3 ? 1 : editDistance(word, c, max);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

export function formatList(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => (v === null ? 'null' : String(v)));
  return values.length > 12 ? `${shown.join(', ')}, …` : shown.join(', ');
}
