import type { Day } from '../day';
import type { IssueSnapshot } from '../issue';
import { isActive, type Okrs } from '../okrs';
import type { IssueText } from './issue-text';
import { reasonFor } from './reason';
import { Vocabulary } from './vocabulary';

/** One suggested key result for an unlinked issue. */
export interface KrSuggestion {
  /** The key result's id. */
  kr: string;
  /**
   * 0..1: E / (1 + E), where E is the BM25 evidence the issue shares with the key result's
   * work, counted in units of the rarest possible word. 0.5 is the bar for being suggested.
   */
  score: number;
  /** What a person can check: "shares: template, gallery · like ENG-120, ENG-103". */
  reason: string;
}

export interface SuggesterInput {
  okrs: Okrs;
  /**
   * The backlog (or any issues): each one linked to an active key result teaches the
   * suggester what that key result's work looks like, whatever its status or type.
   */
  issues: readonly (IssueText & Pick<IssueSnapshot, 'keyResults'>)[];
  asOf: Day;
}

export interface Suggester {
  /** Up to 3 active key results for the issue, best first; [] when none is relevant enough. */
  suggest(issue: IssueText): KrSuggestion[];
}

/**
 * Okapi BM25's term saturation: a word's weight grows with how often the key result's work
 * uses it, but never past k1 + 1, so a key result with many linked issues cannot win by volume.
 * Document-length normalisation is off (b = 0): a key result's document grows with every issue
 * linked to it, and with b > 0 linking an issue would lower the key result's score for issues
 * just like it — the opposite of learning.
 */
export const BM25_K1 = 1.2;
/**
 * The key result's and objective's titles count as this many linked issues: they say what the
 * key result is about before anything is linked to it.
 */
export const TITLE_WEIGHT = 2;
/**
 * Below this score nothing is suggested: a wrong suggestion costs more than none. 0.5 means
 * evidence E = 1, about two words only this key result's work uses, or one it uses often. Tuned
 * on examples/suggestions/ (see `npm run bench`); 0.47–0.52 give the same figures there.
 */
export const SUGGESTION_THRESHOLD = 0.5;
export const MAX_SUGGESTIONS = 3;

/**
 * Every active key result is a document (d = 0, 1, … in the OKR file's order): its title, its
 * objective's title and the text of the issues linked to it. Stems are integer ids (see
 * `Vocabulary`) and the postings are flat typed arrays, so scoring an issue allocates almost
 * nothing and touches only the documents sharing a stem with it.
 */
export interface SuggestIndex {
  vocabulary: Vocabulary;
  /** Document d's key result id. */
  krIds: string[];
  /** Document d's linked issues' keys, in backlog order: a reason's "like ENG-120". */
  linkedKeys: string[][];
  /**
   * The postings of stem s are the entries postingStart[s] ..< postingStart[s + 1], documents
   * ascending: for entry p, the document postingDoc[p] and postingWeight[p], BM25's IDF
   * relative to the highest possible (0..1) times the saturated term weight tf·(k1 + 1)/(tf + k1).
   */
  postingStart: Int32Array;
  postingDoc: Int32Array;
  postingWeight: Float64Array;
  /** Stem s's IDF relative to the highest possible (0..1). */
  idf: Float64Array;
  /**
   * For entry p (a stem in a document), the positions in linkedKeys of the document's linked
   * issues using the stem, ascending: linkAt[linkStart[p] ..< linkStart[p + 1]].
   */
  linkStart: Int32Array;
  linkAt: Int32Array;
  /** Scratch for one call of suggestFor at a time, zero (or stale stamps) between calls. */
  scratch: {
    /** seen[s] === query: the issue being scored has already used stem s. */
    seen: Float64Array;
    query: number;
    evidence: Float64Array;
    /** The documents the issue being scored shares a stem with: touched[0 ..< count]. */
    touched: Int32Array;
  };
}

/**
 * Builds the suggester for a workspace on a day: every active key result becomes a document of
 * its own title, its objective's title and the text of the issues linked to it, indexed once so
 * each issue is scored only against the key results that share a word with it.
 *
 * @example
 * const suggester = buildSuggester({ okrs, issues: backlog, asOf: '2026-11-15' });
 * suggester.suggest({ key: 'ENG-140', title: 'More templates for video agencies', labels: [] });
 * // [{ kr: 'O1-KR3', score: 0.74, reason: 'shares: templates, video · like ENG-103' }]
 */
export function buildSuggester(
  input: SuggesterInput,
  threshold: number = SUGGESTION_THRESHOLD,
): Suggester {
  const index = buildIndex(input);
  return { suggest: (issue) => suggestFor(issue, index, threshold) };
}

