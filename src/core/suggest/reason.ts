import type { SuggestIndex } from './build-suggester';

/** Shared words a reason names, and linked issues: those that use most of the named words. */
const REASON_WORDS = 3;
const REASON_ISSUES = 2;

/**
 * Why key result `d` was suggested, in terms a person can check against the issue: the shared
 * words that weighed most, then the linked issues that use most of those words (weighted by
 * rarity; ties keep backlog order) — open them and the words are there. `terms` are the issue's
 * distinct stems that some key result uses, `words` each one as the issue first wrote it.
 *
 * @example 'shares: template, gallery · like ENG-120, ENG-103'
 */
export function reasonFor(
  index: SuggestIndex,
  d: number,
  terms: readonly number[],
  words: readonly string[],
): string {
  // The words that weighed most for this key result: idf × saturated term weight; equal
  // weights in alphabetical order. named[n] is an index into terms.
  const named: number[] = [];
  const namedEntry: number[] = [];
  const namedWeight: number[] = [];
  for (let t = 0; t < terms.length; t++) {
    const p = entryOf(index, terms[t] as number, d);
    const weight = p < 0 ? 0 : (index.postingWeight[p] as number);
    if (!(weight > 0)) {
      continue;
    }
    const word = words[t] as string;
    let place = named.length;
    while (place > 0) {
      const above = namedWeight[place - 1] as number;
      if (
        weight > above ||
        (weight === above && word < (words[named[place - 1] as number] as string))
      ) {
        place--;
      } else {
        break;
      }
    }
    if (place < REASON_WORDS) {
      // Shift the lower ones down, the last one falling off once there are REASON_WORDS.
      for (let n = Math.min(named.length, REASON_WORDS - 1); n > place; n--) {
        named[n] = named[n - 1] as number;
        namedEntry[n] = namedEntry[n - 1] as number;
        namedWeight[n] = namedWeight[n - 1] as number;
      }
      named[place] = t;
      namedEntry[place] = p;
      namedWeight[place] = weight;
    }
  }

  // The linked issues using the named words, each word counting its IDF (added in the named
  // words' order); ties in backlog order. The lists of users are ascending: merge them.
  const cursor: number[] = [];
  const end: number[] = [];
  const idf: number[] = [];
  for (let n = 0; n < named.length; n++) {
    const p = namedEntry[n] as number;
    cursor.push(index.linkStart[p] as number);
    end.push(index.linkStart[p + 1] as number);
    idf.push(index.idf[terms[named[n] as number] as number] as number);
  }
  // What an issue using every named word weighs: no issue weighs more (adding positive
  // numbers in the same order, rounding never makes a subset weigh more than the whole).
  let most = 0;
  for (const weight of idf) {
    most += weight;
  }
  const like: number[] = [];
  const likeWeight: number[] = [];
  // Once REASON_ISSUES issues weigh the most, no later one can pass them: stop there.
  while (like.length < REASON_ISSUES || (likeWeight[REASON_ISSUES - 1] as number) < most) {
    let at = -1;
    for (let n = 0; n < cursor.length; n++) {
      if ((cursor[n] as number) < (end[n] as number)) {
        const user = index.linkAt[cursor[n] as number] as number;
        if (at < 0 || user < at) {
          at = user;
        }
      }
    }
    if (at < 0) {
      break;
    }
    let weight = 0;
    for (let n = 0; n < cursor.length; n++) {
      const c = cursor[n] as number;
      if (c < (end[n] as number) && index.linkAt[c] === at) {
        weight += idf[n] as number;
        cursor[n] = c + 1;
      }
    }
    // Backlog order: a later issue must weigh strictly more to pass an earlier one.
    let place = like.length;
    while (place > 0 && weight > (likeWeight[place - 1] as number)) {
      place--;
    }
    if (place < REASON_ISSUES) {
      for (let n = Math.min(like.length, REASON_ISSUES - 1); n > place; n--) {
        like[n] = like[n - 1] as number;
        likeWeight[n] = likeWeight[n - 1] as number;
      }
      like[place] = at;
      likeWeight[place] = weight;
    }
  }

  const reason = `shares: ${named.map((t) => words[t] as string).join(', ')}`;
  const keys = index.linkedKeys[d] as string[];
  return like.length > 0
    ? `${reason} · like ${like.map((at) => keys[at] as string).join(', ')}`
    : reason;
}

/** The entry of stem s in document d's postings, or -1 when d does not use s. */
function entryOf(index: SuggestIndex, s: number, d: number): number {
  const start = index.postingStart[s] as number;
  const last = (index.postingStart[s + 1] as number) - 1;
  // A stem most documents use (the common case) holds document d at or just before start + d.
  let high = Math.min(start + d, last);
  const doc = index.postingDoc[high] as number;
  if (doc === d) {
    return high;
  }
  if (doc < d) {
    return -1;
  }
  high--;
  let low = start;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const doc = index.postingDoc[mid] as number;
    if (doc === d) {
      return mid;
    }
    if (doc < d) {
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return -1;
}
