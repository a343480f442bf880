import type { IssueTerm, KrDocument } from './build-suggester';

/** Shared words a reason names, and linked issues: those that use most of the named words. */
const REASON_WORDS = 3;
const REASON_ISSUES = 2;

/**
 * Why a key result was suggested, in terms a person can check against the issue: the shared
 * words that weighed most, then the linked issues that use most of those words (weighted by
 * rarity; ties keep backlog order) — open them and the words are there.
 *
 * @example 'shares: template, gallery · like ENG-120, ENG-103'
 */
export function reasonFor(terms: readonly IssueTerm[], doc: KrDocument): string {
  // The words that weighed most for this key result: idf × saturated term weight.
  const named: { term: IssueTerm; weight: number }[] = [];
  for (const term of terms) {
    const weight = term.posting.idf * (doc.weights.get(term.term) ?? 0);
    if (weight > 0) {
      insertTop(named, { term, weight }, REASON_WORDS, (a, b) => byWeightThenWord(a, b) < 0);
    }
  }

  const likeness = new Float64Array(doc.linked.length);
  for (const { term } of named) {
    for (const at of linkedUsing(doc, term.term)) {
      likeness[at] = (likeness[at] as number) + term.posting.idf;
    }
  }
  const like: number[] = [];
  likeness.forEach((weight, at) => {
    if (weight > 0) {
      insertTop(
        like,
        at,
        REASON_ISSUES,
        (a, b) => (likeness[a] as number) > (likeness[b] as number),
      );
    }
  });

  const reason = `shares: ${named.map((n) => n.term.word).join(', ')}`;
  return like.length > 0
    ? `${reason} · like ${like.map((at) => (doc.linked[at] as { key: string }).key).join(', ')}`
    : reason;
}

function byWeightThenWord(
  a: { term: IssueTerm; weight: number },
  b: { term: IssueTerm; weight: number },
): number {
  return (
    b.weight - a.weight || (a.term.word < b.term.word ? -1 : a.term.word > b.term.word ? 1 : 0)
  );
}

/** Keeps `top` the best `count` items, best first; `before(a, b)` says a ranks strictly above b. */
function insertTop<T>(top: T[], item: T, count: number, before: (a: T, b: T) => boolean): void {
  let place = top.length;
  while (place > 0 && before(item, top[place - 1] as T)) {
    place--;
  }
  if (place < count) {
    top.splice(place, 0, item);
    top.length = Math.min(top.length, count);
  }
}

/** The linked issues using a stem, found once per key result and stem, then remembered. */
function linkedUsing(doc: KrDocument, term: string): number[] {
  let users = doc.linkedByStem.get(term);
  if (users === undefined) {
    users = [];
    doc.linked.forEach((issue, at) => {
      if (issue.stems.has(term)) {
        (users as number[]).push(at);
      }
    });
    doc.linkedByStem.set(term, users);
  }
  return users;
}