function buildIndex(input: SuggesterInput): SuggestIndex {
  const vocabulary = new Vocabulary();
  const krIds: string[] = [];
  /** Document d's title stems: the key result's, then its objective's. */
  const titles: number[][] = [];
  const byId = new Map<string, number>();
  for (const objective of input.okrs.objectives) {
    if (!isActive(objective, input.asOf)) {
      continue;
    }
    const objectiveIds = vocabulary.idsOf(objective.title);
    for (const kr of objective.keyResults) {
      byId.set(kr.id, krIds.length);
      krIds.push(kr.id);
      titles.push([...vocabulary.idsOf(kr.title), ...objectiveIds]);
    }
  }
  const docCount = krIds.length;

  // The linked issues' stems, read once whatever the number of key results they serve: issue
  // i's are tokens[tokenStart[i] ..< tokenStart[i + 1]].
  const tokens: number[] = [];
  const tokenStart: number[] = [0];
  const linkedKey: string[] = [];
  /** Document d's linked issues, as indexes i, in backlog order. */
  const linkedOf: number[][] = krIds.map(() => []);
  const targets: number[] = [];
  // Indexed loops here and below: this runs once per plan over every issue, mostly before the
  // function is optimised, when each step of a for-of allocates.
  const { issues } = input;
  for (let n = 0; n < issues.length; n++) {
    const issue = issues[n] as SuggesterInput['issues'][number];
    targets.length = 0;
    const ids = issue.keyResults;
    for (let k = 0; k < ids.length; k++) {
      const d = byId.get(ids[k] as string);
      if (d !== undefined && !targets.includes(d)) {
        targets.push(d);
      }
    }
    if (targets.length === 0) {
      continue;
    }
    for (let t = 0; t < targets.length; t++) {
      (linkedOf[targets[t] as number] as number[]).push(linkedKey.length);
    }
    vocabulary.issueIdsOf(issue, tokens);
    tokenStart.push(tokens.length);
    linkedKey.push(issue.key);
  }
  vocabulary.freeze();
  const stemCount = vocabulary.size;

  // Each document's term frequencies (integers: titles count TITLE_WEIGHT, linked issues 1 a
  // use) and how many of its linked issues use each stem, summed in scratch arrays.
  const tf = new Float64Array(stemCount);
  const users = new Int32Array(stemCount);
  /** stamp[s] === mark: the linked issue being read has already used stem s. */
  const stamp = new Int32Array(stemCount);
  let mark = 0;
  const df = new Int32Array(stemCount);
  const docStems: Int32Array[] = [];
  const docWeights: Float64Array[] = [];
  const docUsers: Int32Array[] = [];
  let entries = 0;
  for (let d = 0; d < docCount; d++) {
    const touched: number[] = [];
    for (const s of titles[d] as number[]) {
      if (tf[s] === 0) {
        touched.push(s);
      }
      tf[s] = (tf[s] as number) + TITLE_WEIGHT;
    }
    const linked = linkedOf[d] as number[];
    for (let position = 0; position < linked.length; position++) {
      const i = linked[position] as number;
      mark++;
      const end = tokenStart[i + 1] as number;
      for (let t = tokenStart[i] as number; t < end; t++) {
        const s = tokens[t] as number;
        if (tf[s] === 0) {
          touched.push(s);
        }
        tf[s] = (tf[s] as number) + 1;
        if (stamp[s] !== mark) {
          stamp[s] = mark;
          users[s] = (users[s] as number) + 1;
        }
      }
    }
    const stems = Int32Array.from(touched);
    const weights = new Float64Array(stems.length);
    const using = new Int32Array(stems.length);
    for (let k = 0; k < stems.length; k++) {
      const s = stems[k] as number;
      const f = tf[s] as number;
      weights[k] = (f * (BM25_K1 + 1)) / (f + BM25_K1);
      using[k] = users[s] as number;
      df[s] = (df[s] as number) + 1;
      tf[s] = 0;
      users[s] = 0;
    }
    docStems.push(stems);
    docWeights.push(weights);
    docUsers.push(using);
    entries += stems.length;
  }

  const idfs = new Float64Array(stemCount);
  const highest = idf(docCount, 0);
  const postingStart = new Int32Array(stemCount + 1);
  for (let s = 0; s < stemCount; s++) {
    idfs[s] = idf(docCount, df[s] as number) / highest;
    postingStart[s + 1] = (postingStart[s] as number) + (df[s] as number);
  }
  const next = postingStart.slice(0, stemCount);
  const postingDoc = new Int32Array(entries);
  const postingWeight = new Float64Array(entries);
  const linkStart = new Int32Array(entries + 1);
  /** Document d's entries, aligned with docStems[d]. */
  const docEntries: Int32Array[] = [];
  for (let d = 0; d < docCount; d++) {
    const stems = docStems[d] as Int32Array;
    const weights = docWeights[d] as Float64Array;
    const using = docUsers[d] as Int32Array;
    const at = new Int32Array(stems.length);
    for (let k = 0; k < stems.length; k++) {
      const s = stems[k] as number;
      const p = next[s] as number;
      next[s] = p + 1;
      postingDoc[p] = d;
      postingWeight[p] = (idfs[s] as number) * (weights[k] as number);
      linkStart[p + 1] = using[k] as number;
      at[k] = p;
    }
    docEntries.push(at);
  }
  for (let p = 0; p < entries; p++) {
    linkStart[p + 1] = (linkStart[p + 1] as number) + (linkStart[p] as number);
  }

  // Which linked issues use each stem of a document, for the reasons' "like ENG-120".
  const linkAt = new Int32Array(linkStart[entries] as number);
  const fill = linkStart.slice(0, entries);
  const entryOf = new Int32Array(stemCount);
  for (let d = 0; d < docCount; d++) {
    const at = docEntries[d] as Int32Array;
    const stems = docStems[d] as Int32Array;
    for (let k = 0; k < stems.length; k++) {
      entryOf[stems[k] as number] = at[k] as number;
    }
    const linked = linkedOf[d] as number[];
    for (let position = 0; position < linked.length; position++) {
      const i = linked[position] as number;
      mark++;
      const end = tokenStart[i + 1] as number;
      for (let t = tokenStart[i] as number; t < end; t++) {
        const s = tokens[t] as number;
        if (stamp[s] !== mark) {
          stamp[s] = mark;
          const p = entryOf[s] as number;
          linkAt[fill[p] as number] = position;
          fill[p] = (fill[p] as number) + 1;
        }
      }
    }
  }

  return {
    vocabulary,
    krIds,
    linkedKeys: linkedOf.map((linked) => linked.map((i) => linkedKey[i] as string)),
    postingStart,
    postingDoc,
    postingWeight,
    idf: idfs,
    linkStart,
    linkAt,
    scratch: {
      seen: new Float64Array(stemCount),
      query: 0,
      evidence: new Float64Array(docCount),
      touched: new Int32Array(docCount),
    },
  };
}

