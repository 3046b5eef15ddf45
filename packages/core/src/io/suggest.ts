/**
 * "Did you mean …?" for unknown field names and ids: the closest known name by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours, case ignored), when it is close
 * enough to be a typo.
 */

/** Optimal-string-alignment distance between a and b. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/**
 * The candidate closest to `word` if it is within typo distance (about a third of its length); an
 * abbreviation (`ucie_std` for `ucie_standard`: the word's letters in order) comes first.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const list = [...candidates];
  if (w.length >= 4) {
    const abbreviated = list
      .filter((c) => c !== word && isSubsequence(w, c.toLowerCase()))
      .sort((x, y) => x.length - y.length)[0];
    if (abbreviated !== undefined) return abbreviated;
  }
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of list) {
    if (c === word) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** `; did you mean "x"?` for the closest candidate, or '' when none is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closestName(word, candidates);
  return c === undefined ? '' : `; did you mean ${JSON.stringify(c)}?`;
}

/** A found id for an issue: the id quoted, with a suggestion when one is close. */
export function unknownId(word: string, candidates: Iterable<string>): string {
  return `${JSON.stringify(word)}${didYouMean(word, candidates)}`;
}
