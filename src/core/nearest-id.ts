/**
 * The known id a mistyped one most likely meant: same letters ignoring case, or at most two
 * edits away, where swapping a zero and the letter O costs nothing ("01-KR1" → "O1-KR1").
 * A tie ("O1-KR4" is one edit from O1-KR1, O1-KR2 and O1-KR3) suggests nothing: a wrong
 * hint is worse than none.
 */
export function nearestId(wanted: string, known: readonly string[]): string | null {
  const target = fold(wanted);
  let best: string | null = null;
  let bestDistance = 3;
  let tied = false;
  for (const id of known) {
    const distance = editDistance(target, fold(id), bestDistance + 1);
    if (distance < bestDistance) {
      best = id;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance && best !== null) {
      tied = true;
    }
  }
  return tied ? null : best;
}

function fold(id: string): string {
  return id.toUpperCase().replace(/0/g, 'O');
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot beat `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) {
    return limit;
  }
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) {
      return limit;
    }
    previous = row;
  }
  return Math.min(previous[b.length] ?? limit, limit);
}
