import type { Day } from '../day';
import type { IssueSnapshot } from '../issue';
import { isActive, type Okrs } from '../okrs';
import { issueText, type IssueText } from './issue-text';
import { reasonFor } from './reason';
import { tokenize } from './tokenize';

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

/** One active key result's document: its term weights and the issues linked to it. */
export interface KrDocument {
  id: string;
  /** stem → term frequency while building, then tf·(k1 + 1) / (tf + k1). */
  weights: Map<string, number>;
  /** The linked issues in backlog order, for the reason's "like ENG-120". */
  linked: LinkedIssue[];
  /** stem → the indexes in `linked` of the issues using it; filled when a reason first asks. */
  linkedByStem: Map<string, number[]>;
}

export interface LinkedIssue {
  key: string;
  stems: ReadonlySet<string>;
}

/** The documents holding one stem: BM25's IDF relative to the highest possible (0..1). */
export interface Posting {
  idf: number;
  docs: number[];
  /** The saturated term weight in each of `docs`. */
  weights: number[];
}

/** A word of the issue that some key result's document holds. */
export interface IssueTerm {
  term: string;
  /** As the issue wrote it, for the reason. */
  word: string;
  posting: Posting;
}

export interface SuggestIndex {
  docs: KrDocument[];
  postings: Map<string, Posting>;
  stems: Map<string, string>;
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

export function buildIndex(input: SuggesterInput): SuggestIndex {
  const stems = new Map<string, string>();
  const docs: KrDocument[] = [];
  const byId = new Map<string, KrDocument>();
  for (const objective of input.okrs.objectives) {
    if (!isActive(objective, input.asOf)) {
      continue;
    }
    const objectiveTokens = tokenize(objective.title, stems);
    for (const kr of objective.keyResults) {
      const doc: KrDocument = {
        id: kr.id,
        weights: new Map(),
        linked: [],
        linkedByStem: new Map(),
      };
      for (const token of [...tokenize(kr.title, stems), ...objectiveTokens]) {
        doc.weights.set(token.stem, (doc.weights.get(token.stem) ?? 0) + TITLE_WEIGHT);
      }
      docs.push(doc);
      byId.set(kr.id, doc);
    }
  }

  for (const issue of input.issues) {
    const targets = new Set<KrDocument>();
    for (const id of issue.keyResults) {
      const doc = byId.get(id);
      if (doc) {
        targets.add(doc);
      }
    }
    if (targets.size === 0) {
      continue;
    }
    const tokens = tokenize(issueText(issue), stems);
    const linked = { key: issue.key, stems: new Set(tokens.map((t) => t.stem)) };
    for (const doc of targets) {
      for (const token of tokens) {
        doc.weights.set(token.stem, (doc.weights.get(token.stem) ?? 0) + 1);
      }
      doc.linked.push(linked);
    }
  }

  const postings: SuggestIndex['postings'] = new Map();
  docs.forEach((doc, d) => {
    for (const [term, tf] of doc.weights) {
      const weight = (tf * (BM25_K1 + 1)) / (tf + BM25_K1);
      doc.weights.set(term, weight);
      let posting = postings.get(term);
      if (!posting) {
        posting = { idf: 0, docs: [], weights: [] };
        postings.set(term, posting);
      }
      posting.docs.push(d);
      posting.weights.push(weight);
    }
  });
  const highest = idf(docs.length, 0);
  for (const posting of postings.values()) {
    posting.idf = idf(docs.length, posting.docs.length) / highest;
  }
  return { docs, postings, stems };
}

/** BM25's IDF, never negative: ln(1 + (N − df + 0.5) / (df + 0.5)). */
function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export function suggestFor(
  issue: IssueText,
  index: SuggestIndex,
  threshold: number = SUGGESTION_THRESHOLD,
): KrSuggestion[] {
  // Each distinct word counts once, shown in reasons as the issue first wrote it.
  const seen = new Set<string>();
  const terms: IssueTerm[] = [];
  for (const token of tokenize(issueText(issue), index.stems)) {
    if (!seen.has(token.stem)) {
      seen.add(token.stem);
      const posting = index.postings.get(token.stem);
      if (posting) {
        terms.push({ term: token.stem, word: token.word, posting });
      }
    }
  }

  // Only the key results sharing a word with the issue are ever touched.
  const evidence = new Float64Array(index.docs.length);
  for (const { posting } of terms) {
    for (let i = 0; i < posting.docs.length; i++) {
      const d = posting.docs[i] as number;
      evidence[d] = (evidence[d] as number) + posting.idf * (posting.weights[i] as number);
    }
  }

  const ranked: { doc: number; score: number }[] = [];
  evidence.forEach((e, doc) => {
    const score = e / (1 + e);
    if (e > 0 && score >= threshold) {
      ranked.push({ doc, score });
    }
  });
  // Best first; equal scores keep the OKR file's order, so the answer never depends on chance.
  ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return ranked.slice(0, MAX_SUGGESTIONS).map(({ doc, score }) => ({
    kr: (index.docs[doc] as KrDocument).id,
    score,
    reason: reasonFor(terms, index.docs[doc] as KrDocument),
  }));
}