/** BM25's IDF, never negative: ln(1 + (N − df + 0.5) / (df + 0.5)). */
function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function suggestFor(
  issue: IssueText,
  index: SuggestIndex,
  threshold: number = SUGGESTION_THRESHOLD,
): KrSuggestion[] {
  const { vocabulary, postingStart, postingDoc, postingWeight, scratch } = index;
  // Each distinct stem the key results use counts once, shown in reasons as first written.
  const query = ++scratch.query;
  const { seen, evidence, touched } = scratch;
  const terms: number[] = [];
  const words: string[] = [];
  vocabulary.scanIssue(issue, (s, word) => {
    if (seen[s] !== query) {
      seen[s] = query;
      if ((postingStart[s] as number) < (postingStart[s + 1] as number)) {
        terms.push(s);
        words.push(word);
      }
    }
  });

  // Only the key results sharing a word with the issue are ever touched.
  let touchedCount = 0;
  for (const s of terms) {
    const end = postingStart[s + 1] as number;
    for (let p = postingStart[s] as number; p < end; p++) {
      const d = postingDoc[p] as number;
      if (evidence[d] === 0) {
        touched[touchedCount++] = d;
      }
      evidence[d] = (evidence[d] as number) + (postingWeight[p] as number);
    }
  }

  // Best first; equal scores keep the OKR file's order, so the answer never depends on chance.
  const best: number[] = [];
  const bestScore: number[] = [];
  for (let t = 0; t < touchedCount; t++) {
    const d = touched[t] as number;
    const e = evidence[d] as number;
    evidence[d] = 0;
    const score = e / (1 + e);
    if (!(e > 0 && score >= threshold)) {
      continue;
    }
    let place = best.length;
    while (place > 0) {
      const above = bestScore[place - 1] as number;
      if (score > above || (score === above && d < (best[place - 1] as number))) {
        place--;
      } else {
        break;
      }
    }
    if (place < MAX_SUGGESTIONS) {
      for (let n = Math.min(best.length, MAX_SUGGESTIONS - 1); n > place; n--) {
        best[n] = best[n - 1] as number;
        bestScore[n] = bestScore[n - 1] as number;
      }
      best[place] = d;
      bestScore[place] = score;
    }
  }
  return best.map((d, i) => ({
    kr: index.krIds[d] as string,
    score: bestScore[i] as number,
    reason: reasonFor(index, d, terms, words),
  }));
}
